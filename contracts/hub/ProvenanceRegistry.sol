// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {TimelockOwned} from "./governance/TimelockOwned.sol";
import {IAigcProvenanceProofVerifier} from "../interfaces/IAigcProvenanceProofVerifier.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {IJobOutputSource} from "../interfaces/IJobOutputSource.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IProvenanceRegistry} from "../interfaces/IProvenanceRegistry.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title ProvenanceRegistry
/// @notice Hub registry of AIGC provenance records, each backed by an AigcProvenance proof and a settled job
/// whose verified output is the content; see {IProvenanceRegistry} and docs/zk.md for the trust model.
contract ProvenanceRegistry is IProvenanceRegistry, TimelockOwned {
    uint256 public constant MAX_PARENTS = 16;
    uint256 internal constant FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    IModelRegistry private immutable _models;
    IAigcProvenanceProofVerifier[] private _verifiers;
    IJobOutputSource private _jobOutputs;
    mapping(uint256 recordId => Record) private _records;
    mapping(uint256 contentCommitment => uint256 recordId) private _byContent;
    mapping(uint256 recordId => mapping(address account => bool)) private _holders;
    uint256 private _count;

    /// @param models The approved-model registry whose root the proofs use.
    /// @param verifier The AigcProvenance proof verifier (version 1).
    /// @param owner_ The DAO Timelock.
    constructor(
        IModelRegistry models,
        IAigcProvenanceProofVerifier verifier,
        address owner_
    ) Ownable(owner_) {
        _models = models;
        _setVerifier(verifier);
    }

    /// @inheritdoc IProvenanceRegistry
    function register(
        RecordInput calldata input,
        Groth16Proof calldata proof
    ) external returns (uint256 recordId) {
        uint32 version = uint32(_verifiers.length);
        _verifiers[version - 1].verify(proof, _publicSignals(input));

        recordId = ++_count;
        _byContent[input.contentCommitment] = recordId;
        _holders[recordId][msg.sender] = true;
        _records[recordId] = Record({
            contentCommitment: input.contentCommitment,
            modelId: input.modelId,
            creatorCommitment: input.creatorCommitment,
            promptCommitment: input.promptCommitment,
            linkedJobId: input.linkedJobId,
            parents: input.parents,
            createdAt: uint64(block.timestamp),
            verifierVersion: version,
            registrant: msg.sender
        });
        emit RecordRegistered(
            recordId,
            input.contentCommitment,
            input.modelId,
            input.creatorCommitment,
            input.linkedJobId
        );
        for (uint256 i = 0; i < input.parents.length; ++i) {
            emit RecordDerived(recordId, input.parents[i], msg.sender);
        }
    }

    /// @inheritdoc IProvenanceRegistry
    function share(uint256 recordId, address to) external {
        _requireHolder(recordId, msg.sender);
        _holders[recordId][to] = true;
        emit RecordShared(recordId, msg.sender, to);
    }

    /// @inheritdoc IProvenanceRegistry
    function setVerifier(IAigcProvenanceProofVerifier verifier) external onlyOwner {
        _setVerifier(verifier);
    }

    /// @inheritdoc IProvenanceRegistry
    function verifierVersion() external view returns (uint32) {
        return uint32(_verifiers.length);
    }

    /// @inheritdoc IProvenanceRegistry
    function verifierAt(uint32 version) external view returns (IAigcProvenanceProofVerifier) {
        if (version == 0 || version > _verifiers.length)
            revert ProvenanceRegistryUnknownVerifierVersion(version);
        return _verifiers[version - 1];
    }

    /// @inheritdoc IProvenanceRegistry
    function holds(uint256 recordId, address account) external view returns (bool) {
        return _holders[recordId][account];
    }

    /// @inheritdoc IProvenanceRegistry
    function bindingOf(address registrant) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), registrant))) >> 8;
    }

    /// @inheritdoc IProvenanceRegistry
    function setJobOutputSource(IJobOutputSource source) external onlyOwner {
        _jobOutputs = source;
        emit JobOutputSourceSet(address(source));
    }

    /// @inheritdoc IProvenanceRegistry
    function record(uint256 recordId) external view returns (Record memory) {
        if (recordId == 0 || recordId > _count) revert ProvenanceRegistryUnknownRecord(recordId);
        return _records[recordId];
    }

    /// @inheritdoc IProvenanceRegistry
    function recordOf(uint256 contentCommitment) external view returns (uint256) {
        return _byContent[contentCommitment];
    }

    /// @inheritdoc IProvenanceRegistry
    function traceToOrigin(uint256 recordId) external view returns (uint256[] memory path) {
        if (recordId == 0 || recordId > _count) revert ProvenanceRegistryUnknownRecord(recordId);
        uint256 length = 1;
        // Parents always have smaller ids than their children, so the walk terminates.
        for (uint256 id = recordId; _records[id].parents.length != 0; id = _records[id].parents[0]) ++length;
        path = new uint256[](length);
        uint256 cur = recordId;
        for (uint256 i = 0; i < length; ++i) {
            path[i] = cur;
            if (i + 1 < length) cur = _records[cur].parents[0];
        }
    }

    /// @dev Checks the record against the chain state and builds the AigcProvenance public signals.
    function _publicSignals(RecordInput calldata input) private view returns (uint256[8] memory) {
        uint256 existing = _byContent[input.contentCommitment];
        if (existing != 0) revert ProvenanceRegistryContentExists(input.contentCommitment, existing);
        if (!_models.isApproved(input.modelId)) revert ProvenanceRegistryModelNotApproved(input.modelId);
        uint256 jobId = input.linkedJobId;
        if (address(_jobOutputs) == address(0)) revert ProvenanceRegistryJobNotVerified(jobId);
        uint256 output = _jobOutputs.verifiedOutputCommitment(jobId);
        if (output == 0) revert ProvenanceRegistryJobNotVerified(jobId);
        if (output != input.contentCommitment) revert ProvenanceRegistryNotJobOutput(jobId, output);
        // The job source is the market: its job record names the buyer and the input commitment (the spec).
        IJobMarket.Job memory job = IJobMarket(address(_jobOutputs)).job(jobId);
        if (job.buyer != msg.sender) revert ProvenanceRegistryNotJobBuyer(jobId, msg.sender);
        uint256 nParents = input.parents.length;
        if (nParents > MAX_PARENTS) revert ProvenanceRegistryTooManyParents(nParents);
        for (uint256 i = 0; i < nParents; ++i) {
            uint256 parent = input.parents[i];
            if (parent == 0 || parent > _count) revert ProvenanceRegistryUnknownRecord(parent);
            _requireHolder(parent, msg.sender);
        }
        return
            [
                job.inputCommitment,
                input.contentCommitment,
                input.modelId,
                _models.root(),
                input.creatorCommitment,
                input.promptCommitment,
                parentsHash(input.parents),
                bindingOf(msg.sender)
            ];
    }

    function _requireHolder(uint256 recordId, address account) private view {
        if (recordId == 0 || recordId > _count) revert ProvenanceRegistryUnknownRecord(recordId);
        if (!_holders[recordId][account]) revert ProvenanceRegistryNotHolder(recordId, account);
    }

    function _setVerifier(IAigcProvenanceProofVerifier verifier) private {
        if (address(verifier) == address(0)) revert ProvenanceRegistryZeroVerifier();
        _verifiers.push(verifier);
        emit VerifierSet(uint32(_verifiers.length), address(verifier));
    }

    /// @inheritdoc IProvenanceRegistry
    function parentsHash(uint256[] calldata parents) public pure returns (uint256) {
        if (parents.length == 0) return 0;
        return uint256(sha256(abi.encodePacked(parents))) % FIELD;
    }
}
