// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MessageLib} from "../libraries/MessageLib.sol";

/// @title IDirectiveHub
/// @notice The only way work is placed: the scheduler role issues `Assign(jobId, region, nodeId, terms)`,
/// recorded as an event and sent to the region's DirectiveInbox.
interface IDirectiveHub {
    /// @notice The node is not active in the hub's index.
    error DirectiveHubNodeNotActive(uint256 nodeId);
    /// @notice The node's bonded stake is below the minimum.
    error DirectiveHubInsufficientStake(uint256 nodeId);

    event Assigned(
        uint256 indexed jobId,
        uint32 indexed region,
        uint256 indexed nodeId,
        MessageLib.AssignTerms terms,
        bytes32 messageId
    );

    /// @notice Assigns (or re-assigns) an open or assigned job to a node. Scheduler role only.
    /// @param attempt The attempt this directive creates: the job's current attempt + 1. A directive resent
    /// after a scheduler restart therefore reverts instead of creating a second live assignment.
    function assign(uint256 jobId, uint256 nodeId, uint32 attempt) external returns (bytes32 messageId);
}
