// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IAigcProvenanceProofVerifier} from "../interfaces/IAigcProvenanceProofVerifier.sol";
import {IJobOutputSource} from "../interfaces/IJobOutputSource.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IProvenanceRegistry} from "../interfaces/IProvenanceRegistry.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title ProvenanceRegistry
/// @notice Hub registry of AIGC provenance records, each backed by an AigcProvenance proof.
contract ProvenanceRegistry is IProvenanceRegistry, Ownable {
    uint256 public constant MAX_PARENTS = 16;
    uint256 internal constant FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    IModelRegistry private immutable _models;
    IAigcProvenanceProofVerifier private immutable _verifier;
    IJobOutputSource private _jobOutputs;
    mapping(uint256 recordId => Record) private _records;
    mapping(uint256 contentCommitment => uint256 recordId) private _byContent;
    uint256 private _count;

    /// @param models The approved-model registry whose root the proofs use.
    /// @param verifier The AigcProvenance proof verifier.
    /// @param owner_ The DAO Timelock.
    constructor(
        IModelRegistry models,
        IAigcProvenanceProofVerifier verifier,
        address owner_
    ) Ownable(owner_) {
        _models = models;
        _verifier = verifier;
    }

    /// @inheritdoc IProvenanceRegistry
    function register(
        RecordInput calldata input,
        Groth16Proof calldata proof
    ) external returns (uint256 recordId) {
        _verifier.verify(proof, _publicSignals(input));

        recordId = ++_count;
        _byContent[input.contentCommitment] = recordId;
        _records[recordId] = Record({
            contentCommitment: input.contentCommitment,
            modelId: input.modelId,
            creatorCommitment: input.creatorCommitment,
            promptCommitment: input.promptCommitment,
            linkedJobId: input.linkedJobId,
            parents: input.parents,
            createdAt: uint64(block.timestamp),
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
            emit RecordDerived(recordId, input.parents[i]);
        }
    }

    /// @inheritdoc IProvenanceRegistry
    function share(uint256 recordId, address to) external {
        if (recordId == 0 || recordId > _count) revert ProvenanceRegistryUnknownRecord(recordId);
        emit RecordShared(recordId, msg.sender, to);
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
    function _publicSignals(RecordInput calldata input) private view returns (uint256[7] memory) {
        uint256 existing = _byContent[input.contentCommitment];
        if (existing != 0) revert ProvenanceRegistryContentExists(input.contentCommitment, existing);
        if (!_models.isApproved(input.modelId)) revert ProvenanceRegistryModelNotApproved(input.modelId);
        uint256 linkedOutput;
        if (input.linkedJobId != 0) {
            if (address(_jobOutputs) != address(0)) {
                linkedOutput = _jobOutputs.verifiedOutputCommitment(input.linkedJobId);
            }
            if (linkedOutput == 0) revert ProvenanceRegistryJobNotVerified(input.linkedJobId);
        }
        uint256 nParents = input.parents.length;
        if (nParents > MAX_PARENTS) revert ProvenanceRegistryTooManyParents(nParents);
        for (uint256 i = 0; i < nParents; ++i) {
            if (input.parents[i] == 0 || input.parents[i] > _count) {
                revert ProvenanceRegistryUnknownRecord(input.parents[i]);
            }
        }
        return
            [
                input.contentCommitment,
                input.modelId,
                _models.root(),
                input.creatorCommitment,
                input.promptCommitment,
                linkedOutput,
                parentsHash(input.parents)
            ];
    }

    /// @inheritdoc IProvenanceRegistry
    function parentsHash(uint256[] calldata parents) public pure returns (uint256) {
        if (parents.length == 0) return 0;
        return uint256(sha256(abi.encodePacked(parents))) % FIELD;
    }
}
