// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessenger} from "../interfaces/IMessenger.sol";
import {IComputeRegistry} from "../interfaces/IComputeRegistry.sol";
import {IDirectiveInbox} from "../interfaces/IDirectiveInbox.sol";
import {IReceiptRegistry} from "../interfaces/IReceiptRegistry.sol";
import {IReceiptVerifier} from "../interfaces/IReceiptVerifier.sol";
import {MessageLib} from "../libraries/MessageLib.sol";
import {MessageEndpoint} from "../messaging/MessageEndpoint.sol";

/// @title ReceiptRegistry
/// @notice Region-side receipt verification; see {IReceiptRegistry}.
contract ReceiptRegistry is IReceiptRegistry, MessageEndpoint {
    IComputeRegistry private immutable _registry;
    IDirectiveInbox private immutable _inbox;
    uint32 private immutable _hubDomain;
    IReceiptVerifier private _verifier;
    mapping(uint256 jobId => uint32 attempt) private _receiptedAttempt;

    constructor(
        IMessenger messenger_,
        IComputeRegistry registry,
        IDirectiveInbox inbox,
        IReceiptVerifier verifier_,
        uint32 hubDomain,
        address initialOwner
    ) MessageEndpoint(messenger_, initialOwner) {
        if (address(verifier_) == address(0)) revert ReceiptRegistryZeroVerifier();
        _registry = registry;
        _inbox = inbox;
        _verifier = verifier_;
        _hubDomain = hubDomain;
    }

    /// @inheritdoc IReceiptRegistry
    function submitReceipt(MessageLib.Receipt calldata receipt, bytes calldata proof) external {
        uint256 jobId = receipt.jobId;
        IDirectiveInbox.Assignment memory a = _inbox.assignment(jobId);
        if (a.attempt == 0 || a.nodeId != receipt.nodeId || a.attempt != receipt.attempt) {
            revert ReceiptRegistryNodeNotAssigned(jobId, receipt.nodeId, receipt.attempt);
        }
        if (!a.acknowledged) revert ReceiptRegistryNotAcknowledged(jobId);
        if (_receiptedAttempt[jobId] >= receipt.attempt)
            revert ReceiptRegistryAlreadySubmitted(jobId, receipt.attempt);
        if (a.inputCommitment != receipt.inputCommitment) revert ReceiptRegistryInputMismatch(jobId);
        bool valid = _verifier.verifyReceipt(
            receipt,
            _registry.operatorOf(receipt.nodeId),
            _registry.identityCommitmentOf(receipt.nodeId),
            proof
        );
        if (!valid) revert ReceiptRegistryInvalidProof(jobId);

        _receiptedAttempt[jobId] = receipt.attempt;
        emit ReceiptAccepted(jobId, receipt.nodeId, receipt.attempt, receipt);
        _send(_hubDomain, MessageLib.encodeReceiptVerified(receipt));
    }

    /// @inheritdoc IReceiptRegistry
    function setVerifier(IReceiptVerifier verifier_) external onlyOwner {
        if (address(verifier_) == address(0)) revert ReceiptRegistryZeroVerifier();
        _verifier = verifier_;
        emit VerifierChanged(address(verifier_));
    }

    /// @inheritdoc IReceiptRegistry
    function verifier() external view returns (IReceiptVerifier) {
        return _verifier;
    }

    /// @inheritdoc IReceiptRegistry
    function receiptedAttempt(uint256 jobId) external view returns (uint32) {
        return _receiptedAttempt[jobId];
    }

    /// @dev The registry only reports; it accepts no inbound messages.
    function _handle(uint32, bytes calldata body) internal pure override {
        (uint8 kind, ) = MessageLib.decode(body);
        revert MessageLib.MessageLibUnexpectedKind(kind);
    }
}
