// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MessageLib} from "./MessageLib.sol";

/// @title ReceiptProofLib
/// @notice Builds the public signals of a receipt proof (circuits/lib/receipt.circom) from the verifying chain's
/// own records (`Statement`: job id, attempt, latency bound, deadline), the node's registered identity and the
/// receipts' claimed outcomes and output commitments. One receipt uses JobReceipt (4 signals), two to eight use
/// ReceiptBatch8 (18 signals), nine to 32 ReceiptBatch (66 signals); unused slots are zero. Only the hub
/// verifies; the region checks assignments.
library ReceiptProofLib {
    uint256 internal constant MAX_BATCH = 32;
    /// @notice Batches of two to `SMALL_BATCH` receipts are proven with the 8-slot circuit (ReceiptBatch8).
    uint256 internal constant SMALL_BATCH = 8;

    /// @notice The circuits range-check job ids to 64 bits.
    error ReceiptProofLibJobIdTooLarge(uint256 jobId);

    /// @notice The verifying chain's own record of what a receipt must prove.
    struct Statement {
        uint256 jobId;
        uint32 attempt;
        uint32 latencyBoundMs;
        uint64 deadline;
    }

    /// @notice `jobId | attempt << 64 | latencyBoundMs << 96 | deadline << 128 | 1 << 192 | latencyMet << 193 |
    /// deadlineMet << 194`: one enabled slot's terms and claimed SLA outcome.
    function packTerms(
        Statement memory s,
        bool latencyMet,
        bool deadlineMet
    ) internal pure returns (uint256) {
        if (s.jobId > type(uint64).max) revert ReceiptProofLibJobIdTooLarge(s.jobId);
        return
            s.jobId |
            (uint256(s.attempt) << 64) |
            (uint256(s.latencyBoundMs) << 96) |
            (uint256(s.deadline) << 128) |
            (uint256(1) << 192) |
            (latencyMet ? uint256(1) << 193 : 0) |
            (deadlineMet ? uint256(1) << 194 : 0);
    }

    /// @notice The public signals of the proof over `receipts`: metricsDigest, identityCommitment, then the
    /// terms and the output commitments of `width` slots (JobReceipt: 1 receipt, width 1, 4 signals;
    /// ReceiptBatch8: 2..8 receipts, width 8, 18 signals; ReceiptBatch: 9..32, width 32, 66 signals; unused
    /// slots zero).
    function signals(
        uint256 identityCommitment,
        uint256 metricsDigest,
        MessageLib.ProvenReceipt[] memory receipts,
        Statement[] memory statements
    ) internal pure returns (uint256[] memory out) {
        uint256 n = receipts.length;
        uint256 width = MAX_BATCH;
        if (n == 1) width = 1;
        else if (n <= SMALL_BATCH) width = SMALL_BATCH;
        out = new uint256[](2 + 2 * width);
        out[0] = metricsDigest;
        out[1] = identityCommitment;
        for (uint256 i = 0; i < n; ++i) {
            MessageLib.ProvenReceipt memory r = receipts[i];
            out[2 + i] = packTerms(statements[i], r.latencyMet, r.deadlineMet);
            out[2 + width + i] = r.outputCommitment;
        }
    }
}
