// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessenger} from "../interfaces/IMessenger.sol";
import {IComputeRegistry} from "../interfaces/IComputeRegistry.sol";
import {IDirectiveInbox} from "../interfaces/IDirectiveInbox.sol";
import {IReceiptRegistry} from "../interfaces/IReceiptRegistry.sol";
import {IReceiptVerifier} from "../interfaces/IReceiptVerifier.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";
import {MessageLib} from "../libraries/MessageLib.sol";
import {ReceiptProofLib} from "../libraries/ReceiptProofLib.sol";
import {MessageEndpoint} from "../messaging/MessageEndpoint.sol";

/// @title ReceiptRegistry
/// @notice Region-side receipt verification; see {IReceiptRegistry}.
contract ReceiptRegistry is IReceiptRegistry, MessageEndpoint {
    IComputeRegistry private immutable _registry;
    IDirectiveInbox private immutable _inbox;
    uint32 private immutable _hubDomain;
    IReceiptVerifier private _verifier;
    /// @dev The attempt of each job's last accepted receipt, sixteen uint16 per word (job ids are sequential, so a
    /// batch of receipts shares words: ~1.6k gas a job instead of a fresh 22k slot). The hub assigns at most
    /// 65,535 attempts a job (`JobMarketTooManyAttempts`); a larger one is refused here too.
    mapping(uint256 jobIdHigh => uint256 attempts) private _receiptedAttempts;

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
        _claim(jobId, receipt.nodeId, receipt.attempt, a.nodeId, a.attempt, a.acknowledged);
        if (a.inputCommitment != receipt.inputCommitment) revert ReceiptRegistryInputMismatch(jobId);
        bool valid = _verifier.verifyReceipt(
            receipt,
            _registry.operatorOf(receipt.nodeId),
            _registry.identityCommitmentOf(receipt.nodeId),
            proof
        );
        if (!valid) revert ReceiptRegistryInvalidProof(jobId);

        emit ReceiptAccepted(jobId, receipt.nodeId, receipt.attempt, receipt);
        // The region's own clock, not the node's claim, is what the hub judges the SLA by.
        MessageLib.RegionStamp memory stamp = MessageLib.RegionStamp(a.receivedAt, uint64(block.timestamp));
        _send(_hubDomain, MessageLib.encodeReceiptVerified(receipt, stamp));
    }

    /// @inheritdoc IReceiptRegistry
    function submitProvenReceipts(
        uint256 nodeId,
        MessageLib.ProvenReceipt[] calldata receipts,
        uint256 metricsDigest,
        Groth16Proof calldata proof
    ) external {
        uint256 n = receipts.length;
        if (n == 0 || n > ReceiptProofLib.MAX_BATCH) revert ReceiptRegistryBatchSize(n);
        if (_registry.operatorOf(nodeId) != msg.sender) revert ReceiptRegistryNotOperator(nodeId, msg.sender);
        uint64[] memory receivedAt = new uint64[](n);
        for (uint256 i = 0; i < n; ++i) {
            (uint256 jobId, uint32 attempt, bool latencyMet, bool deadlineMet) = MessageLib.unpackProven(
                receipts[i].packed
            );
            (uint256 assignedNode, uint32 assignedAttempt, uint64 at, bool acknowledged) = _inbox
                .receiptTerms(jobId);
            // Marks (job, attempt) receipted: the same attempt twice, here or later, reverts.
            _claim(jobId, nodeId, attempt, assignedNode, assignedAttempt, acknowledged);
            receivedAt[i] = at;
            emit ReceiptProven(jobId, nodeId, attempt, receipts[i].outputCommitment, latencyMet, deadlineMet);
        }
        _send(
            _hubDomain,
            MessageLib.encodeReceiptsProven(
                MessageLib.ProvenBatch(
                    nodeId,
                    receipts,
                    metricsDigest,
                    proof,
                    receivedAt,
                    uint64(block.timestamp)
                )
            )
        );
    }

    /// @dev Checks that (node, attempt) is the job's current acknowledged assignment (`assigned*`, `acknowledged`:
    /// the inbox's record) without a receipt yet, and marks it receipted. The whole call reverts if the receipt
    /// is then found invalid.
    function _claim(
        uint256 jobId,
        uint256 nodeId,
        uint32 attempt,
        uint256 assignedNode,
        uint32 assignedAttempt,
        bool acknowledged
    ) private {
        if (assignedAttempt == 0 || assignedNode != nodeId || assignedAttempt != attempt) {
            revert ReceiptRegistryNodeNotAssigned(jobId, nodeId, attempt);
        }
        if (!acknowledged) revert ReceiptRegistryNotAcknowledged(jobId);
        if (attempt > type(uint16).max) revert ReceiptRegistryAttemptTooLarge(jobId, attempt);
        uint256 shift = (jobId & 15) * 16;
        uint256 word = _receiptedAttempts[jobId >> 4];
        if (uint16(word >> shift) >= attempt) revert ReceiptRegistryAlreadySubmitted(jobId, attempt);
        _receiptedAttempts[jobId >> 4] =
            (word & ~(uint256(type(uint16).max) << shift)) | (uint256(attempt) << shift);
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
        return uint16(_receiptedAttempts[jobId >> 4] >> ((jobId & 15) * 16));
    }

    /// @dev The registry only reports; it accepts no inbound messages.
    function _handle(uint32, bytes calldata body) internal pure override {
        (uint8 kind, ) = MessageLib.decode(body);
        revert MessageLib.MessageLibUnexpectedKind(kind);
    }
}
