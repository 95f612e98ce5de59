// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ReceiptBatchLib
/// @notice Packing of the ReceiptBatch circuit's public signals (circuits/src/ReceiptBatch.circom):
/// `terms = jobId | latencyBoundMs << 64 | deadline << 96 | enabled << 160` per slot, and one
/// `outcomes` word with bit 2i = latencyMet and bit 2i+1 = deadlineMet of slot i.
library ReceiptBatchLib {
    uint256 internal constant SLOTS = 8;
    /// @dev Index of the first signal of each group in the 42 public signals.
    uint256 internal constant OUTCOMES = 8;
    uint256 internal constant IDENTITY = 9;
    uint256 internal constant TERMS = 10;
    uint256 internal constant INPUTS = 18;
    uint256 internal constant OUTPUTS = 26;
    uint256 internal constant METRICS = 34;

    /// @notice The terms word of an enabled slot.
    function packTerms(uint64 jobId, uint32 latencyBoundMs, uint64 deadline) internal pure returns (uint256) {
        return
            uint256(jobId) |
            (uint256(latencyBoundMs) << 64) |
            (uint256(deadline) << 96) |
            (uint256(1) << 160);
    }

    /// @notice Whether slot `i` met its latency bound (0 for a padding slot).
    function latencyMet(uint256 outcomes, uint256 i) internal pure returns (bool) {
        return (outcomes >> (2 * i)) & 1 == 1;
    }

    /// @notice Whether slot `i` finished by its deadline (0 for a padding slot).
    function deadlineMet(uint256 outcomes, uint256 i) internal pure returns (bool) {
        return (outcomes >> (2 * i + 1)) & 1 == 1;
    }
}
