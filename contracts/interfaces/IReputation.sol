// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IReputation
/// @notice Per-node settlement history, written by the job market and read by the scheduler.
interface IReputation {
    enum Outcome {
        Success,
        SlaBreach,
        Timeout
    }

    struct Record {
        uint64 successes;
        uint64 slaBreaches;
        uint64 timeouts;
        uint64 lastUpdated;
    }

    /// @notice The caller may not record outcomes.
    error ReputationNotRecorder(address caller);

    event OutcomeRecorded(uint256 indexed nodeId, uint256 indexed jobId, Outcome outcome);
    event RecorderChanged(address recorder);

    /// @notice Records the outcome of a settled job. Recorder (the job market) only.
    function record(uint256 nodeId, uint256 jobId, Outcome outcome) external;

    /// @notice A node's counters.
    function recordOf(uint256 nodeId) external view returns (Record memory);

    function setRecorder(address recorder) external;
}
