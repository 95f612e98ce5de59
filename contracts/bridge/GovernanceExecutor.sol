// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IGovernanceExecutor} from "../interfaces/IGovernanceExecutor.sol";
import {IMessageRecipient} from "../interfaces/IMessenger.sol";
import {MessageLib} from "../libraries/MessageLib.sol";

/// @title GovernanceExecutor
/// @notice A region's governance: runs `GOVERNANCE_CALL` messages from the hub Timelock (see `IGovernanceExecutor`).
contract GovernanceExecutor is IGovernanceExecutor {
    address private immutable _mailbox;
    uint32 private immutable _hubDomain;
    bytes32 private immutable _hubTimelock;

    constructor(address mailbox_, uint32 hubDomain_, address hubTimelock_) {
        _mailbox = mailbox_;
        _hubDomain = hubDomain_;
        _hubTimelock = bytes32(uint256(uint160(hubTimelock_)));
    }

    /// @inheritdoc IMessageRecipient
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external payable {
        if (msg.sender != _mailbox) revert GovernanceExecutorCallerNotMailbox(msg.sender);
        if (origin != _hubDomain || sender != _hubTimelock)
            revert GovernanceExecutorUnauthorizedOrigin(origin, sender);
        (uint8 kind, bytes calldata payload) = MessageLib.decode(body);
        if (kind != MessageLib.GOVERNANCE_CALL) revert GovernanceExecutorUnexpectedKind(kind);
        MessageLib.GovernanceCall memory call = MessageLib.decodeGovernanceCall(payload);
        // The target is chosen by the DAO through the Timelock; this contract holds no other authority.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory returnData) = call.target.call{value: call.value}(call.data);
        if (!ok) revert GovernanceExecutorCallFailed(call.target, returnData);
        emit GovernanceCallExecuted(call.target, call.value, call.data);
    }

    /// @inheritdoc IGovernanceExecutor
    function mailbox() external view returns (address) {
        return _mailbox;
    }

    /// @inheritdoc IGovernanceExecutor
    function hubDomain() external view returns (uint32) {
        return _hubDomain;
    }

    /// @inheritdoc IGovernanceExecutor
    function hubTimelock() external view returns (bytes32) {
        return _hubTimelock;
    }

    /// @dev Funds for governance calls that carry value.
    receive() external payable {}
}
