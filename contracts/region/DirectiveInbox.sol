// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessenger} from "../interfaces/IMessenger.sol";
import {IComputeRegistry} from "../interfaces/IComputeRegistry.sol";
import {IDirectiveInbox} from "../interfaces/IDirectiveInbox.sol";
import {MessageLib} from "../libraries/MessageLib.sol";
import {MessageEndpoint} from "../messaging/MessageEndpoint.sol";

/// @title DirectiveInbox
/// @notice Region-side store of directives from the hub; see {IDirectiveInbox}.
contract DirectiveInbox is IDirectiveInbox, MessageEndpoint {
    IComputeRegistry private immutable _registry;
    mapping(uint256 jobId => Assignment) private _assignments;

    constructor(
        IMessenger messenger_,
        IComputeRegistry registry,
        address initialOwner
    ) MessageEndpoint(messenger_, initialOwner) {
        _registry = registry;
    }

    /// @inheritdoc IDirectiveInbox
    function acknowledge(uint256 jobId) external {
        Assignment storage a = _assignments[jobId];
        if (a.attempt == 0) revert DirectiveInboxNoAssignment(jobId);
        if (_registry.operatorOf(a.nodeId) != msg.sender) {
            revert DirectiveInboxNotAssignedOperator(jobId, msg.sender);
        }
        if (a.acknowledged) revert DirectiveInboxAlreadyAcknowledged(jobId);
        a.acknowledged = true;
        emit AssignmentAcknowledged(jobId, a.nodeId, a.attempt);
    }

    /// @inheritdoc IDirectiveInbox
    function assignment(uint256 jobId) external view returns (Assignment memory) {
        return _assignments[jobId];
    }

    /// @inheritdoc IDirectiveInbox
    function receiptTerms(
        uint256 jobId
    ) external view returns (uint256 nodeId, uint32 attempt, uint64 receivedAt, bool acknowledged) {
        Assignment storage a = _assignments[jobId];
        return (a.nodeId, a.attempt, a.receivedAt, a.acknowledged);
    }

    function _handle(uint32, bytes calldata body) internal override {
        (uint8 kind, bytes calldata payload) = MessageLib.decode(body);
        if (kind != MessageLib.ASSIGN) revert MessageLib.MessageLibUnexpectedKind(kind);
        MessageLib.AssignTerms memory terms = MessageLib.decodeAssign(payload);
        if (_registry.operatorOf(terms.nodeId) == address(0)) revert DirectiveInboxUnknownNode(terms.nodeId);
        uint32 current = _assignments[terms.jobId].attempt;
        if (terms.attempt <= current)
            revert DirectiveInboxStaleDirective(terms.jobId, terms.attempt, current);
        _assignments[terms.jobId] = Assignment({
            nodeId: terms.nodeId,
            inputCommitment: terms.inputCommitment,
            attempt: terms.attempt,
            latencyBoundMs: terms.latencyBoundMs,
            deadline: terms.deadline,
            receivedAt: uint64(block.timestamp),
            acknowledged: false
        });
        emit AssignmentReceived(terms.jobId, terms.nodeId, terms.attempt, terms);
    }
}
