// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IInterchainSecurityModule} from "./IInterchainSecurityModule.sol";

/// @title IMultisigIsm
/// @notice Security module accepting a message when `threshold` validators of the origin domain's set signed
/// its id. Sets are versioned per origin domain and rotated by governance; after a rotation the previous
/// set stays valid for a grace period so messages it already signed are not stranded. Emergency exits: the
/// owner or the guardian revokes a set at once (`revokeSet`), and a region-local guardian can install a new
/// set after `recoveryDelay` (`proposeRecovery` → `executeRecovery`) when governance itself can no longer
/// reach this chain because the set that verifies its messages is lost or compromised; governance may cancel
/// a recovery during the delay.
/// @dev Metadata layout: `setVersion (4 bytes) ‖ signature (65 bytes) × n`, the signatures ordered by strictly
/// increasing signer address. Each validator signs, with EIP-191 (`personal_sign`),
/// `digest(origin, sourceMailbox, destinationMailbox, messageId)`, where `sourceMailbox` is the mailbox
/// governance enrolled for the origin domain and `destinationMailbox` the Mailbox calling `verify`: a signature
/// for any other mailbox on either side does not verify.
interface IMultisigIsm is IInterchainSecurityModule {
    /// @notice A guardian's proposed validator set and when it can be installed.
    struct Recovery {
        address[] validators;
        uint8 threshold;
        uint64 executableAt;
    }

    /// @notice The metadata is shorter than its header plus `threshold` signatures, or not a whole number of them.
    error MultisigIsmMetadataMalformed(uint256 length);
    /// @notice The metadata names a set version that is neither current nor within its grace period.
    error MultisigIsmSetNotActive(uint32 origin, uint32 version);
    /// @notice A signature is not from a member of the named set.
    error MultisigIsmUnknownSigner(address signer);
    /// @notice Signers are not in strictly increasing order (this also rejects a signer appearing twice).
    error MultisigIsmDuplicateSigner(address signer);
    /// @notice A signature could not be recovered (bad length, `s` or `v`).
    error MultisigIsmInvalidSignature(uint256 index);
    /// @notice A proposed set is empty, has a zero or duplicate address, or a threshold out of range.
    error MultisigIsmInvalidSet(uint32 origin);
    /// @notice No mailbox is enrolled for the message's origin domain.
    error MultisigIsmUnknownOrigin(uint32 origin);
    /// @notice The message is too short to hold an envelope header.
    error MultisigIsmMessageMalformed();
    /// @notice The caller is neither the guardian (nor, for a revocation, the owner).
    error MultisigIsmNotGuardian(address caller);
    /// @notice No recovery is pending for the origin.
    error MultisigIsmNoRecovery(uint32 origin);
    /// @notice The recovery's delay has not passed yet.
    error MultisigIsmRecoveryNotReady(uint32 origin, uint64 executableAt);

    /// @notice Emitted when governance installs a new validator set for `origin`.
    /// @param previousValidUntil Timestamp until which the replaced set still verifies.
    event ValidatorSetRotated(
        uint32 indexed origin,
        uint32 indexed version,
        address[] validators,
        uint8 threshold,
        uint64 previousValidUntil
    );
    /// @notice Emitted when governance enrols the mailbox of an origin domain.
    event OriginMailboxSet(uint32 indexed origin, bytes32 mailbox);
    /// @notice Emitted when governance changes the grace period applied to later rotations.
    event GracePeriodSet(uint64 gracePeriod);
    /// @notice Emitted when a set stops verifying at once.
    event ValidatorSetRevoked(uint32 indexed origin, uint32 indexed version, address by);
    /// @notice Emitted when governance names the guardian and its recovery delay.
    event GuardianSet(address guardian, uint64 recoveryDelay);
    /// @notice Emitted when the guardian proposes a replacement set.
    event RecoveryProposed(uint32 indexed origin, address[] validators, uint8 threshold, uint64 executableAt);
    /// @notice Emitted when governance cancels a pending recovery.
    event RecoveryCancelled(uint32 indexed origin);
    /// @notice Emitted when a recovery installed its set (as `version`, without grace for the replaced one).
    event RecoveryExecuted(uint32 indexed origin, uint32 version);

    /// @notice Installs a new set for `origin`, replacing the current one after the grace period. Governance only.
    /// @param validators Distinct, non-zero signer addresses.
    /// @param threshold Signatures required, 1 ≤ threshold ≤ validators.length.
    function rotateValidators(uint32 origin, address[] calldata validators, uint8 threshold) external;

    /// @notice Revokes set `version` of `origin` at once (current or previous). Owner or guardian.
    function revokeSet(uint32 origin, uint32 version) external;

    /// @notice Whether set `version` of `origin` was revoked.
    function isRevoked(uint32 origin, uint32 version) external view returns (bool);

    /// @notice Names the region-local guardian and the delay of its recoveries. Governance only.
    function setGuardian(address guardian, uint64 recoveryDelay) external;

    /// @notice The guardian and the recovery delay (seconds).
    function guardian() external view returns (address, uint64);

    /// @notice Proposes a replacement set for `origin`, installable after the recovery delay. Guardian only.
    function proposeRecovery(uint32 origin, address[] calldata validators, uint8 threshold) external;

    /// @notice Cancels the pending recovery of `origin`. Governance only.
    function cancelRecovery(uint32 origin) external;

    /// @notice Installs the pending recovery of `origin` once its delay passed (anyone may call).
    function executeRecovery(uint32 origin) external;

    /// @notice The pending recovery of `origin` (`executableAt` 0 when none).
    function pendingRecovery(uint32 origin) external view returns (Recovery memory);

    /// @notice Enrols the mailbox whose messages from `origin` this module verifies. Governance only.
    function setOriginMailbox(uint32 origin, bytes32 mailbox) external;

    /// @notice The mailbox enrolled for `origin` (zero when none).
    function originMailbox(uint32 origin) external view returns (bytes32);

    /// @notice Sets the grace period (seconds) applied to later rotations. Governance only.
    function setGracePeriod(uint64 gracePeriod) external;

    /// @notice The grace period (seconds) applied to rotations.
    function gracePeriod() external view returns (uint64);

    /// @notice The current set version for `origin` (0 when no set was ever installed).
    function currentVersion(uint32 origin) external view returns (uint32);

    /// @notice Until when the set preceding the current one still verifies (0 when none).
    function previousValidUntil(uint32 origin) external view returns (uint64);

    /// @notice The members and threshold of set `version` for `origin`.
    function validatorSet(
        uint32 origin,
        uint32 version
    ) external view returns (address[] memory validators, uint8 threshold);

    /// @notice The digest a validator signs (EIP-191) for `messageId` dispatched by `sourceMailbox` on `origin`
    /// and delivered by `destinationMailbox`.
    function digest(
        uint32 origin,
        bytes32 sourceMailbox,
        address destinationMailbox,
        bytes32 messageId
    ) external pure returns (bytes32);
}
