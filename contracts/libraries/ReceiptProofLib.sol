// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MessageLib} from "./MessageLib.sol";

/// @title ReceiptProofLib
/// @notice Builds the public signals of a receipt proof (circuits/lib/receipt.circom) from the verifying chain's
/// own records (`Statement`: job id, attempt, latency bound, deadline), the node's registered identity and the
/// receipts' claimed outcomes and output commitments. One receipt uses JobReceipt (4 signals), two to 32 use
/// ReceiptBatch (66 signals, unused slots zero). Only the hub verifies; the region checks assignments.
library ReceiptProofLib {
    uint256 internal constant MAX_BATCH = 32;

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

    /// @notice JobReceipt signals: metricsDigest, identityCommitment, terms, outputCommitment.
    function singleSignals(
        uint256 identityCommitment,
        uint256 metricsDigest,
        MessageLib.ProvenReceipt memory r,
        Statement memory s
    ) internal pure returns (uint256[4] memory) {
        return
            [
                metricsDigest,
                identityCommitment,
                packTerms(s, r.latencyMet, r.deadlineMet),
                r.outputCommitment
            ];
    }

    /// @notice ReceiptBatch signals: metricsDigest, identityCommitment, terms[32], outputCommitment[32].
    function batchSignals(
        uint256 identityCommitment,
        uint256 metricsDigest,
        MessageLib.ProvenReceipt[] memory receipts,
        Statement[] memory statements
    ) internal pure returns (uint256[66] memory signals) {
        signals[0] = metricsDigest;
        signals[1] = identityCommitment;
        for (uint256 i = 0; i < receipts.length; ++i) {
            MessageLib.ProvenReceipt memory r = receipts[i];
            signals[2 + i] = packTerms(statements[i], r.latencyMet, r.deadlineMet);
            signals[2 + MAX_BATCH + i] = r.outputCommitment;
        }
    }
}
