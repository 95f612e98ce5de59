// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IVerifiedInferenceProofVerifier} from "./IVerifiedInferenceProofVerifier.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title IInferenceRegistry
/// @notice Hub record of verified inference jobs. An inference job's input commitment is
/// Poseidon(modelCommitment, Poseidon(x)); once the job has settled, anyone (the node's agent does) submits the
/// job's VerifiedInference proof, which is checked against the job's *settled* output commitment and its input
/// commitment: a recorded job's settled output is proven to be f(x) with the committed weights.
interface IInferenceRegistry {
    struct Attestation {
        uint256 modelCommitment;
        uint256 xCommitment;
        uint256 outputCommitment;
        /// @dev The verifier version the proof was checked with (see `verifierAt`).
        uint32 verifierVersion;
    }

    /// @notice The job has no settled output commitment on the hub.
    error InferenceRegistryJobNotSettled(uint256 jobId);
    /// @notice Poseidon(modelCommitment, xCommitment) is not the job's input commitment.
    error InferenceRegistryNotJobInput(uint256 jobId, uint256 inputCommitment);
    /// @notice The job's inference is already recorded.
    error InferenceRegistryAlreadyAttested(uint256 jobId);
    /// @notice The verifier address is zero.
    error InferenceRegistryZeroVerifier();
    /// @notice No verifier has this version.
    error InferenceRegistryUnknownVerifierVersion(uint32 version);

    /// @notice `jobId`'s settled output commitment was proven to be model `modelCommitment` applied to its input.
    event InferenceVerified(uint256 indexed jobId, uint256 indexed modelCommitment, uint256 outputCommitment);
    /// @notice Governance installed verifier `version`; new attestations use it, old ones keep theirs.
    event VerifierSet(uint32 indexed version, address verifier);

    /// @notice Records `jobId` as verified inference: reverts unless the job has settled, its input commitment is
    /// Poseidon(modelCommitment, xCommitment) and `proof` verifies for [settled output, model, x].
    function attest(
        uint256 jobId,
        uint256 modelCommitment,
        uint256 xCommitment,
        Groth16Proof calldata proof
    ) external;

    /// @notice The attestation of `jobId` (all zero if none).
    function attestation(uint256 jobId) external view returns (Attestation memory);

    /// @notice Installs a new VerifiedInference verifier as the next version (owner = DAO Timelock).
    function setVerifier(IVerifiedInferenceProofVerifier verifier) external;

    /// @notice The current verifier version (1 = the constructor's).
    function verifierVersion() external view returns (uint32);

    /// @notice The verifier of `version`.
    function verifierAt(uint32 version) external view returns (IVerifiedInferenceProofVerifier);
}
