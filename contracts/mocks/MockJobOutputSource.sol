// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {IJobOutputSource} from "../interfaces/IJobOutputSource.sol";

/// @notice Test double for the market side: settled jobs (buyer, input commitment, verified output) set directly;
/// `job` answers as `JobMarket.job` does for the fields ProvenanceRegistry reads.
contract MockJobOutputSource is IJobOutputSource {
    mapping(uint256 jobId => IJobMarket.Job) private _jobs;
    mapping(uint256 jobId => uint256 outputCommitment) public verifiedOutputCommitment;

    function setJob(
        uint256 jobId,
        address buyer,
        uint256 inputCommitment,
        uint256 outputCommitment
    ) external {
        IJobMarket.Job storage j = _jobs[jobId];
        j.buyer = buyer;
        j.status = IJobMarket.JobStatus.Settled;
        j.inputCommitment = inputCommitment;
        verifiedOutputCommitment[jobId] = outputCommitment;
    }

    function job(uint256 jobId) external view returns (IJobMarket.Job memory) {
        return _jobs[jobId];
    }
}
