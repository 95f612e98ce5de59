// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IMessenger
/// @notice The cross-chain transport every Suanli contract talks through. Chains are identified by a
/// `domain` (a uint32; Suanli uses the EVM chain id). A test double delivers on the same chain; the bridge
/// `Mailbox` delivers across chains after M-of-N validator attestations. Contracts of the market never
/// depend on which one is behind this interface.
interface IMessenger {
    /// @notice The domain of the chain this messenger lives on.
    function localDomain() external view returns (uint32);

    /// @notice Sends `body` to `recipient` on `destinationDomain`.
    /// @param destinationDomain Domain of the destination chain.
    /// @param recipient Address of the recipient on that chain, left-padded to 32 bytes.
    /// @param body Message body, encoded with `MessageLib`.
    /// @return messageId Identifier of the dispatched message (unique per messenger).
    function dispatch(
        uint32 destinationDomain,
        bytes32 recipient,
        bytes calldata body
    ) external payable returns (bytes32 messageId);
}

/// @title IMessageRecipient
/// @notice Implemented by contracts that receive messages from an `IMessenger`.
interface IMessageRecipient {
    /// @notice Delivers a message. Called only by the recipient's own messenger.
    /// @param origin Domain of the chain the message was dispatched on.
    /// @param sender Address of the dispatching contract on the origin chain, left-padded to 32 bytes.
    /// @param body Message body, encoded with `MessageLib`.
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external payable;
}
