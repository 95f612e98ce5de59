// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessageRecipient} from "./IMessenger.sol";

/// @title IGovernanceExecutor
/// @notice Executes on a region the calls the hub's Timelock sends through the bridge. It owns the region's
/// tunable contracts, so every regional parameter change is a DAO decision.
interface IGovernanceExecutor is IMessageRecipient {
    /// @notice `handle` was called by an address other than the region's mailbox.
    error GovernanceExecutorCallerNotMailbox(address caller);
    /// @notice The message did not come from the hub Timelock on the hub domain.
    error GovernanceExecutorUnauthorizedOrigin(uint32 origin, bytes32 sender);
    /// @notice The body is not a governance call.
    error GovernanceExecutorUnexpectedKind(uint8 kind);
    /// @notice The executed call reverted (with its revert data).
    error GovernanceExecutorCallFailed(address target, bytes returnData);

    /// @notice Emitted after a governance call succeeded.
    event GovernanceCallExecuted(address indexed target, uint256 value, bytes data);

    /// @notice The mailbox messages are accepted from.
    function mailbox() external view returns (address);

    /// @notice The hub domain.
    function hubDomain() external view returns (uint32);

    /// @notice The hub Timelock, left-padded to 32 bytes.
    function hubTimelock() external view returns (bytes32);
}
