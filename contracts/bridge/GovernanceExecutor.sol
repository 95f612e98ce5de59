// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IGovernanceExecutor} from "../interfaces/IGovernanceExecutor.sol";
import {IMessageRecipient} from "../interfaces/IMessenger.sol";
import {MessageLib} from "../libraries/MessageLib.sol";

/// @title GovernanceExecutor
/// @notice A region's governance: runs, in sequence order, the `GOVERNANCE_CALL` messages of the hub's
/// `GovernanceDispatcher` (see `IGovernanceExecutor`).
contract GovernanceExecutor is IGovernanceExecutor {
    /// @dev Calls run per delivery at most (more wait for `runQueued`), so a delivery's gas stays bounded.
    uint256 private constant RUN_PER_DELIVERY = 16;

    address private immutable _mailbox;
    uint32 private immutable _hubDomain;
    bytes32 private immutable _hubSender;
    uint64 private _next;
    mapping(uint64 sequence => Fate) private _fates;
    mapping(uint64 sequence => MessageLib.GovernanceCall) private _queued;

    constructor(address mailbox_, uint32 hubDomain_, address hubSender_) {
        _mailbox = mailbox_;
        _hubDomain = hubDomain_;
        _hubSender = bytes32(uint256(uint160(hubSender_)));
    }

    /// @inheritdoc IMessageRecipient
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external payable {
        if (msg.sender != _mailbox) revert GovernanceExecutorCallerNotMailbox(msg.sender);
        if (origin != _hubDomain || sender != _hubSender)
            revert GovernanceExecutorUnauthorizedOrigin(origin, sender);
        (uint8 kind, bytes calldata payload) = MessageLib.decode(body);
        if (kind != MessageLib.GOVERNANCE_CALL) revert GovernanceExecutorUnexpectedKind(kind);
        MessageLib.GovernanceCall memory call = MessageLib.decodeGovernanceCall(payload);
        if (call.sequence < _next || _fates[call.sequence] != Fate.None)
            revert GovernanceExecutorDuplicateSequence(call.sequence);
        _fates[call.sequence] = Fate.Queued;
        _queued[call.sequence] = call;
        if (call.sequence != _next) emit GovernanceCallQueued(call.sequence, _next);
        _run(RUN_PER_DELIVERY);
    }

    /// @inheritdoc IGovernanceExecutor
    function runQueued(uint256 max) external returns (uint256 done) {
        return _run(max);
    }

    /// @inheritdoc IGovernanceExecutor
    function fate(uint64 sequence) external view returns (Fate) {
        return _fates[sequence];
    }

    /// @inheritdoc IGovernanceExecutor
    function nextSequence() external view returns (uint64) {
        return _next;
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
    function hubSender() external view returns (bytes32) {
        return _hubSender;
    }

    /// @dev Funds for governance calls that carry value.
    receive() external payable {}

    /// @dev Runs the calls next in line while they are queued; each gets its final fate before its call is made.
    function _run(uint256 max) private returns (uint256 done) {
        while (done < max && _fates[_next] == Fate.Queued) {
            uint64 sequence = _next++;
            MessageLib.GovernanceCall memory call = _queued[sequence];
            delete _queued[sequence];
            ++done;
            if (block.timestamp > call.expiresAt) {
                _fates[sequence] = Fate.Expired;
                emit GovernanceCallExpired(sequence, call.expiresAt);
                continue;
            }
            // The target is chosen by the DAO through the Timelock; this contract holds no other authority.
            // solhint-disable-next-line avoid-low-level-calls
            _fates[sequence] = Fate.Executed; // effects first; corrected below if the call reverts
            (bool ok, bytes memory returnData) = call.target.call{value: call.value}(call.data);
            if (ok) {
                emit GovernanceCallExecuted(sequence, call.target, call.value, call.data);
            } else {
                _fates[sequence] = Fate.Failed;
                emit GovernanceCallFailed(sequence, call.target, returnData);
            }
        }
    }
}
