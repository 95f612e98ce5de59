// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IJobOutputSource} from "../interfaces/IJobOutputSource.sol";

/// @notice Test double for the market side: settled jobs (buyer, input, verified output) set directly.
contract MockJobOutputSource is IJobOutputSource {
    struct SettledJob {
        address buyer;
        uint256 inputCommitment;
        uint256 outputCommitment;
    }

    mapping(uint256 jobId => SettledJob) private _jobs;

    function setJob(
        uint256 jobId,
        address buyer,
        uint256 inputCommitment,
        uint256 outputCommitment
    ) external {
        _jobs[jobId] = SettledJob(buyer, inputCommitment, outputCommitment);
    }

    function verifiedOutputCommitment(uint256 jobId) external view returns (uint256) {
        return _jobs[jobId].outputCommitment;
    }

    function verifiedJob(uint256 jobId) external view returns (address, uint256, uint256) {
        SettledJob storage j = _jobs[jobId];
        return (j.buyer, j.inputCommitment, j.outputCommitment);
    }
}
