// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {IComputeRegistry} from "../interfaces/IComputeRegistry.sol";
import {IDirectiveInbox} from "../interfaces/IDirectiveInbox.sol";
import {MessageLib} from "../libraries/MessageLib.sol";
import {MessageEndpoint} from "../messaging/MessageEndpoint.sol";

/// @title DirectiveInbox
/// @notice Region-side store of directives from the hub; see {IDirectiveInbox}.
contract DirectiveInbox is IDirectiveInbox, MessageEndpoint {
    /// @dev An `Assignment` as stored: what a receipt is checked against (node, attempt, arrival,
    /// acknowledgement) shares one slot, so a batch of proven receipts reads one cold slot per job, not two.
    /// Node ids are `region << 64 | index` (96 bits); the region's block time fits 64 bits.
    struct Stored {
        uint96 nodeId;
        uint32 attempt;
        uint64 receivedAt;
        bool acknowledged;
        uint32 latencyBoundMs;
        uint64 deadline;
        uint256 inputCommitment;
    }

    IComputeRegistry private immutable _registry;
    mapping(uint256 jobId => Stored) private _assignments;

    constructor(
        IMessenger messenger_,
        IComputeRegistry registry,
        address initialOwner
    ) MessageEndpoint(messenger_, initialOwner) {
        _registry = registry;
    }

    /// @inheritdoc IDirectiveInbox
    function acknowledge(uint256 jobId) external {
        Stored storage a = _assignments[jobId];
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
        Stored storage a = _assignments[jobId];
        return
            Assignment({
                nodeId: a.nodeId,
                inputCommitment: a.inputCommitment,
                attempt: a.attempt,
                latencyBoundMs: a.latencyBoundMs,
                deadline: a.deadline,
                receivedAt: a.receivedAt,
                acknowledged: a.acknowledged
            });
    }

    /// @inheritdoc IDirectiveInbox
    function receiptTerms(
        uint256 jobId
    ) external view returns (uint256 nodeId, uint32 attempt, uint64 receivedAt, bool acknowledged) {
        Stored storage a = _assignments[jobId];
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
        _assignments[terms.jobId] = Stored({
            nodeId: SafeCast.toUint96(terms.nodeId),
            attempt: terms.attempt,
            receivedAt: uint64(block.timestamp),
            acknowledged: false,
            latencyBoundMs: terms.latencyBoundMs,
            deadline: terms.deadline,
            inputCommitment: terms.inputCommitment
        });
        emit AssignmentReceived(terms.jobId, terms.nodeId, terms.attempt, terms);
    }
}
