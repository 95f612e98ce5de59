// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IInterchainSecurityModule
/// @notice Decides whether a `Mailbox` may deliver a message. A module either returns `true` or reverts
/// with a named error that says why the message is not (yet) acceptable.
interface IInterchainSecurityModule {
    /// @notice Verifies `metadata` (attestations gathered off chain) for `message` (the envelope).
    /// @param metadata Module-specific proof that the message was dispatched on its origin chain.
    /// @param message The ABI-encoded envelope; its keccak256 is the message id.
    /// @return True when the message is accepted; any rejection reverts.
    function verify(bytes calldata metadata, bytes calldata message) external view returns (bool);
}
