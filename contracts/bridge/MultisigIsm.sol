// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IMultisigIsm} from "../interfaces/IMultisigIsm.sol";
import {IInterchainSecurityModule} from "../interfaces/IInterchainSecurityModule.sol";

/// @title MultisigIsm
/// @notice t-of-n validator attestations per origin domain, with versioned sets and a rotation grace period
/// (see `IMultisigIsm`). Owned by governance.
contract MultisigIsm is IMultisigIsm, Ownable {
    uint256 private constant HEADER = 4; // setVersion
    uint256 private constant SIGNATURE = 65;
    /// @dev Offset of the origin domain in the ABI-encoded envelope (its third head word).
    uint256 private constant ORIGIN_OFFSET = 64;

    struct ValidatorSet {
        address[] validators;
        uint8 threshold;
        mapping(address validator => bool) isMember;
    }

    uint64 private _gracePeriod;
    mapping(uint32 origin => bytes32 mailbox) private _originMailboxes;
    mapping(uint32 origin => uint32 version) private _current;
    mapping(uint32 origin => uint64 timestamp) private _previousValidUntil;
    mapping(uint32 origin => mapping(uint32 version => ValidatorSet)) private _sets;

    constructor(uint64 gracePeriod_, address initialOwner) Ownable(initialOwner) {
        _gracePeriod = gracePeriod_;
        emit GracePeriodSet(gracePeriod_);
    }

    /// @inheritdoc IInterchainSecurityModule
    function verify(bytes calldata metadata, bytes calldata message) external view returns (bool) {
        if (message.length < ORIGIN_OFFSET + 32) revert MultisigIsmMessageMalformed();
        uint32 origin = uint32(uint256(bytes32(message[ORIGIN_OFFSET:ORIGIN_OFFSET + 32])));
        bytes32 originMailbox = _originMailboxes[origin];
        if (originMailbox == bytes32(0)) revert MultisigIsmUnknownOrigin(origin);
        if (metadata.length < HEADER) revert MultisigIsmMetadataMalformed(metadata.length);
        uint32 version = uint32(bytes4(metadata[0:HEADER]));
        ValidatorSet storage set = _activeSet(origin, version);

        uint256 count = (metadata.length - HEADER) / SIGNATURE;
        if (count < set.threshold || HEADER + count * SIGNATURE != metadata.length) {
            revert MultisigIsmMetadataMalformed(metadata.length);
        }
        bytes32 signed = MessageHashUtils.toEthSignedMessageHash(
            digest(origin, originMailbox, keccak256(message))
        );
        _checkSigners(set, signed, metadata[HEADER:], count);
        return true;
    }

    /// @inheritdoc IMultisigIsm
    function rotateValidators(
        uint32 origin,
        address[] calldata validators,
        uint8 threshold
    ) external onlyOwner {
        if (threshold == 0 || threshold > validators.length) revert MultisigIsmInvalidSet(origin);
        uint32 previous = _current[origin];
        uint32 version = previous + 1;
        ValidatorSet storage set = _sets[origin][version];
        for (uint256 i; i < validators.length; ++i) {
            address v = validators[i];
            if (v == address(0) || set.isMember[v]) revert MultisigIsmInvalidSet(origin);
            set.isMember[v] = true;
        }
        set.validators = validators;
        set.threshold = threshold;
        _current[origin] = version;
        uint64 validUntil = previous == 0 ? 0 : uint64(block.timestamp) + _gracePeriod;
        _previousValidUntil[origin] = validUntil;
        emit ValidatorSetRotated(origin, version, validators, threshold, validUntil);
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
    function digest(uint32 origin, bytes32 originMailbox, bytes32 messageId) public pure returns (bytes32) {
        return keccak256(abi.encodePacked("SUANLI_BRIDGE_V1", origin, originMailbox, messageId));
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

    /// @dev The current set, or the previous one while its grace period lasts; anything else is rejected.
    function _activeSet(uint32 origin, uint32 version) private view returns (ValidatorSet storage) {
        uint32 current = _current[origin];
        bool active =
            (version == current && current != 0) ||
                (version + 1 == current && block.timestamp <= _previousValidUntil[origin]);
        if (!active) revert MultisigIsmSetNotActive(origin, version);
        return _sets[origin][version];
    }
}
