// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MessageLib} from "../libraries/MessageLib.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";
import {IJobReceiptProofVerifier} from "./IJobReceiptProofVerifier.sol";
import {IReceiptBatchProofVerifier} from "./IReceiptBatchProofVerifier.sol";
import {IReceiptVerifier} from "./IReceiptVerifier.sol";

/// @title IReceiptRegistry
/// @notice Accepts receipts from assigned nodes, checks them with the governance-set verifier, records
/// them and reports each verified receipt to the hub's JobMarket together with the region's own times
/// (`MessageLib.RegionStamp`: directive arrival and acceptance), by which the hub judges deadline and latency.
interface IReceiptRegistry {
    /// @notice The receipt's node is not the one currently assigned to the job (or the attempt is stale).
    error ReceiptRegistryNodeNotAssigned(uint256 jobId, uint256 nodeId, uint32 attempt);
    /// @notice The assigned node has not acknowledged the directive.
    error ReceiptRegistryNotAcknowledged(uint256 jobId);
    /// @notice A receipt for this job and attempt was already accepted.
    error ReceiptRegistryAlreadySubmitted(uint256 jobId, uint32 attempt);
    /// @notice The receipt's input commitment differs from the directive's.
    error ReceiptRegistryInputMismatch(uint256 jobId);
    /// @notice The verifier rejected the receipt.
    error ReceiptRegistryInvalidProof(uint256 jobId);
    /// @notice The verifier address is zero.
    error ReceiptRegistryZeroVerifier();
    /// @notice A proof covers 1 to 8 receipts.
    error ReceiptRegistryBatchSize(uint256 size);
    /// @notice All receipts under one proof must be for the same node.
    error ReceiptRegistryMixedNodes(uint256 nodeId, uint256 otherNodeId);
    /// @notice The receipt's nullifier was already used: a second receipt for the same job by the same node.
    error ReceiptRegistryNullifierUsed(uint256 nullifier);
    /// @notice Governance has not set the Groth16 receipt verifiers.
    error ReceiptRegistryNoProofVerifier();

    event ReceiptAccepted(
        uint256 indexed jobId,
        uint256 indexed nodeId,
        uint32 attempt,
        MessageLib.Receipt receipt
    );
    event VerifierChanged(address verifier);
    event ReceiptProven(
        uint256 indexed jobId,
        uint256 indexed nodeId,
        uint32 attempt,
        MessageLib.ProvenReceipt receipt
    );
    event ProofVerifiersChanged(address single, address batch);

    /// @notice Submits a receipt with its proof. Anyone may submit; the proof is what counts.
    function submitReceipt(MessageLib.Receipt calldata receipt, bytes calldata proof) external;

    /// @notice Submits 1–8 receipts of one node with one Groth16 proof (JobReceipt for one, ReceiptBatch for
    /// more). Each must be for the node's current, acknowledged assignment; the proof binds job, node identity,
    /// input and output commitments, latency bound and deadline, and its nullifiers are recorded. Anyone may
    /// submit; the hub re-checks the proof before paying.
    function submitProvenReceipts(
        MessageLib.ProvenReceipt[] calldata receipts,
        Groth16Proof calldata proof
    ) external;

    /// @notice Sets the Groth16 verifiers of single and batched receipts. Governance only.
    function setProofVerifiers(IJobReceiptProofVerifier single, IReceiptBatchProofVerifier batch) external;

    /// @notice True when `nullifier` was used by an accepted proven receipt.
    function nullifierUsed(uint256 nullifier) external view returns (bool);

    /// @notice Replaces the receipt verifier. Governance only.
    function setVerifier(IReceiptVerifier verifier) external;

    /// @notice The current verifier.
    function verifier() external view returns (IReceiptVerifier);

    /// @notice The attempt of the last accepted receipt of `jobId` (0 when none).
    function receiptedAttempt(uint256 jobId) external view returns (uint32);
}
