// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MessageLib} from "../libraries/MessageLib.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";
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
    /// @notice The assignment's attempt is above 65,535, which the hub never assigns (receipted attempts are kept in
    /// 16 bits).
    error ReceiptRegistryAttemptTooLarge(uint256 jobId, uint32 attempt);
    /// @notice A receipt for this job and attempt was already accepted.
    error ReceiptRegistryAlreadySubmitted(uint256 jobId, uint32 attempt);
    /// @notice The receipt's input commitment differs from the directive's.
    error ReceiptRegistryInputMismatch(uint256 jobId);
    /// @notice The verifier rejected the receipt.
    error ReceiptRegistryInvalidProof(uint256 jobId);
    /// @notice The verifier address is zero.
    error ReceiptRegistryZeroVerifier();
    /// @notice A proof covers 1 to 32 receipts.
    error ReceiptRegistryBatchSize(uint256 size);
    /// @notice Proven receipts are submitted by the node's operator only (the region does not verify the proof,
    /// so anyone else could otherwise burn the node's attempt with a bad one).
    error ReceiptRegistryNotOperator(uint256 nodeId, address sender);

    event ReceiptAccepted(
        uint256 indexed jobId,
        uint256 indexed nodeId,
        uint32 attempt,
        MessageLib.Receipt receipt
    );
    event VerifierChanged(address verifier);
    /// @notice A proven receipt the region accepted (the proof itself is in the transaction's calldata). The
    /// receipt's fields are flat, not a `ProvenReceipt` repeating job and attempt: a batch emits one per job.
    event ReceiptProven(
        uint256 indexed jobId,
        uint256 indexed nodeId,
        uint32 attempt,
        uint256 outputCommitment,
        bool latencyMet,
        bool deadlineMet
    );

    /// @notice Submits a receipt with its proof. Anyone may submit; the proof is what counts.
    function submitReceipt(MessageLib.Receipt calldata receipt, bytes calldata proof) external;

    /// @notice Submits 1–32 receipts of node `nodeId` with one Groth16 proof (JobReceipt for one, ReceiptBatch
    /// for more), sent by the node's operator. Each must be for the node's current, acknowledged assignment
    /// (job and attempt), which is then marked receipted, so an attempt has at most one receipt. The proof is
    /// verified once, by the hub, against the hub's own records before it pays (see docs/zk.md).
    function submitProvenReceipts(
        uint256 nodeId,
        MessageLib.ProvenReceipt[] calldata receipts,
        uint256 metricsDigest,
        Groth16Proof calldata proof
    ) external;

    /// @notice Replaces the receipt verifier. Governance only.
    function setVerifier(IReceiptVerifier verifier) external;

    /// @notice The current verifier.
    function verifier() external view returns (IReceiptVerifier);

    /// @notice The attempt of the last accepted receipt of `jobId` (0 when none).
    function receiptedAttempt(uint256 jobId) external view returns (uint32);
}
