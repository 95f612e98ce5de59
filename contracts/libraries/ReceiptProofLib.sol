// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IJobReceiptProofVerifier} from "../interfaces/IJobReceiptProofVerifier.sol";
import {IReceiptBatchProofVerifier} from "../interfaces/IReceiptBatchProofVerifier.sol";
import {Groth16Proof} from "./Groth16Proof.sol";
import {MessageLib} from "./MessageLib.sol";
import {ReceiptBatchLib} from "./ReceiptBatchLib.sol";

/// @title ReceiptProofLib
/// @notice Checks a Groth16 proof for 1–8 receipts of one node, building the public signals from the
/// verifying chain's own records (`Statement`) and the receipts' claimed outputs. The region uses it before
/// accepting receipts and the hub again before paying, so neither trusts the other (nor the bridge) for money.
/// One receipt uses the JobReceipt circuit (10 signals); two to eight use ReceiptBatch (42 signals).
library ReceiptProofLib {
    uint256 internal constant MAX_BATCH = 8;

    /// @notice The circuits range-check job ids to 64 bits.
    error ReceiptProofLibJobIdTooLarge(uint256 jobId);

    /// @notice The verifying chain's own record of what a receipt must prove.
    struct Statement {
        uint256 jobId;
        uint256 inputCommitment;
        uint32 latencyBoundMs;
        uint64 deadline;
    }

    /// @notice Reverts (with the proof verifier's custom error) unless `proof` proves `receipts` for the node
    /// with `identityCommitment` against `statements` (same order, same length, 1 ≤ length ≤ 8).
    function verify(
        IJobReceiptProofVerifier single,
        IReceiptBatchProofVerifier batch,
        uint256 identityCommitment,
        MessageLib.ProvenReceipt[] memory receipts,
        Statement[] memory statements,
        Groth16Proof memory proof
    ) internal view {
        if (receipts.length == 1) {
            MessageLib.ProvenReceipt memory r = receipts[0];
            Statement memory s = statements[0];
            if (s.jobId > type(uint64).max) revert ReceiptProofLibJobIdTooLarge(s.jobId);
            uint256[10] memory signals = [
                r.nullifier,
                r.latencyMet ? 1 : 0,
                r.deadlineMet ? 1 : 0,
                s.jobId,
                identityCommitment,
                s.inputCommitment,
                r.outputCommitment,
                r.metricsCommitment,
                s.latencyBoundMs,
                s.deadline
            ];
            single.verify(proof, signals);
            return;
        }
        uint256[42] memory batchSignals;
        uint256 outcomes;
        for (uint256 i = 0; i < receipts.length; ++i) {
            MessageLib.ProvenReceipt memory r = receipts[i];
            Statement memory s = statements[i];
            if (s.jobId > type(uint64).max) revert ReceiptProofLibJobIdTooLarge(s.jobId);
            batchSignals[i] = r.nullifier;
            if (r.latencyMet) outcomes |= 1 << (2 * i);
            if (r.deadlineMet) outcomes |= 1 << (2 * i + 1);
            batchSignals[ReceiptBatchLib.TERMS + i] = ReceiptBatchLib.packTerms(
                uint64(s.jobId),
                s.latencyBoundMs,
                s.deadline
            );
            batchSignals[ReceiptBatchLib.INPUTS + i] = s.inputCommitment;
            batchSignals[ReceiptBatchLib.OUTPUTS + i] = r.outputCommitment;
            batchSignals[ReceiptBatchLib.METRICS + i] = r.metricsCommitment;
        }
        batchSignals[ReceiptBatchLib.OUTCOMES] = outcomes;
        batchSignals[ReceiptBatchLib.IDENTITY] = identityCommitment;
        batch.verify(proof, batchSignals);
    }
}
