// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {TimelockOwned} from "./governance/TimelockOwned.sol";
import {IReputation} from "../interfaces/IReputation.sol";

/// @title Reputation
/// @notice Per-node settlement counters; see {IReputation}. Owned by the Timelock, written by the JobMarket.
contract Reputation is IReputation, TimelockOwned {
    address private _recorder;
    mapping(uint256 nodeId => Record) private _records;

    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @inheritdoc IReputation
    function record(uint256 nodeId, uint256 jobId, Outcome outcome) external {
        if (msg.sender != _recorder) revert ReputationNotRecorder(msg.sender);
        Record storage r = _records[nodeId];
        if (outcome == Outcome.Success) ++r.successes;
        else if (outcome == Outcome.SlaBreach) ++r.slaBreaches;
        else ++r.timeouts;
        r.lastUpdated = uint64(block.timestamp);
        emit OutcomeRecorded(nodeId, jobId, outcome);
    }

    /// @inheritdoc IReputation
    function recordSettled(uint256 nodeId, uint64 successes, uint64 slaBreaches) external {
        if (msg.sender != _recorder) revert ReputationNotRecorder(msg.sender);
        Record storage r = _records[nodeId];
        r.successes += successes;
        r.slaBreaches += slaBreaches;
        r.lastUpdated = uint64(block.timestamp);
        emit OutcomesRecorded(nodeId, successes, slaBreaches);
    }

    /// @inheritdoc IReputation
    function recordOf(uint256 nodeId) external view returns (Record memory) {
        return _records[nodeId];
    }

    /// @inheritdoc IReputation
    function setRecorder(address recorder) external onlyOwner {
        _recorder = recorder;
        emit RecorderChanged(recorder);
    }
}
