// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ReceiptBatchLib} from "../libraries/ReceiptBatchLib.sol";

/// @notice Exposes ReceiptBatchLib to tests.
contract ReceiptBatchLibHarness {
    function packTerms(uint64 jobId, uint32 latencyBoundMs, uint64 deadline) external pure returns (uint256) {
        return ReceiptBatchLib.packTerms(jobId, latencyBoundMs, deadline);
    }

    function outcome(uint256 outcomes, uint256 i) external pure returns (bool latencyMet, bool deadlineMet) {
        return (ReceiptBatchLib.latencyMet(outcomes, i), ReceiptBatchLib.deadlineMet(outcomes, i));
    }
}
