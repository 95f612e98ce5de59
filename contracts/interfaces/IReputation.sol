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
    /// @notice A proven batch's settlements of one node, counted at once; its jobs are in the JobMarket's
    /// `JobSettled` events of the same transaction.
    event OutcomesRecorded(uint256 indexed nodeId, uint64 successes, uint64 slaBreaches);
    event RecorderChanged(address recorder);

    /// @notice Records the outcome of a settled job. Recorder (the job market) only.
    function record(uint256 nodeId, uint256 jobId, Outcome outcome) external;

    /// @notice Records `successes` and `slaBreaches` settled jobs of `nodeId` at once (one write per proven batch
    /// instead of one call per job). Recorder only.
    function recordSettled(uint256 nodeId, uint64 successes, uint64 slaBreaches) external;

    /// @notice A node's counters.
    function recordOf(uint256 nodeId) external view returns (Record memory);

    function setRecorder(address recorder) external;
}
