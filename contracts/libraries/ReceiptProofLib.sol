// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ReceiptProofLib
/// @notice The public signals of a receipt proof (circuits/lib/receipt.circom): metricsDigest, identityCommitment,
/// then the terms and the output commitments of `width` slots. The verifying chain builds each slot's terms from a
/// receipt's packed wire word (`MessageLib.ProvenReceipt.packed`: job id, attempt, claimed SLA outcome) and its own
/// record of the job (latency bound, deadline). One receipt uses JobReceipt (width 1, 4 signals), two to eight use
/// ReceiptBatch8 (width 8, 18 signals), nine to 32 ReceiptBatch (width 32, 66 signals); unused slots are zero.
/// Only the hub verifies; the region checks assignments.
library ReceiptProofLib {
    uint256 internal constant MAX_BATCH = 32;
    /// @notice Batches of two to `SMALL_BATCH` receipts are proven with the 8-slot circuit (ReceiptBatch8).
    uint256 internal constant SMALL_BATCH = 8;

    uint256 private constant LOW_96 = (uint256(1) << 96) - 1;

    /// @notice The slots of the circuit that proves `n` receipts (1 ≤ n ≤ MAX_BATCH).
    function width(uint256 n) internal pure returns (uint256) {
        if (n == 1) return 1;
        return n <= SMALL_BATCH ? SMALL_BATCH : MAX_BATCH;
    }

    /// @notice One enabled slot's terms, `jobId | attempt << 64 | latencyBoundMs << 96 | deadline << 128 | 1 << 192
    /// | latencyMet << 193 | deadlineMet << 194`, from a well-formed packed receipt (`MessageLib.unpackProven`
    /// accepts it: bits 0–95 are job id and attempt as here, bits 96–97 the two outcomes) and the verifier's own
    /// latency bound and deadline.
    function terms(uint256 packed, uint32 latencyBoundMs, uint64 deadline) internal pure returns (uint256) {
        return
            (packed & LOW_96) |
            (uint256(latencyBoundMs) << 96) |
            (uint256(deadline) << 128) |
            (uint256(1) << 192) |
            ((packed >> 96) << 193);
    }
}
