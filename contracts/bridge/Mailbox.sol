// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IMailbox} from "../interfaces/IMailbox.sol";
import {IMessenger, IMessageRecipient} from "../interfaces/IMessenger.sol";
import {IInterchainSecurityModule} from "../interfaces/IInterchainSecurityModule.sol";
import {RateLimitLib} from "../libraries/RateLimitLib.sol";

/// @title Mailbox
/// @notice The bridge endpoint of one chain (see `IMailbox`). Owned by governance: the hub Timelock on the
/// hub, the region's `GovernanceExecutor` on a region.
contract Mailbox is IMailbox, Ownable {
    using RateLimitLib for RateLimitLib.Bucket;

    /// @dev Set while `process` or `withdrawTips` runs. The guard of OpenZeppelin's `ReentrancyGuardTransient`
    /// kept in a high-level transient variable: the same TLOAD/TSTORE cost, without the inline-assembly `tstore`
    /// for which solc prints its EIP-1153 composability warning on every build. Cleared at the end of each call.
    bool private transient _entered;

    modifier nonReentrant() {
        if (_entered) revert MailboxReentrantCall();
        _entered = true;
        _;
        _entered = false;
    }

    uint8 public constant VERSION = 1;
    /// @notice Revert data kept of a failed message (a longer payload is cut, so it cannot cost the caller).
    uint256 public constant MAX_REASON_BYTES = 512;
    /// @dev Gas `processBatch` keeps for its own bookkeeping after a message's call (event, failure record).
    uint256 private constant BATCH_RESERVE = 40_000;
    /// @dev Nonces per word of the delivered bitmap; bit 255 of a word is its "written" mark (see `_delivered`).
    uint256 private constant NONCES_PER_WORD = 255;
    uint256 private constant WRITTEN = 1 << 255;
    /// @dev A delivery at this position of its word writes the next word's mark (pays one fresh slot per word).
    uint256 private constant PREPAY_AT = 127;

    uint32 private immutable _localDomain;
    uint32 private _nonce;
    IInterchainSecurityModule private _ism;
    address private _tipRecipient;
    uint256 private _tips;
    /// @dev Delivered messages of each origin (lane), by the origin's nonce: bit `nonce % 255` of word
    /// `nonce / 255`. A word's bit 255 marks it written, so a delivery usually sets a bit in a non-zero slot
    /// (5k gas) instead of creating a slot per message (22.1k). A nonce is delivered at most once: a second message
    /// with the same (origin, nonce) — which only a validator quorum equivocating could attest — is refused too.
    mapping(uint32 origin => mapping(uint256 word => uint256 bits)) private _delivered;
    mapping(bytes32 messageId => uint32) private _failures;
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
    /// @dev `msg.value` is a tip for the relayers, collected for the governance-set tip recipient; without one
    /// the dispatch is refused rather than locking the value.
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
        if (msg.value != 0) {
            if (_tipRecipient == address(0)) revert MailboxTipsDisabled();
            _tips += msg.value;
            emit TipPaid(messageId, msg.value);
        }
    }

    /// @inheritdoc IMailbox
    function process(bytes calldata metadata, bytes calldata message) external payable nonReentrant {
        (
            uint8 version,
            uint32 n,
            uint32 origin,
            bytes32 sender,
            uint32 destination,
            bytes32 recipient,
            bytes memory body
        ) = abi.decode(message, (uint8, uint32, uint32, bytes32, uint32, bytes32, bytes));
        if (version != VERSION) revert MailboxUnsupportedVersion(version);
        if (destination != _localDomain) revert MailboxWrongDestination(destination);
        bytes32 messageId = keccak256(message);
        // Effect first (a failing check below reverts it): a re-entrant or repeated delivery finds it recorded.
        _recordDelivery(origin, n, messageId);
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
        emit Processed(messageId, origin, sender, to);
        (bool ok, bytes memory reason) = _boundedCall(
            to,
            gasleft(),
            msg.value,
            abi.encodeCall(IMessageRecipient.handle, (origin, sender, body))
        );
        if (!ok) _revertWith(reason);
    }

    /// @inheritdoc IMailbox
    function processBatch(
        bytes[] calldata metadata,
        bytes[] calldata messages,
        uint256[] calldata gasLimits
    ) external returns (bool[] memory ok, bytes[] memory reasons, uint256[] memory gasUsed) {
        uint256 n = messages.length;
        if (metadata.length != n || gasLimits.length != n)
            revert MailboxBatchLengthMismatch(metadata.length, n);
        ok = new bool[](n);
        reasons = new bytes[](n);
        gasUsed = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            // A message is tried only with its whole cap available (the call gets at most 63/64 of what is
            // left): the rest of the batch is left for another transaction instead of failing for lack of gas.
            if (gasleft() < (gasLimits[i] * 64) / 63 + BATCH_RESERVE) break;
            (ok[i], reasons[i], gasUsed[i]) = _tryProcess(metadata[i], messages[i], gasLimits[i]);
        }
    }

    /// @dev One message of a batch: `process` as an external self-call with a gas cap; a failure is recorded.
    function _tryProcess(
        bytes calldata metadata,
        bytes calldata message,
        uint256 gasLimit
    ) private returns (bool ok, bytes memory reason, uint256 gasUsed) {
        uint256 before = gasleft();
        (ok, reason) = _boundedCall(
            address(this),
            gasLimit,
            0,
            abi.encodeCall(this.process, (metadata, message))
        );
        gasUsed = before - gasleft();
        if (!ok) {
            bytes32 messageId = keccak256(message);
            uint32 failed = ++_failures[messageId];
            emit ProcessFailed(messageId, failed, reason);
        }
    }

    /// @inheritdoc IMailbox
    function delivered(bytes calldata message) external view returns (bool) {
        (, uint32 n, uint32 origin) = abi.decode(message[:96], (uint8, uint32, uint32));
        return _delivered[origin][n / NONCES_PER_WORD] & (1 << (n % NONCES_PER_WORD)) != 0;
    }

    /// @inheritdoc IMailbox
    function prepayDeliveries(uint32 origin, uint32 atNonce) external {
        _markWritten(origin, atNonce / NONCES_PER_WORD);
    }

    /// @dev Records `origin`'s nonce `n` as delivered, or reverts if it already was.
    function _recordDelivery(uint32 origin, uint32 n, bytes32 messageId) private {
        uint256 word = n / NONCES_PER_WORD;
        uint256 bits = _delivered[origin][word];
        uint256 bit = 1 << (n % NONCES_PER_WORD);
        if (bits & bit != 0) revert MailboxAlreadyDelivered(messageId);
        _delivered[origin][word] = bits | bit | WRITTEN;
        if (n % NONCES_PER_WORD == PREPAY_AT) _markWritten(origin, word + 1);
    }

    /// @dev Writes the mark of a word of `origin`'s bitmap if the word is still empty.
    function _markWritten(uint32 origin, uint256 word) private {
        if (_delivered[origin][word] == 0) _delivered[origin][word] = WRITTEN;
    }

    /// @inheritdoc IMailbox
    function failures(bytes32 messageId) external view returns (uint32) {
        return _failures[messageId];
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
    function setTipRecipient(address recipient) external onlyOwner {
        _tipRecipient = recipient;
        emit TipRecipientSet(recipient);
    }

    /// @inheritdoc IMailbox
    function tipRecipient() external view returns (address) {
        return _tipRecipient;
    }

    /// @inheritdoc IMailbox
    function tips() external view returns (uint256) {
        return _tips;
    }

    /// @inheritdoc IMailbox
    function withdrawTips() external nonReentrant {
        address to = _tipRecipient;
        uint256 amount = _tips;
        if (to == address(0) || amount == 0) revert MailboxNoTips();
        _tips = 0;
        emit TipsWithdrawn(to, amount);
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, ) = to.call{value: amount}("");
        if (!ok) revert MailboxTipTransferFailed(to);
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

    /// @dev A call that copies at most `MAX_REASON_BYTES` of revert data: a recipient reverting with a huge
    /// payload cannot make its caller pay for copying it (memory cost grows with the square of its size).
    function _boundedCall(
        address target,
        uint256 gasLimit,
        uint256 value,
        bytes memory data
    ) private returns (bool ok, bytes memory reason) {
        uint256 size;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            ok := call(gasLimit, target, value, add(data, 0x20), mload(data), 0, 0)
            size := returndatasize()
        }
        if (ok) return (true, "");
        if (size > MAX_REASON_BYTES) size = MAX_REASON_BYTES;
        reason = new bytes(size);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            returndatacopy(add(reason, 0x20), 0, size)
        }
    }

    /// @dev Reverts with `reason` as the revert data (a recipient's error passes through, truncated).
    function _revertWith(bytes memory reason) private pure {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            revert(add(reason, 0x20), mload(reason))
        }
    }
}
