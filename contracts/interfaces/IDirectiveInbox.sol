// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MessageLib} from "../libraries/MessageLib.sol";

/// @title IDirectiveInbox
/// @notice Receives `Assign` directives from the hub's DirectiveHub; node agents read their assignments
/// here and acknowledge them before they start work.
interface IDirectiveInbox {
    /// @notice What the region keeps of a directive: what receipts are checked against. The full terms
    /// (price, resources, duration, tier) are in the `AssignmentReceived` event.
    struct Assignment {
        uint256 nodeId;
        uint256 inputCommitment;
        uint32 attempt;
        uint32 latencyBoundMs;
        uint64 deadline;
        uint64 receivedAt;
        bool acknowledged;
    }

    /// @notice The directive names a node that is not registered on this region.
    error DirectiveInboxUnknownNode(uint256 nodeId);
    /// @notice The directive's attempt is not newer than the assignment already held.
    error DirectiveInboxStaleDirective(uint256 jobId, uint32 attempt, uint32 current);
    /// @notice The job has no assignment here.
    error DirectiveInboxNoAssignment(uint256 jobId);
    /// @notice The caller does not operate the assigned node.
    error DirectiveInboxNotAssignedOperator(uint256 jobId, address caller);
    /// @notice The assignment was already acknowledged.
    error DirectiveInboxAlreadyAcknowledged(uint256 jobId);

    event AssignmentReceived(
        uint256 indexed jobId,
        uint256 indexed nodeId,
        uint32 attempt,
        MessageLib.AssignTerms terms
    );
    event AssignmentAcknowledged(uint256 indexed jobId, uint256 indexed nodeId, uint32 attempt);

    /// @notice Acknowledges the current assignment of `jobId`. Only the assigned node's operator.
    function acknowledge(uint256 jobId) external;

    /// @notice The current assignment of `jobId` (attempt 0 when none).
    function assignment(uint256 jobId) external view returns (Assignment memory);

    /// @notice The fields of `assignment(jobId)` a proven receipt is checked against: one storage read (they share
    /// a slot), which a batch of proven receipts pays per job.
    function receiptTerms(
        uint256 jobId
    ) external view returns (uint256 nodeId, uint32 attempt, uint64 receivedAt, bool acknowledged);
}
