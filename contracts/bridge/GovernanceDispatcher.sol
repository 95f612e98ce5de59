// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IGovernanceDispatcher} from "../interfaces/IGovernanceDispatcher.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {MessageLib} from "../libraries/MessageLib.sol";

/// @title GovernanceDispatcher
/// @notice Numbers and sends the hub Timelock's calls to regions (see `IGovernanceDispatcher`).
contract GovernanceDispatcher is IGovernanceDispatcher, Ownable {
    /// @notice Longest validity a call may be given (30 days).
    uint64 public constant MAX_VALIDITY = 30 days;

    IMessenger private immutable _mailbox;
    mapping(uint32 region => uint64) private _next;

    constructor(IMessenger mailbox_, address initialOwner) Ownable(initialOwner) {
        _mailbox = mailbox_;
    }

    /// @inheritdoc IGovernanceDispatcher
    function send(
        uint32 region,
        bytes32 executor,
        address target,
        uint256 value,
        bytes calldata data,
        uint64 validFor
    ) external onlyOwner returns (bytes32 messageId, uint64 sequence) {
        if (validFor == 0 || validFor > MAX_VALIDITY) revert GovernanceDispatcherInvalidValidity(validFor);
        sequence = _next[region]++;
        uint64 expiresAt = uint64(block.timestamp) + validFor;
        bytes memory body = MessageLib.encodeGovernanceCall(
            MessageLib.GovernanceCall(target, value, data, sequence, expiresAt)
        );
        messageId = _mailbox.dispatch(region, executor, body);
        emit GovernanceCallSent(region, sequence, messageId, target, expiresAt);
    }

    /// @inheritdoc IGovernanceDispatcher
    function nextSequence(uint32 region) external view returns (uint64) {
        return _next[region];
    }
}
