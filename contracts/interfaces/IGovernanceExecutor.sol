// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessageRecipient} from "./IMessenger.sol";

/// @title IGovernanceExecutor
/// @notice Executes on a region the calls the hub's governance sends through the bridge (numbered by the hub's
/// `GovernanceDispatcher`). It owns the region's tunable contracts, so every regional parameter change is a
/// DAO decision. Calls run strictly in sequence order: one that arrives early is queued until its
/// predecessors ran. Every call gets one final fate: `Executed`, `Failed` (its call reverted; it is not
/// retried — the DAO sends a new call) or `Expired` (reached after its expiry; not executed).
interface IGovernanceExecutor is IMessageRecipient {
    /// @notice What became of a call.
    enum Fate {
        None,
        Queued,
        Executed,
        Failed,
        Expired
    }

    /// @notice `handle` was called by an address other than the region's mailbox.
    error GovernanceExecutorCallerNotMailbox(address caller);
    /// @notice The message did not come from the hub's governance sender on the hub domain.
    error GovernanceExecutorUnauthorizedOrigin(uint32 origin, bytes32 sender);
    /// @notice The body is not a governance call.
    error GovernanceExecutorUnexpectedKind(uint8 kind);
    /// @notice A call with this sequence number was already received.
    error GovernanceExecutorDuplicateSequence(uint64 sequence);

    /// @notice Emitted when a call arrives before its predecessors and waits for them.
    event GovernanceCallQueued(uint64 indexed sequence, uint64 next);
    /// @notice Emitted after a governance call succeeded.
    event GovernanceCallExecuted(uint64 indexed sequence, address indexed target, uint256 value, bytes data);
    /// @notice Emitted when a governance call reverted; its sequence is consumed and it is not retried.
    event GovernanceCallFailed(uint64 indexed sequence, address indexed target, bytes returnData);
    /// @notice Emitted when a call is reached after its expiry; it is skipped.
    event GovernanceCallExpired(uint64 indexed sequence, uint64 expiresAt);

    /// @notice Runs queued calls that became next in line (anyone may call, e.g. when a long queue did not fit
    /// in one delivery's gas). Returns how many calls got their fate.
    function runQueued(uint256 max) external returns (uint256 done);

    /// @notice The fate of call `sequence`.
    function fate(uint64 sequence) external view returns (Fate);

    /// @notice The sequence number executed next.
    function nextSequence() external view returns (uint64);

    /// @notice The mailbox messages are accepted from.
    function mailbox() external view returns (address);

    /// @notice The hub domain.
    function hubDomain() external view returns (uint32);

    /// @notice The hub's governance sender (its `GovernanceDispatcher`), left-padded to 32 bytes.
    function hubSender() external view returns (bytes32);
}
