// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessenger} from "./IMessenger.sol";
import {IInterchainSecurityModule} from "./IInterchainSecurityModule.sol";

/// @title IMailbox
/// @notice The bridge endpoint on every chain. `dispatch` numbers and publishes an envelope; `process`
/// delivers an envelope from another chain exactly once, after the security module accepts its metadata and
/// the lane's rate limit (for value-bearing kinds) has room.
/// @dev Envelope: `abi.encode(uint8 version, uint32 nonce, uint32 origin, bytes32 sender, uint32 destination,
/// bytes32 recipient, bytes body)`; `messageId = keccak256(envelope)`.
interface IMailbox is IMessenger {
    /// @notice Rate limit of one lane: messages of `kind` arriving from `origin`.
    struct RateLimit {
        bool enabled;
        uint64 capacity;
        uint64 refillPerHour;
    }

    /// @notice The envelope was encoded with another version.
    error MailboxUnsupportedVersion(uint8 version);
    /// @notice The envelope is addressed to another domain.
    error MailboxWrongDestination(uint32 destination);
    /// @notice The message was already delivered.
    error MailboxAlreadyDelivered(bytes32 messageId);
    /// @notice The security module returned false.
    error MailboxNotVerified(bytes32 messageId);
    /// @notice The lane's token bucket is empty; the message can be delivered from `availableAt` on.
    error MailboxRateLimited(uint32 origin, uint8 kind, uint64 availableAt);
    /// @notice A zero address was given for the security module.
    error MailboxZeroIsm();
    /// @notice The recipient is not a contract.
    error MailboxRecipientNotContract(address recipient);
    /// @notice `processBatch` got arrays of different lengths.
    error MailboxBatchLengthMismatch(uint256 metadata, uint256 messages);
    /// @notice A rate limit with refill 0 or capacity 0 was given.
    error MailboxInvalidRateLimit();

    /// @notice Emitted for every dispatched message with its full envelope.
    event Dispatched(bytes32 indexed messageId, uint32 indexed destination, uint32 nonce, bytes message);
    /// @notice Emitted when a message is delivered to its recipient.
    event Processed(
        bytes32 indexed messageId,
        uint32 indexed origin,
        bytes32 indexed sender,
        address recipient
    );
    /// @notice Emitted when governance replaces the security module.
    event IsmSet(address ism);
    /// @notice Emitted when governance sets or removes a lane's rate limit.
    event RateLimitSet(
        uint32 indexed origin,
        uint8 indexed kind,
        bool enabled,
        uint64 capacity,
        uint64 refillPerHour
    );

    /// @notice Delivers `message` to its recipient's `handle` once `metadata` satisfies the security module.
    /// @dev Reverts (leaving the message undelivered) on any failure, including a revert in the recipient.
    function process(bytes calldata metadata, bytes calldata message) external payable;

    /// @notice Processes several messages in one transaction; a failing message does not stop the others.
    /// @dev Each message goes through `process` (an external self-call), so every check, the re-entrancy
    /// guard and the delivered record apply unchanged. A relayer `eth_call`s it first to learn, in one round
    /// trip, which messages would fail and why.
    /// @return ok Whether each message was delivered by this call.
    /// @return reasons Revert data of each failed message (empty for delivered ones).
    /// @return gasUsed Gas each `process` call used, so a dry run doubles as the gas estimate.
    function processBatch(
        bytes[] calldata metadata,
        bytes[] calldata messages
    ) external returns (bool[] memory ok, bytes[] memory reasons, uint256[] memory gasUsed);

    /// @notice Whether `messageId` was delivered here.
    function delivered(bytes32 messageId) external view returns (bool);

    /// @notice The nonce the next dispatched message gets.
    function nonce() external view returns (uint32);

    /// @notice The security module consulted by `process`.
    function ism() external view returns (IInterchainSecurityModule);

    /// @notice Replaces the security module. Governance only.
    function setIsm(IInterchainSecurityModule newIsm) external;

    /// @notice Limits messages of `kind` from `origin` to a token bucket of `capacity` refilled by
    /// `refillPerHour` messages per hour. Governance only.
    function setRateLimit(uint32 origin, uint8 kind, uint64 capacity, uint64 refillPerHour) external;

    /// @notice Removes the rate limit of a lane. Governance only.
    function removeRateLimit(uint32 origin, uint8 kind) external;

    /// @notice The lane's configuration.
    function rateLimit(uint32 origin, uint8 kind) external view returns (RateLimit memory);

    /// @notice Messages the lane can take now (whole messages) and when the next one is available.
    function rateLimitAvailable(
        uint32 origin,
        uint8 kind
    ) external view returns (uint64 available, uint64 nextAt);
}
