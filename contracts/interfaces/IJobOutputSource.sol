// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IJobOutputSource
/// @notice Where ProvenanceRegistry reads a settled job's buyer, input commitment and verified output commitment
/// (implemented by the market side, e.g. the hub JobMarket).
interface IJobOutputSource {
    /// @notice The output commitment of `jobId`'s verified receipt, or 0 if the job has none.
    function verifiedOutputCommitment(uint256 jobId) external view returns (uint256);

    /// @notice The buyer and input commitment of `jobId` and its verified output commitment (0 if none yet).
    function verifiedJob(
        uint256 jobId
    ) external view returns (address buyer, uint256 inputCommitment, uint256 outputCommitment);
}
