// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {TimelockOwned} from "./governance/TimelockOwned.sol";
import {IInferenceRegistry} from "../interfaces/IInferenceRegistry.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {IPoseidonT3} from "../interfaces/IPoseidonT3.sol";
import {IVerifiedInferenceProofVerifier} from "../interfaces/IVerifiedInferenceProofVerifier.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title InferenceRegistry
/// @notice Binds a settled inference job's output commitment to its VerifiedInference proof; see
/// {IInferenceRegistry} and docs/zk.md.
contract InferenceRegistry is IInferenceRegistry, TimelockOwned {
    IJobMarket private immutable _market;
    IPoseidonT3 private immutable _hasher;
    IVerifiedInferenceProofVerifier[] private _verifiers;
    mapping(uint256 jobId => Attestation) private _attestations;

    /// @param market The hub's JobMarket (settled output and input commitments).
    /// @param hasher Poseidon(2), the same hasher as ModelRegistry's.
    /// @param verifier The VerifiedInference proof verifier (version 1).
    /// @param owner_ The DAO Timelock.
    constructor(
        IJobMarket market,
        IPoseidonT3 hasher,
        IVerifiedInferenceProofVerifier verifier,
        address owner_
    ) Ownable(owner_) {
        _market = market;
        _hasher = hasher;
        _setVerifier(verifier);
    }

    /// @inheritdoc IInferenceRegistry
    function attest(
        uint256 jobId,
        uint256 modelCommitment,
        uint256 xCommitment,
        Groth16Proof calldata proof
    ) external {
        if (_attestations[jobId].outputCommitment != 0) revert InferenceRegistryAlreadyAttested(jobId);
        uint256 output = _market.verifiedOutputCommitment(jobId);
        if (output == 0) revert InferenceRegistryJobNotSettled(jobId);
        uint256 input = _market.job(jobId).inputCommitment;
        if (_hasher.poseidon([modelCommitment, xCommitment]) != input) {
            revert InferenceRegistryNotJobInput(jobId, input);
        }
        uint32 version = uint32(_verifiers.length);
        _verifiers[version - 1].verify(proof, [output, modelCommitment, xCommitment]);
        _attestations[jobId] = Attestation(modelCommitment, xCommitment, output, version);
        emit InferenceVerified(jobId, modelCommitment, output);
    }

    /// @inheritdoc IInferenceRegistry
    function attestation(uint256 jobId) external view returns (Attestation memory) {
        return _attestations[jobId];
    }

    /// @inheritdoc IInferenceRegistry
    function setVerifier(IVerifiedInferenceProofVerifier verifier) external onlyOwner {
        _setVerifier(verifier);
    }

    /// @inheritdoc IInferenceRegistry
    function verifierVersion() external view returns (uint32) {
        return uint32(_verifiers.length);
    }

    /// @inheritdoc IInferenceRegistry
    function verifierAt(uint32 version) external view returns (IVerifiedInferenceProofVerifier) {
        if (version == 0 || version > _verifiers.length)
            revert InferenceRegistryUnknownVerifierVersion(version);
        return _verifiers[version - 1];
    }

    function _setVerifier(IVerifiedInferenceProofVerifier verifier) private {
        if (address(verifier) == address(0)) revert InferenceRegistryZeroVerifier();
        _verifiers.push(verifier);
        emit VerifierSet(uint32(_verifiers.length), address(verifier));
    }
}
