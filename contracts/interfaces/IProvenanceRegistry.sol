// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IAigcProvenanceProofVerifier} from "./IAigcProvenanceProofVerifier.sol";
import {IJobOutputSource} from "./IJobOutputSource.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title IProvenanceRegistry
/// @notice Provenance records of AI-generated content. Content is registrable as made by model M only as the
/// verified output of a settled market job whose input commitment named M (Poseidon(M, promptCommitment)),
/// by that job's buyer, with an AigcProvenance proof bound to the registrant, chain and registry. Records with
/// parents are derivations of records the registrant holds; `RecordDerived` and `RecordShared` events, each
/// naming who made them, form the propagation graph, and `traceToOrigin` walks first parents to the origin.
interface IProvenanceRegistry {
    struct RecordInput {
        uint256 contentCommitment;
        uint256 modelId;
        uint256 creatorCommitment;
        uint256 promptCommitment;
        /// @dev The settled job whose verified output is this content (required).
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
        /// @dev The verifier version the record's proof was checked with (see `verifierAt`).
        uint32 verifierVersion;
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
    /// @notice The linked job's verified output commitment is not the content being registered.
    error ProvenanceRegistryNotJobOutput(uint256 jobId, uint256 outputCommitment);
    /// @notice Only the linked job's buyer may register its output.
    error ProvenanceRegistryNotJobBuyer(uint256 jobId, address sender);
    /// @notice Only the registrant of a record, or someone it was shared with, may share or derive from it.
    error ProvenanceRegistryNotHolder(uint256 recordId, address sender);
    /// @notice A record lists more parents than `MAX_PARENTS`.
    error ProvenanceRegistryTooManyParents(uint256 count);
    /// @notice The verifier address is zero.
    error ProvenanceRegistryZeroVerifier();
    /// @notice No verifier has this version.
    error ProvenanceRegistryUnknownVerifierVersion(uint32 version);

    /// @notice A record was registered.
    event RecordRegistered(
        uint256 indexed recordId,
        uint256 indexed contentCommitment,
        uint256 indexed modelId,
        uint256 creatorCommitment,
        uint256 linkedJobId
    );
    /// @notice `registrant` derived `recordId` from `parentId`.
    event RecordDerived(uint256 indexed recordId, uint256 indexed parentId, address indexed registrant);
    /// @notice `from` shared `recordId` with `to`.
    event RecordShared(uint256 indexed recordId, address indexed from, address indexed to);
    /// @notice The job output source changed.
    event JobOutputSourceSet(address source);
    /// @notice Governance installed verifier `version`; new registrations use it, old records keep theirs.
    event VerifierSet(uint32 indexed version, address verifier);

    /// @notice Registers a record (an original, or a derivation when `input.parents` is not empty).
    /// @param input The record; its fields are the proof's public signals.
    /// @param proof AigcProvenance proof over (job input commitment, content, modelId, current model root,
    /// creator, prompt, parents hash or 0, `bindingOf(msg.sender)`).
    /// @return recordId The new record's id (1-based, sequential; the watermark carries it).
    function register(
        RecordInput calldata input,
        Groth16Proof calldata proof
    ) external returns (uint256 recordId);

    /// @notice Shares a record the sender holds (registered, or was shared) with `to`, who then holds it.
    /// @param recordId The record shared.
    /// @param to The receiving party.
    function share(uint256 recordId, address to) external;

    /// @notice Sets the source of verified job outputs (owner = DAO Timelock).
    function setJobOutputSource(IJobOutputSource source) external;

    /// @notice Installs a new AigcProvenance verifier as the next version (owner = DAO Timelock).
    function setVerifier(IAigcProvenanceProofVerifier verifier) external;

    /// @notice The current verifier version (1 = the constructor's).
    function verifierVersion() external view returns (uint32);

    /// @notice The verifier of `version`, kept so records checked with it stay attributable.
    function verifierAt(uint32 version) external view returns (IAigcProvenanceProofVerifier);

    /// @notice True when `account` registered `recordId` or it was shared with `account`.
    function holds(uint256 recordId, address account) external view returns (bool);

    /// @notice uint256(keccak256(abi.encode(block.chainid, this registry, registrant))) >> 8: the value a
    /// registration proof must bind (as Semaphore binds its message), so a copied proof serves nobody else.
    function bindingOf(address registrant) external view returns (uint256);

    /// @notice A stored record.
    function record(uint256 recordId) external view returns (Record memory);

    /// @notice The record id of a content commitment (0 if none).
    function recordOf(uint256 contentCommitment) external view returns (uint256);

    /// @notice `recordId`, its first parent, that record's first parent, ... up to the origin.
    function traceToOrigin(uint256 recordId) external view returns (uint256[] memory path);

    /// @notice uint256(sha256(abi.encodePacked(parents))) % FIELD, or 0 for no parents (the proof's parentsHash).
    function parentsHash(uint256[] calldata parents) external pure returns (uint256);
}
