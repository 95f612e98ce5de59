// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IMailbox} from "../interfaces/IMailbox.sol";
import {IMessenger, IMessageRecipient} from "../interfaces/IMessenger.sol";
import {IInterchainSecurityModule} from "../interfaces/IInterchainSecurityModule.sol";
import {RateLimitLib} from "../libraries/RateLimitLib.sol";

/// @title Mailbox
/// @notice The bridge endpoint of one chain (see `IMailbox`). Owned by governance: the hub Timelock on the
/// hub, the region's `GovernanceExecutor` on a region.
contract Mailbox is IMailbox, Ownable, ReentrancyGuard {
    using RateLimitLib for RateLimitLib.Bucket;

    uint8 public constant VERSION = 1;

    uint32 private immutable _localDomain;
    uint32 private _nonce;
    IInterchainSecurityModule private _ism;
    mapping(bytes32 messageId => bool) private _delivered;
    mapping(uint32 origin => mapping(uint8 kind => bool)) private _limited;
    mapping(uint32 origin => mapping(uint8 kind => RateLimitLib.Bucket)) private _buckets;

    constructor(
        uint32 localDomain_,
        IInterchainSecurityModule ism_,
        address initialOwner
    ) Ownable(initialOwner) {
        if (address(ism_) == address(0)) revert MailboxZeroIsm();
        _localDomain = localDomain_;
        _ism = ism_;
        emit IsmSet(address(ism_));
    }

    /// @inheritdoc IMessenger
    function localDomain() external view returns (uint32) {
        return _localDomain;
    }

    /// @inheritdoc IMessenger
    /// @dev `msg.value` is not forwarded to the destination; fees are a later concern and accepted as tips.
    function dispatch(
        uint32 destinationDomain,
        bytes32 recipient,
        bytes calldata body
    ) external payable returns (bytes32 messageId) {
        uint32 n = _nonce++;
        bytes memory message = abi.encode(
            VERSION,
            n,
            _localDomain,
            bytes32(uint256(uint160(msg.sender))),
            destinationDomain,
            recipient,
            body
        );
        messageId = keccak256(message);
        emit Dispatched(messageId, destinationDomain, n, message);
    }

    /// @inheritdoc IMailbox
    function process(bytes calldata metadata, bytes calldata message) external payable nonReentrant {
        (
            uint8 version,
            ,
            uint32 origin,
            bytes32 sender,
            uint32 destination,
            bytes32 recipient,
            bytes memory body
        ) = abi.decode(message, (uint8, uint32, uint32, bytes32, uint32, bytes32, bytes));
        if (version != VERSION) revert MailboxUnsupportedVersion(version);
        if (destination != _localDomain) revert MailboxWrongDestination(destination);
        bytes32 messageId = keccak256(message);
        if (_delivered[messageId]) revert MailboxAlreadyDelivered(messageId);
        if (!_ism.verify(metadata, message)) revert MailboxNotVerified(messageId);
        address to = address(uint160(uint256(recipient)));
        if (to.code.length == 0) revert MailboxRecipientNotContract(to);
        // Value-bearing kinds: body = version ‖ kind ‖ payload (MessageLib); other bodies are never limited.
        if (body.length >= 2) {
            uint8 kind = uint8(body[1]);
            if (_limited[origin][kind]) {
                uint64 availableAt = _buckets[origin][kind].consume(block.timestamp);
                if (availableAt != 0) revert MailboxRateLimited(origin, kind, availableAt);
            }
        }
        // Effects before the interaction: a re-entrant or repeated delivery finds the id recorded.
        _delivered[messageId] = true;
        emit Processed(messageId, origin, sender, to);
        IMessageRecipient(to).handle{value: msg.value}(origin, sender, body);
    }

    /// @inheritdoc IMailbox
    function processBatch(
        bytes[] calldata metadata,
        bytes[] calldata messages
    ) external returns (bool[] memory ok, bytes[] memory reasons, uint256[] memory gasUsed) {
        if (metadata.length != messages.length)
            revert MailboxBatchLengthMismatch(metadata.length, messages.length);
        ok = new bool[](messages.length);
        reasons = new bytes[](messages.length);
        gasUsed = new uint256[](messages.length);
        for (uint256 i; i < messages.length; ++i) {
            uint256 before = gasleft();
            try this.process(metadata[i], messages[i]) {
                ok[i] = true;
            } catch (bytes memory reason) {
                reasons[i] = reason;
            }
            gasUsed[i] = before - gasleft();
        }
    }

    /// @inheritdoc IMailbox
    function delivered(bytes32 messageId) external view returns (bool) {
        return _delivered[messageId];
    }

    /// @inheritdoc IMailbox
    function nonce() external view returns (uint32) {
        return _nonce;
    }

    /// @inheritdoc IMailbox
    function ism() external view returns (IInterchainSecurityModule) {
        return _ism;
    }

    /// @inheritdoc IMailbox
    function setIsm(IInterchainSecurityModule newIsm) external onlyOwner {
        if (address(newIsm) == address(0)) revert MailboxZeroIsm();
        _ism = newIsm;
        emit IsmSet(address(newIsm));
    }

    /// @inheritdoc IMailbox
    /// @dev The bucket starts full, so a new limit never blocks traffic already allowed by the previous one.
    function setRateLimit(
        uint32 origin,
        uint8 kind,
        uint64 capacity,
        uint64 refillPerHour
    ) external onlyOwner {
        if (capacity == 0 || refillPerHour == 0) revert MailboxInvalidRateLimit();
        _limited[origin][kind] = true;
        _buckets[origin][kind] = RateLimitLib.Bucket({
            capacity: capacity,
            refillPerHour: refillPerHour,
            updatedAt: uint64(block.timestamp),
            units: uint128(uint256(capacity) * RateLimitLib.UNIT)
        });
        emit RateLimitSet(origin, kind, true, capacity, refillPerHour);
    }

    /// @inheritdoc IMailbox
    function removeRateLimit(uint32 origin, uint8 kind) external onlyOwner {
        delete _limited[origin][kind];
        delete _buckets[origin][kind];
        emit RateLimitSet(origin, kind, false, 0, 0);
    }

    /// @inheritdoc IMailbox
    function rateLimit(uint32 origin, uint8 kind) external view returns (RateLimit memory) {
        RateLimitLib.Bucket storage bucket = _buckets[origin][kind];
        return RateLimit(_limited[origin][kind], bucket.capacity, bucket.refillPerHour);
    }

    /// @inheritdoc IMailbox
    function rateLimitAvailable(
        uint32 origin,
        uint8 kind
    ) external view returns (uint64 available, uint64 nextAt) {
        if (!_limited[origin][kind]) return (type(uint64).max, uint64(block.timestamp));
        RateLimitLib.Bucket storage bucket = _buckets[origin][kind];
        uint256 units = bucket.unitsAt(block.timestamp);
        return (uint64(units / RateLimitLib.UNIT), bucket.nextAt(units, block.timestamp));
    }
}
