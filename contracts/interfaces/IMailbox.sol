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
    /// @notice `process` or `withdrawTips` was entered again before it returned.
    error MailboxReentrantCall();
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
    /// @notice `dispatch` carried a tip but governance set no tip recipient (the value is refused, not locked).
    error MailboxTipsDisabled();
    /// @notice `withdrawTips` found no recipient or nothing to pay.
    error MailboxNoTips();
    /// @notice The tip recipient refused the payment.
    error MailboxTipTransferFailed(address recipient);

    /// @notice Emitted for every dispatched message with its full envelope.
    event Dispatched(bytes32 indexed messageId, uint32 indexed destination, uint32 nonce, bytes message);
    /// @notice Emitted when a message is delivered to its recipient.
    event Processed(
        bytes32 indexed messageId,
        uint32 indexed origin,
        bytes32 indexed sender,
        address recipient
    );
    /// @notice Emitted by `processBatch` for a message that failed (it stays undelivered and retryable).
    /// @param failures How many batch attempts of this message failed so far (the on-chain failure record).
    /// @param reason The revert data, cut to 512 bytes (empty: it ran out of its gas cap).
    event ProcessFailed(bytes32 indexed messageId, uint32 failures, bytes reason);
    /// @notice Emitted when a dispatch carries a tip for the relayers.
    event TipPaid(bytes32 indexed messageId, uint256 amount);
    /// @notice Emitted when governance names who receives the tips.
    event TipRecipientSet(address recipient);
    /// @notice Emitted when the collected tips are paid out.
    event TipsWithdrawn(address indexed recipient, uint256 amount);
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
    /// @dev Reverts (leaving the message undelivered) on any failure, including a revert in the recipient,
    /// whose revert data passes through cut to 512 bytes.
    function process(bytes calldata metadata, bytes calldata message) external payable;

    /// @notice Processes several messages in one transaction; a failing message does not stop the others.
    /// @dev Each message goes through `process` (an external self-call) with at most `gasLimits[i]` gas, so
    /// every check, the re-entrancy guard and the delivered record apply unchanged, and a recipient that burns
    /// all its gas or reverts with a huge payload costs its own cap only. A failed message is recorded
    /// (`failures`, `ProcessFailed`) and stays retryable. When less than a message's cap is left, that message
    /// and the rest are not tried (all three outputs stay zero for them): they belong in another transaction.
    /// @return ok Whether each message was delivered by this call.
    /// @return reasons Revert data of each failed message, cut to 512 bytes (empty when delivered).
    /// @return gasUsed Gas each `process` call used (0: not tried).
    function processBatch(
        bytes[] calldata metadata,
        bytes[] calldata messages,
        uint256[] calldata gasLimits
    ) external returns (bool[] memory ok, bytes[] memory reasons, uint256[] memory gasUsed);

    /// @notice Whether `message` (an envelope as dispatched) was delivered here: whether its origin's nonce was.
    function delivered(bytes calldata message) external view returns (bool);

    /// @notice Prepays the delivered record of `origin`'s messages around `atNonce` (one storage word, 255 nonces),
    /// so their deliveries set a bit in a written slot instead of creating it. Anyone; the deploy prepays each
    /// lane's first word, and a delivery prepays the next word halfway through its own.
    function prepayDeliveries(uint32 origin, uint32 atNonce) external;

    /// @notice How many `processBatch` attempts of `messageId` failed here.
    function failures(bytes32 messageId) external view returns (uint32);

    /// @notice Names who receives the relayer tips collected by `dispatch`. Governance only.
    function setTipRecipient(address recipient) external;

    /// @notice The tip recipient (zero: dispatches carrying value are refused).
    function tipRecipient() external view returns (address);

    /// @notice Tips collected and not yet paid out.
    function tips() external view returns (uint256);

    /// @notice Pays the collected tips to the tip recipient (anyone may call).
    function withdrawTips() external;

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
