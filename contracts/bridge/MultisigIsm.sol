// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IMultisigIsm} from "../interfaces/IMultisigIsm.sol";
import {IInterchainSecurityModule} from "../interfaces/IInterchainSecurityModule.sol";

/// @title MultisigIsm
/// @notice t-of-n validator attestations per origin domain, with versioned sets, a rotation grace period,
/// immediate revocation and a delayed guardian recovery (see `IMultisigIsm`). Owned by governance.
contract MultisigIsm is IMultisigIsm, Ownable {
    uint256 private constant HEADER = 4; // setVersion
    uint256 private constant SIGNATURE = 65;
    /// @dev Offset of the origin domain in the ABI-encoded envelope (its third head word).
    uint256 private constant ORIGIN_OFFSET = 64;
    /// @dev Bit 31 of the header marks the checkpoint format; the low 31 bits are the set version.
    uint32 private constant CHECKPOINT_FLAG = 1 << 31;
    uint256 private constant MAX_PROOF = 32;

    struct ValidatorSet {
        address[] validators;
        uint8 threshold;
        bool revoked;
        mapping(address validator => bool) isMember;
    }

    uint64 private _gracePeriod;
    address private _guardian;
    uint64 private _recoveryDelay;
    mapping(uint32 origin => bytes32 mailbox) private _originMailboxes;
    mapping(uint32 origin => uint32 version) private _current;
    mapping(uint32 origin => uint64 timestamp) private _previousValidUntil;
    mapping(uint32 origin => mapping(uint32 version => ValidatorSet)) private _sets;
    mapping(uint32 origin => Recovery) private _recoveries;

    constructor(uint64 gracePeriod_, address initialOwner) Ownable(initialOwner) {
        _gracePeriod = gracePeriod_;
        emit GracePeriodSet(gracePeriod_);
    }

    /// @inheritdoc IInterchainSecurityModule
    /// @dev The destination mailbox signed for is the caller: an attestation for another Mailbox (even one
    /// with the same domain and validators) does not verify here.
    function verify(bytes calldata metadata, bytes calldata message) external view returns (bool) {
        if (message.length < ORIGIN_OFFSET + 32) revert MultisigIsmMessageMalformed();
        uint32 origin = uint32(uint256(bytes32(message[ORIGIN_OFFSET:ORIGIN_OFFSET + 32])));
        bytes32 sourceMailbox = _originMailboxes[origin];
        if (sourceMailbox == bytes32(0)) revert MultisigIsmUnknownOrigin(origin);
        if (metadata.length < HEADER) revert MultisigIsmMetadataMalformed(metadata.length);
        uint32 header = uint32(bytes4(metadata[0:HEADER]));
        if (header & CHECKPOINT_FLAG != 0) {
            _verifyCheckpoint(origin, sourceMailbox, header & ~CHECKPOINT_FLAG, metadata, keccak256(message));
            return true;
        }
        ValidatorSet storage set = _activeSet(origin, header);

        uint256 count = (metadata.length - HEADER) / SIGNATURE;
        if (count < set.threshold || HEADER + count * SIGNATURE != metadata.length) {
            revert MultisigIsmMetadataMalformed(metadata.length);
        }
        bytes32 signed = MessageHashUtils.toEthSignedMessageHash(
            digest(origin, sourceMailbox, msg.sender, keccak256(message))
        );
        _checkSigners(set, signed, metadata[HEADER:], count);
        return true;
    }

    function rotateValidators(
        uint32 origin,
        address[] calldata validators,
        uint8 threshold
    ) external onlyOwner {
        _install(origin, validators, threshold, true);
    }

    /// @inheritdoc IMultisigIsm
    function revokeSet(uint32 origin, uint32 version) external {
        if (msg.sender != owner() && msg.sender != _guardian) revert MultisigIsmNotGuardian(msg.sender);
        ValidatorSet storage set = _sets[origin][version];
        if (set.threshold == 0 || set.revoked) revert MultisigIsmSetNotActive(origin, version);
        set.revoked = true;
        emit ValidatorSetRevoked(origin, version, msg.sender);
    }

    /// @inheritdoc IMultisigIsm
    function setGuardian(address guardian_, uint64 recoveryDelay_) external onlyOwner {
        _guardian = guardian_;
        _recoveryDelay = recoveryDelay_;
        emit GuardianSet(guardian_, recoveryDelay_);
    }

    /// @inheritdoc IMultisigIsm
    function guardian() external view returns (address, uint64) {
        return (_guardian, _recoveryDelay);
    }

    /// @inheritdoc IMultisigIsm
    function proposeRecovery(uint32 origin, address[] calldata validators, uint8 threshold) external {
        if (msg.sender != _guardian || _guardian == address(0)) revert MultisigIsmNotGuardian(msg.sender);
        _checkSet(origin, validators, threshold);
        uint64 executableAt = uint64(block.timestamp) + _recoveryDelay;
        _recoveries[origin] = Recovery(validators, threshold, executableAt);
        emit RecoveryProposed(origin, validators, threshold, executableAt);
    }

    /// @inheritdoc IMultisigIsm
    function cancelRecovery(uint32 origin) external onlyOwner {
        if (_recoveries[origin].executableAt == 0) revert MultisigIsmNoRecovery(origin);
        delete _recoveries[origin];
        emit RecoveryCancelled(origin);
    }

    /// @inheritdoc IMultisigIsm
    function executeRecovery(uint32 origin) external {
        Recovery memory recovery = _recoveries[origin];
        if (recovery.executableAt == 0) revert MultisigIsmNoRecovery(origin);
        if (block.timestamp < recovery.executableAt)
            revert MultisigIsmRecoveryNotReady(origin, recovery.executableAt);
        delete _recoveries[origin];
        // No grace for the replaced set: a recovery replaces a set that is lost or not trusted.
        uint32 version = _install(origin, recovery.validators, recovery.threshold, false);
        emit RecoveryExecuted(origin, version);
    }

    /// @inheritdoc IMultisigIsm
    function pendingRecovery(uint32 origin) external view returns (Recovery memory) {
        return _recoveries[origin];
    }

    /// @inheritdoc IMultisigIsm
    function setOriginMailbox(uint32 origin, bytes32 mailbox) external onlyOwner {
        _originMailboxes[origin] = mailbox;
        emit OriginMailboxSet(origin, mailbox);
    }

    /// @inheritdoc IMultisigIsm
    function originMailbox(uint32 origin) external view returns (bytes32) {
        return _originMailboxes[origin];
    }

    /// @inheritdoc IMultisigIsm
    function setGracePeriod(uint64 gracePeriod_) external onlyOwner {
        _gracePeriod = gracePeriod_;
        emit GracePeriodSet(gracePeriod_);
    }

    /// @inheritdoc IMultisigIsm
    function gracePeriod() external view returns (uint64) {
        return _gracePeriod;
    }

    /// @inheritdoc IMultisigIsm
    function currentVersion(uint32 origin) external view returns (uint32) {
        return _current[origin];
    }

    /// @inheritdoc IMultisigIsm
    function previousValidUntil(uint32 origin) external view returns (uint64) {
        return _previousValidUntil[origin];
    }

    /// @inheritdoc IMultisigIsm
    function validatorSet(
        uint32 origin,
        uint32 version
    ) external view returns (address[] memory validators, uint8 threshold) {
        ValidatorSet storage set = _sets[origin][version];
        return (set.validators, set.threshold);
    }

    /// @inheritdoc IMultisigIsm
    function isRevoked(uint32 origin, uint32 version) external view returns (bool) {
        return _sets[origin][version].revoked;
    }

    /// @inheritdoc IMultisigIsm
    function digest(
        uint32 origin,
        bytes32 sourceMailbox,
        address destinationMailbox,
        bytes32 messageId
    ) public pure returns (bytes32) {
        return
            keccak256(
                abi.encodePacked("SUANLI_BRIDGE_V2", origin, sourceMailbox, destinationMailbox, messageId)
            );
    }

    /// @inheritdoc IMultisigIsm
    function checkpointDigest(
        uint32 origin,
        bytes32 sourceMailbox,
        address destinationMailbox,
        bytes32 root
    ) public pure returns (bytes32) {
        return
            keccak256(
                abi.encodePacked("SUANLI_CHECKPOINT_V1", origin, sourceMailbox, destinationMailbox, root)
            );
    }

    /// @dev Checkpoint metadata: root ‖ proof length ‖ proof ‖ signatures over the root. The leaf is hashed
    /// twice so that no inner node (a hash of 64 bytes) can pass for a leaf.
    function _verifyCheckpoint(
        uint32 origin,
        bytes32 sourceMailbox,
        uint32 version,
        bytes calldata metadata,
        bytes32 messageId
    ) private view {
        ValidatorSet storage set = _activeSet(origin, version);
        if (metadata.length < HEADER + 33) revert MultisigIsmMetadataMalformed(metadata.length);
        bytes32 root = bytes32(metadata[HEADER:HEADER + 32]);
        uint256 depth = uint8(metadata[HEADER + 32]);
        uint256 start = HEADER + 33 + depth * 32;
        if (depth > MAX_PROOF || metadata.length < start)
            revert MultisigIsmMetadataMalformed(metadata.length);
        uint256 count = (metadata.length - start) / SIGNATURE;
        if (count < set.threshold || start + count * SIGNATURE != metadata.length) {
            revert MultisigIsmMetadataMalformed(metadata.length);
        }
        bytes32 node = keccak256(bytes.concat(keccak256(abi.encode(messageId))));
        for (uint256 i; i < depth; ++i) {
            uint256 at = HEADER + 33 + i * 32;
            node = Hashes.commutativeKeccak256(node, bytes32(metadata[at:at + 32]));
        }
        if (node != root) revert MultisigIsmInvalidProof(messageId);
        bytes32 signed = MessageHashUtils.toEthSignedMessageHash(
            checkpointDigest(origin, sourceMailbox, msg.sender, root)
        );
        _checkSigners(set, signed, metadata[start:], count);
    }

    /// @dev Makes `validators` the current set of `origin`; with `grace` the previous one stays valid for the
    /// grace period, else it stops at once. Returns the new version.
    function _install(
        uint32 origin,
        address[] memory validators,
        uint8 threshold,
        bool grace
    ) private returns (uint32 version) {
        _checkSet(origin, validators, threshold);
        uint32 previous = _current[origin];
        version = previous + 1;
        ValidatorSet storage set = _sets[origin][version];
        for (uint256 i; i < validators.length; ++i) set.isMember[validators[i]] = true;
        set.validators = validators;
        set.threshold = threshold;
        _current[origin] = version;
        uint64 validUntil = previous == 0 || !grace ? 0 : uint64(block.timestamp) + _gracePeriod;
        _previousValidUntil[origin] = validUntil;
        emit ValidatorSetRotated(origin, version, validators, threshold, validUntil);
    }

    /// @dev Distinct, non-zero members and 1 ≤ threshold ≤ members (O(n²), sets are small).
    function _checkSet(uint32 origin, address[] memory validators, uint8 threshold) private pure {
        if (threshold == 0 || threshold > validators.length) revert MultisigIsmInvalidSet(origin);
        for (uint256 i; i < validators.length; ++i) {
            if (validators[i] == address(0)) revert MultisigIsmInvalidSet(origin);
            for (uint256 j; j < i; ++j)
                if (validators[j] == validators[i]) revert MultisigIsmInvalidSet(origin);
        }
    }

    /// @dev Every signature must recover to a member, in strictly increasing address order.
    function _checkSigners(
        ValidatorSet storage set,
        bytes32 signed,
        bytes calldata signatures,
        uint256 count
    ) private view {
        address last;
        for (uint256 i; i < count; ++i) {
            (address signer, ECDSA.RecoverError err, ) = ECDSA.tryRecover(
                signed,
                signatures[i * SIGNATURE:(i + 1) * SIGNATURE]
            );
            if (err != ECDSA.RecoverError.NoError) revert MultisigIsmInvalidSignature(i);
            if (signer <= last) revert MultisigIsmDuplicateSigner(signer);
            if (!set.isMember[signer]) revert MultisigIsmUnknownSigner(signer);
            last = signer;
        }
    }

    /// @dev The current set, or the previous one while its grace period lasts, unless revoked.
    function _activeSet(uint32 origin, uint32 version) private view returns (ValidatorSet storage set) {
        uint32 current = _current[origin];
        set = _sets[origin][version];
        bool active =
            !set.revoked &&
                ((version == current && current != 0) ||
                    (version + 1 == current && block.timestamp <= _previousValidUntil[origin]));
        if (!active) revert MultisigIsmSetNotActive(origin, version);
    }
}
