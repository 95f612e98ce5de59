// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IJobOutputSource} from "./IJobOutputSource.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title IProvenanceRegistry
/// @notice Provenance records of AI-generated content, each accepted only with a valid AigcProvenance
/// proof. Records with parents are derivations; `RecordDerived` and `RecordShared` events form a
/// propagation graph, and `traceToOrigin` walks first parents back to the original record.
interface IProvenanceRegistry {
    struct RecordInput {
        uint256 contentCommitment;
        uint256 modelId;
        uint256 creatorCommitment;
        uint256 promptCommitment;
        /// @dev 0 = no linked job.
        uint256 linkedJobId;
        /// @dev Empty for an original; the first parent is the primary one `traceToOrigin` follows.
        uint256[] parents;
    }

    struct Record {
        uint256 contentCommitment;
        uint256 modelId;
        uint256 creatorCommitment;
        uint256 promptCommitment;
        uint256 linkedJobId;
        uint256[] parents;
        uint64 createdAt;
        address registrant;
    }

    /// @notice No record has this id.
    error ProvenanceRegistryUnknownRecord(uint256 recordId);
    /// @notice The content commitment already has a record.
    error ProvenanceRegistryContentExists(uint256 contentCommitment, uint256 recordId);
    /// @notice The model is not in the approved set.
    error ProvenanceRegistryModelNotApproved(uint256 modelId);
    /// @notice The linked job has no verified receipt (or no job output source is set).
    error ProvenanceRegistryJobNotVerified(uint256 jobId);
    /// @notice A record lists more parents than `MAX_PARENTS`.
    error ProvenanceRegistryTooManyParents(uint256 count);

    /// @notice A record was registered.
    event RecordRegistered(
        uint256 indexed recordId,
        uint256 indexed contentCommitment,
        uint256 indexed modelId,
        uint256 creatorCommitment,
        uint256 linkedJobId
    );
    /// @notice `recordId` derives from `parentId`.
    event RecordDerived(uint256 indexed recordId, uint256 indexed parentId);
    /// @notice `from` shared `recordId` with `to`.
    event RecordShared(uint256 indexed recordId, address indexed from, address indexed to);
    /// @notice The job output source changed.
    event JobOutputSourceSet(address source);

    /// @notice Registers a record (an original, or a derivation when `input.parents` is not empty).
    /// @param input The record; its fields are the proof's public signals.
    /// @param proof AigcProvenance proof over (content, modelId, current model root, creator, prompt,
    /// linked job's output commitment or 0, parents hash or 0).
    /// @return recordId The new record's id (1-based, sequential; the watermark carries it).
    function register(
        RecordInput calldata input,
        Groth16Proof calldata proof
    ) external returns (uint256 recordId);

    /// @notice Emits a share of an existing record (propagation tracking).
    /// @param recordId The record shared.
    /// @param to The receiving party.
    function share(uint256 recordId, address to) external;

    /// @notice Sets the source of verified job outputs (owner = DAO Timelock).
    function setJobOutputSource(IJobOutputSource source) external;

    /// @notice A stored record.
    function record(uint256 recordId) external view returns (Record memory);

    /// @notice The record id of a content commitment (0 if none).
    function recordOf(uint256 contentCommitment) external view returns (uint256);

    /// @notice `recordId`, its first parent, that record's first parent, ... up to the origin.
    function traceToOrigin(uint256 recordId) external view returns (uint256[] memory path);

    /// @notice uint256(sha256(abi.encodePacked(parents))) % FIELD, or 0 for no parents (the proof's parentsHash).
    function parentsHash(uint256[] calldata parents) external pure returns (uint256);
}
