// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IJobOutputSource} from "../interfaces/IJobOutputSource.sol";

/// @notice Test double for the market side: verified job outputs set directly.
contract MockJobOutputSource is IJobOutputSource {
    mapping(uint256 jobId => uint256 outputCommitment) public verifiedOutputCommitment;

    function setOutput(uint256 jobId, uint256 outputCommitment) external {
        verifiedOutputCommitment[jobId] = outputCommitment;
    }
}
