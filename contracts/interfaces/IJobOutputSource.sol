// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IJobOutputSource
/// @notice Where ProvenanceRegistry reads the output commitment of a job whose receipt was verified
/// (implemented by the market side, e.g. the hub JobMarket).
interface IJobOutputSource {
    /// @notice The output commitment of `jobId`'s verified receipt, or 0 if the job has none.
    function verifiedOutputCommitment(uint256 jobId) external view returns (uint256);
}
