// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessenger} from "../interfaces/IMessenger.sol";
import {IComputeRegistry} from "../interfaces/IComputeRegistry.sol";
import {IDirectiveInbox} from "../interfaces/IDirectiveInbox.sol";
import {IReceiptRegistry} from "../interfaces/IReceiptRegistry.sol";
import {IReceiptVerifier} from "../interfaces/IReceiptVerifier.sol";
import {IJobReceiptProofVerifier} from "../interfaces/IJobReceiptProofVerifier.sol";
import {IReceiptBatchProofVerifier} from "../interfaces/IReceiptBatchProofVerifier.sol";
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
    mapping(uint256 jobId => uint32 attempt) private _receiptedAttempt;
    mapping(uint256 nullifier => bool) private _nullifierUsed;
    IJobReceiptProofVerifier private _singleProofVerifier;
    IReceiptBatchProofVerifier private _batchProofVerifier;

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
        IDirectiveInbox.Assignment memory a = _claimAssignment(jobId, receipt.nodeId, receipt.attempt);
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
        MessageLib.ProvenReceipt[] calldata receipts,
        Groth16Proof calldata proof
    ) external {
        uint256 n = receipts.length;
        if (n == 0 || n > ReceiptProofLib.MAX_BATCH) revert ReceiptRegistryBatchSize(n);
        if (address(_singleProofVerifier) == address(0)) revert ReceiptRegistryNoProofVerifier();
        uint256 nodeId = receipts[0].nodeId;
        ReceiptProofLib.Statement[] memory statements = new ReceiptProofLib.Statement[](n);
        uint64[] memory receivedAt = new uint64[](n);
        for (uint256 i = 0; i < n; ++i) {
            MessageLib.ProvenReceipt calldata r = receipts[i];
            if (r.nodeId != nodeId) revert ReceiptRegistryMixedNodes(nodeId, r.nodeId);
            IDirectiveInbox.Assignment memory a = _claimAssignment(r.jobId, r.nodeId, r.attempt);
            receivedAt[i] = a.receivedAt;
            if (_nullifierUsed[r.nullifier]) revert ReceiptRegistryNullifierUsed(r.nullifier);
            _nullifierUsed[r.nullifier] = true;
            statements[i] = ReceiptProofLib.Statement(
                r.jobId,
                a.inputCommitment,
                a.latencyBoundMs,
                a.deadline
            );
            emit ReceiptProven(r.jobId, nodeId, r.attempt, r);
        }
        ReceiptProofLib.verify(
            _singleProofVerifier,
            _batchProofVerifier,
            _registry.identityCommitmentOf(nodeId),
            receipts,
            statements,
            proof
        );
        _send(
            _hubDomain,
            MessageLib.encodeReceiptsProven(receipts, proof, receivedAt, uint64(block.timestamp))
        );
    }

    /// @inheritdoc IReceiptRegistry
    function setProofVerifiers(
        IJobReceiptProofVerifier single,
        IReceiptBatchProofVerifier batch
    ) external onlyOwner {
        if (address(single) == address(0) || address(batch) == address(0))
            revert ReceiptRegistryZeroVerifier();
        _singleProofVerifier = single;
        _batchProofVerifier = batch;
        emit ProofVerifiersChanged(address(single), address(batch));
    }

    /// @inheritdoc IReceiptRegistry
    function nullifierUsed(uint256 nullifier) external view returns (bool) {
        return _nullifierUsed[nullifier];
    }

    /// @dev Checks that (node, attempt) is the job's current acknowledged assignment without a receipt yet,
    /// and marks it receipted. The whole call reverts if the receipt is then found invalid.
    function _claimAssignment(
        uint256 jobId,
        uint256 nodeId,
        uint32 attempt
    ) private returns (IDirectiveInbox.Assignment memory a) {
        a = _inbox.assignment(jobId);
        if (a.attempt == 0 || a.nodeId != nodeId || a.attempt != attempt) {
            revert ReceiptRegistryNodeNotAssigned(jobId, nodeId, attempt);
        }
        if (!a.acknowledged) revert ReceiptRegistryNotAcknowledged(jobId);
        if (_receiptedAttempt[jobId] >= attempt) revert ReceiptRegistryAlreadySubmitted(jobId, attempt);
        _receiptedAttempt[jobId] = attempt;
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
