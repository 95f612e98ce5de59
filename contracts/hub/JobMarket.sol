// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {IJobOutputSource} from "../interfaces/IJobOutputSource.sol";
import {IJobReceiptProofVerifier} from "../interfaces/IJobReceiptProofVerifier.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {IReceiptBatchProofVerifier} from "../interfaces/IReceiptBatchProofVerifier.sol";
import {IReceiptProofVerifier} from "../interfaces/IReceiptProofVerifier.sol";
import {INodeIndex} from "../interfaces/INodeIndex.sol";
import {IReputation} from "../interfaces/IReputation.sol";
import {IStakeManager} from "../interfaces/IStakeManager.sol";
import {MessageLib} from "../libraries/MessageLib.sol";
import {ReceiptProofLib} from "../libraries/ReceiptProofLib.sol";
import {SlaPricingLib} from "../libraries/SlaPricingLib.sol";
import {MessageEndpoint} from "../messaging/MessageEndpoint.sol";
import {TimelockOwnedEndpoint} from "./governance/TimelockOwnedEndpoint.sol";

/// @title JobMarket
/// @notice Escrow, assignment bookkeeping and SLA settlement of jobs; see {IJobMarket}.
/// Remotes are the regions' ReceiptRegistry: a `ReceiptVerified` message from one of them settles a job.
/// @dev Every path that moves tokens is `nonReentrant` and changes the job's status before transferring.
contract JobMarket is IJobMarket, TimelockOwnedEndpoint, EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 private constant JOB_REQUEST_TYPEHASH = keccak256(
        "JobRequest(address buyer,uint32 resources,uint32 durationSec,uint8 tier,uint32 latencyBoundMs,"
        "uint64 deadline,uint128 maxUnitPrice,uint256 inputCommitment,uint256 nonce,uint64 expiry)"
    );
    bytes32 private constant CANCEL_REQUEST_TYPEHASH = keccak256(
        "CancelRequest(uint256 jobId,uint64 deadline)"
    );

    /// @dev BN254 scalar field order: commitments are field elements so circuits can consume them.
    uint256 private constant SNARK_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint16 private constant MAX_TIER_MULTIPLIER_BPS = 50_000;
    uint16 private constant MAX_PROTOCOL_FEE_BPS = 2_000;
    uint32 private constant MAX_SETTLEMENT_GRACE = 7 days;
    uint32 private constant MAX_DISPUTE_WINDOW = 7 days;
    /// @notice Seconds of region chain time a receipt may take beyond the deadline (and beyond the job's duration,
    /// for latency) to be accepted: block inclusion and the skew between chain clocks. See docs/ARCHITECTURE.md.
    uint64 public constant RECEIPT_ALLOWANCE_SEC = 30;

    IERC20 private immutable _paymentToken;
    INodeIndex private immutable _nodeIndex;
    IStakeManager private immutable _stakeManager;
    IReputation private immutable _reputation;

    Policy private _policy;
    address private _treasury;
    address private _directiveHub;
    uint256 private _jobCount;
    mapping(uint256 jobId => Job) private _jobs;
    mapping(address buyer => mapping(uint256 nonce => bool)) private _nonceUsed;
    IJobReceiptProofVerifier private _singleProofVerifier;
    IReceiptBatchProofVerifier private _batchProofVerifier;
    mapping(address account => uint256 amount) private _credits;
    uint32 private _disputeWindowSec;
    /// @dev `timeoutSlash` of every policy ever set, by version (a job keeps the version it was created under).
    uint128[] private _timeoutSlashes;
    mapping(uint256 jobId => Hold) private _holds;

    constructor(
        IMessenger messenger_,
        IERC20 paymentToken_,
        INodeIndex nodeIndex,
        IStakeManager stakeManager,
        IReputation reputation,
        Policy memory policy_,
        address treasury_,
        address initialOwner
    ) MessageEndpoint(messenger_, initialOwner) EIP712("Suanli JobMarket", "1") {
        _paymentToken = paymentToken_;
        _nodeIndex = nodeIndex;
        _stakeManager = stakeManager;
        _reputation = reputation;
        _setPolicy(policy_);
        _setTreasury(treasury_);
    }

    // ---------------------------------------------------------------- buyers

    /// @inheritdoc IJobMarket
    function createJob(JobSpec calldata spec) external nonReentrant returns (uint256) {
        return _create(spec, msg.sender);
    }

    /// @inheritdoc IJobMarket
    function createJobWithSig(
        JobSpec calldata spec,
        address buyer,
        uint256 nonce,
        uint64 expiry,
        bytes calldata signature,
        Permit calldata permit
    ) external nonReentrant returns (uint256) {
        if (block.timestamp > expiry) revert JobMarketRequestExpired(expiry);
        if (_nonceUsed[buyer][nonce]) revert JobMarketNonceUsed(buyer, nonce);
        if (
            !SignatureChecker.isValidSignatureNow(buyer, requestDigest(spec, buyer, nonce, expiry), signature)
        ) {
            revert JobMarketInvalidSignature(buyer);
        }
        _nonceUsed[buyer][nonce] = true;
        // A permit front-run by someone else still leaves the allowance in place, so its failure is ignored
        // here; an allowance that is really missing makes the transfer below revert.
        try
            IERC20Permit(address(_paymentToken)).permit(
                buyer,
                address(this),
                permit.value,
                permit.deadline,
                permit.v,
                permit.r,
                permit.s
            )
        {} catch {} // solhint-disable-line no-empty-blocks
        return _create(spec, buyer);
    }

    /// @inheritdoc IJobMarket
    function invalidateNonce(uint256 nonce) external {
        if (_nonceUsed[msg.sender][nonce]) revert JobMarketNonceUsed(msg.sender, nonce);
        _nonceUsed[msg.sender][nonce] = true;
        emit NonceInvalidated(msg.sender, nonce);
    }

    /// @inheritdoc IJobMarket
    function cancel(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId);
        if (j.buyer != msg.sender) revert JobMarketNotBuyer(jobId, msg.sender);
        _cancel(jobId, j);
    }

    /// @inheritdoc IJobMarket
    function withdrawCredit(address to) external nonReentrant {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert JobMarketNoCredit(msg.sender);
        if (to == address(0)) revert JobMarketZeroAddress();
        _credits[msg.sender] = 0;
        emit CreditWithdrawn(msg.sender, to, amount);
        _paymentToken.safeTransfer(to, amount);
    }

    /// @inheritdoc IJobMarket
    function cancelWithSig(uint256 jobId, uint64 deadline, bytes calldata signature) external nonReentrant {
        if (block.timestamp > deadline) revert JobMarketRequestExpired(deadline);
        Job storage j = _job(jobId);
        if (!SignatureChecker.isValidSignatureNow(j.buyer, cancelDigest(jobId, deadline), signature)) {
            revert JobMarketInvalidCancelSignature(jobId);
        }
        _cancel(jobId, j);
    }

    /// @dev Cancels an open job and refunds its escrow to the buyer.
    function _cancel(uint256 jobId, Job storage j) private {
        if (j.status != JobStatus.Open) revert JobMarketInvalidStatus(jobId, j.status);
        j.status = JobStatus.Cancelled;
        uint256 refund = j.escrow;
        emit JobCancelled(jobId, refund);
        _pay(j.buyer, refund);
    }

    // ---------------------------------------------------------------- scheduling

    /// @inheritdoc IJobMarket
    function recordAssignment(
        uint256 jobId,
        uint256 nodeId,
        uint128 unitPrice,
        uint32 attempt
    ) external returns (MessageLib.AssignTerms memory terms) {
        if (msg.sender != _directiveHub) revert JobMarketNotDirectiveHub(msg.sender);
        Job storage j = _job(jobId);
        if (j.status != JobStatus.Open && j.status != JobStatus.Assigned) {
            revert JobMarketInvalidStatus(jobId, j.status);
        }
        if (block.timestamp >= j.deadline) revert JobMarketDeadlinePassed(jobId, j.deadline);
        // The node must be left the job's whole duration before the deadline.
        if (block.timestamp + j.durationSec > j.deadline) {
            revert JobMarketNoTimeToRun(jobId, j.deadline, j.durationSec);
        }
        if (unitPrice > j.maxUnitPrice) revert JobMarketPriceTooHigh(jobId, unitPrice, j.maxUnitPrice);
        if (attempt != j.attempt + 1) revert JobMarketAttemptMismatch(jobId, attempt, j.attempt + 1);
        // The region marks receipted attempts in 16 bits (sixteen jobs a storage word).
        if (attempt > type(uint16).max) revert JobMarketTooManyAttempts(jobId, attempt);
        // Node ids are `region << 64 | index`; a larger one (from a lying region's report) cannot be stored.
        if (nodeId > type(uint96).max) revert JobMarketInvalidNodeId(nodeId);
        // A superseded assignment releases its node's stake; the new node's stake backs the job until it settles.
        uint256 slash = _timeoutSlashes[j.policyVersion];
        if (j.status == JobStatus.Assigned) _unlock(j.nodeId, slash);
        _stakeManager.lock(nodeId, slash);
        j.status = JobStatus.Assigned;
        j.nodeId = uint96(nodeId);
        j.unitPrice = uint80(unitPrice); // ≤ maxUnitPrice < 2^80
        j.attempt = attempt;
        uint256 jobPrice = SlaPricingLib.price(j.resources, j.durationSec, unitPrice, j.multiplierBps);
        emit JobAssigned(jobId, nodeId, attempt, unitPrice, jobPrice);
        terms = MessageLib.AssignTerms({
            jobId: jobId,
            nodeId: nodeId,
            attempt: attempt,
            resources: j.resources,
            durationSec: j.durationSec,
            tier: uint8(j.tier),
            latencyBoundMs: j.latencyBoundMs,
            deadline: j.deadline,
            unitPrice: unitPrice,
            inputCommitment: j.inputCommitment
        });
    }

    /// @inheritdoc IJobMarket
    function decline(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId);
        if (j.status != JobStatus.Assigned) revert JobMarketInvalidStatus(jobId, j.status);
        uint256 nodeId = j.nodeId;
        if (_nodeIndex.operatorOf(nodeId) != msg.sender)
            revert JobMarketNotAssignedOperator(jobId, msg.sender);
        // Only while the job can still run elsewhere: a node cannot fail a job and then decline to dodge the slash.
        uint256 latest = uint256(j.deadline) - j.durationSec;
        if (block.timestamp > latest) revert JobMarketDeclineTooLate(jobId, latest);
        // The job keeps its attempt and last node (readers match them to `JobAssigned`); the next directive is
        // attempt + 1 as usual.
        j.status = JobStatus.Open;
        emit JobDeclined(jobId, nodeId, j.attempt);
        _unlock(nodeId, _timeoutSlashes[j.policyVersion]);
    }

    // ---------------------------------------------------------------- settlement

    /// @inheritdoc IJobMarket
    function settleTimedOut(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId);
        if (j.status != JobStatus.Open && j.status != JobStatus.Assigned) {
            revert JobMarketInvalidStatus(jobId, j.status);
        }
        uint256 settleableAt = uint256(j.deadline) + j.settlementGraceSec;
        if (block.timestamp <= settleableAt) revert JobMarketNotTimedOut(jobId, settleableAt);
        _timeOut(jobId, j);
    }

    /// @dev A receipt from the node's region settles the job by its SLA outcome: a signature-verified receipt
    /// carries its metrics; proven receipts carry only SLA flags, and their proof is re-checked here.
    function _handle(uint32 origin, bytes calldata body) internal override nonReentrant {
        (uint8 kind, bytes calldata payload) = MessageLib.decode(body);
        if (kind == MessageLib.RECEIPT_VERIFIED) {
            (MessageLib.Receipt memory r, MessageLib.RegionStamp memory stamp) = MessageLib
                .decodeReceiptVerified(payload);
            Job storage j = _assignedJob(origin, r.jobId, r.nodeId, r.attempt);
            // Late by the region's clock, or by the node's own admission.
            if (_lateAt(j, stamp.acceptedAt) || r.finishTime > j.deadline) {
                _timeOut(r.jobId, j);
            } else {
                uint32 chainMs = _overrunMs(j, stamp.directiveReceivedAt, stamp.acceptedAt);
                _settle(r.jobId, j, r.latencyMs > chainMs ? r.latencyMs : chainMs, r.outputCommitment);
            }
        } else if (kind == MessageLib.RECEIPTS_PROVEN) {
            _settleProven(origin, MessageLib.decodeReceiptsProven(payload));
        } else {
            revert MessageLib.MessageLibUnexpectedKind(kind);
        }
    }

    /// @dev One node's proven receipts: every job must be assigned to that node at the receipt's attempt in the
    /// region the message came from (so a lying region cannot settle another node's job), the proof is verified
    /// here against the hub's own records and the node's registered identity (the only verification: the region
    /// checks assignments only), and the payouts are credited in one sum per payee (pulled with `withdrawCredit`).
    function _settleProven(uint32 origin, MessageLib.ProvenBatch memory b) private {
        uint256 n = b.receipts.length;
        if (n == 0 || n > ReceiptProofLib.MAX_BATCH || b.directiveReceivedAt.length != n) {
            revert JobMarketBatchSize(n);
        }
        if (address(_singleProofVerifier) == address(0)) revert JobMarketNoProofVerifier();
        uint256 nodeId = b.nodeId;
        _verifyProven(origin, b);
        uint256 providerPay;
        uint256 fee;
        uint256 released;
        // Refunds are credited per run of jobs with the same buyer (one write and one event per run), reputation
        // once for the batch: `counts` is successes + SLA breaches << 128.
        address buyer;
        uint256 refund;
        uint256 counts;
        for (uint256 i = 0; i < n; ++i) {
            MessageLib.ProvenReceipt memory r = b.receipts[i];
            (uint256 jobId, , bool latencyMet, bool deadlineMet) = MessageLib.unpackProven(r.packed);
            Job storage j = _jobs[jobId];
            // The same job twice under one proof: the first occurrence already settled it.
            if (j.status != JobStatus.Assigned) revert JobMarketDuplicateReceipt(jobId);
            // Only the SLA outcome is public: a breached latency bound costs the full latency penalty. The
            // proof's private finish time and latency are bounded by the region's clock as for signed receipts.
            if (!deadlineMet || _lateAt(j, b.acceptedAt)) {
                _timeOut(jobId, j);
                continue;
            }
            uint32 latencyMs =
                latencyMet ? _overrunMs(j, b.directiveReceivedAt[i], b.acceptedAt) : type(uint32).max;
            SlaPricingLib.Outcome memory o = _recordSettlement(jobId, j, latencyMs, r.outputCommitment);
            providerPay += o.providerPay;
            fee += o.fee;
            released += _timeoutSlashes[j.policyVersion];
            counts += latencyMs > j.latencyBoundMs ? 1 << 128 : 1;
            if (j.buyer != buyer) {
                _credit(buyer, refund);
                (buyer, refund) = (j.buyer, 0);
            }
            refund += o.buyerRefund;
        }
        _credit(buyer, refund);
        if (counts != 0) _reputation.recordSettled(nodeId, uint64(counts), uint64(counts >> 128));
        if (released != 0) _unlock(nodeId, released);
        _credit(_nodeIndex.operatorOf(nodeId), providerPay);
        _credit(_treasury, fee);
    }

    /// @dev Reverts unless every job under the proof is assigned to `b.nodeId` at the receipt's attempt in region
    /// `origin` and the proof verifies against the hub's records and the node's registered identity.
    function _verifyProven(uint32 origin, MessageLib.ProvenBatch memory b) private view {
        uint256 n = b.receipts.length;
        uint256 nodeId = b.nodeId;
        if (_regionOf(nodeId) != origin) revert JobMarketWrongRegion(nodeId, origin);
        uint256 width = ReceiptProofLib.width(n);
        uint256[] memory signals = new uint256[](2 + 2 * width);
        signals[0] = b.metricsDigest;
        signals[1] = _nodeIndex.identityCommitmentOf(nodeId);
        for (uint256 i = 0; i < n; ++i) {
            MessageLib.ProvenReceipt memory r = b.receipts[i];
            (uint256 jobId, uint32 attempt, , ) = MessageLib.unpackProven(r.packed);
            Job storage j = _job(jobId);
            if (j.status != JobStatus.Assigned) revert JobMarketInvalidStatus(jobId, j.status);
            // Every job under the proof must be this node's, at this attempt: one node per batch.
            if (nodeId != j.nodeId || attempt != j.attempt)
                revert JobMarketStaleReceipt(jobId, nodeId, attempt);
            // The slot's terms: job, attempt and claimed outcome from the receipt, the rest from the hub's record.
            signals[2 + i] = ReceiptProofLib.terms(r.packed, j.latencyBoundMs, j.deadline);
            signals[2 + width + i] = r.outputCommitment;
        }
        IReceiptProofVerifier verifier =
            n == 1 ? IReceiptProofVerifier(_singleProofVerifier) : IReceiptProofVerifier(_batchProofVerifier);
        verifier.verify(b.proof, signals);
    }

    /// @dev The job a receipt from `origin` settles: assigned to exactly that node and attempt, in that region.
    function _assignedJob(
        uint32 origin,
        uint256 jobId,
        uint256 nodeId,
        uint32 attempt
    ) private view returns (Job storage j) {
        j = _job(jobId);
        if (j.status != JobStatus.Assigned) revert JobMarketInvalidStatus(jobId, j.status);
        if (nodeId != j.nodeId || attempt != j.attempt) revert JobMarketStaleReceipt(jobId, nodeId, attempt);
        if (_regionOf(nodeId) != origin) revert JobMarketWrongRegion(nodeId, origin);
    }

    function _settle(uint256 jobId, Job storage j, uint32 latencyMs, uint256 outputCommitment) private {
        SlaPricingLib.Outcome memory o = _recordSettlement(jobId, j, latencyMs, outputCommitment);
        _reputation.record(
            j.nodeId,
            jobId,
            latencyMs > j.latencyBoundMs ? IReputation.Outcome.SlaBreach : IReputation.Outcome.Success
        );
        _unlock(j.nodeId, _timeoutSlashes[j.policyVersion]);
        _pay(_nodeIndex.operatorOf(j.nodeId), o.providerPay);
        _pay(j.buyer, o.buyerRefund);
        _pay(_treasury, o.fee);
    }

    /// @dev Marks the job settled with its SLA outcome and output and holds the disputable share; returns what
    /// the caller pays out now (it also records reputation and releases the stake lock).
    function _recordSettlement(
        uint256 jobId,
        Job storage j,
        uint32 latencyMs,
        uint256 outputCommitment
    ) private returns (SlaPricingLib.Outcome memory o) {
        o = _outcome(j, latencyMs);
        j.status = JobStatus.Settled;
        // Settled is final and nothing reads a settled job's escrow (`_outcome` recomputes it), so its slot,
        // nonzero since creation, takes the output commitment: ~5k gas instead of a fresh 22k slot.
        j.escrow = outputCommitment;
        uint256 nodeId = j.nodeId;
        emit JobSettled(jobId, nodeId, o.providerPay, o.buyerRefund, o.fee, o.penalty);
        // With a dispute window, what the latency penalty could still take back stays in escrow until the buyer
        // has had the window to contest the node's latency with its own observation.
        if (j.disputeWindowSec != 0) {
            SlaPricingLib.Outcome memory worst = _outcome(j, type(uint32).max);
            if (worst.buyerRefund > o.buyerRefund) {
                uint256 held = worst.buyerRefund - o.buyerRefund;
                uint64 until = uint64(block.timestamp) + j.disputeWindowSec;
                _holds[jobId] = Hold(uint128(held), until, latencyMs);
                emit SettlementHeld(jobId, held, until);
                o.providerPay = worst.providerPay;
                o.fee = worst.fee;
            }
        }
    }

    /// @inheritdoc IJobMarket
    function dispute(uint256 jobId, uint32 observedLatencyMs) external nonReentrant {
        Job storage j = _job(jobId);
        if (j.buyer != msg.sender) revert JobMarketNotBuyer(jobId, msg.sender);
        Hold memory h = _takeHold(jobId);
        if (block.timestamp > h.until) revert JobMarketDisputeClosed(jobId, h.until);
        uint32 latencyMs = observedLatencyMs > h.latencyMs ? observedLatencyMs : h.latencyMs;
        _releaseHold(jobId, j, h, latencyMs);
    }

    /// @inheritdoc IJobMarket
    function releaseHeld(uint256 jobId) external nonReentrant {
        Job storage j = _job(jobId);
        Hold memory h = _takeHold(jobId);
        if (block.timestamp <= h.until) revert JobMarketDisputeOpen(jobId, h.until);
        _releaseHold(jobId, j, h, h.latencyMs);
    }

    function _takeHold(uint256 jobId) private returns (Hold memory h) {
        h = _holds[jobId];
        if (h.amount == 0) revert JobMarketNothingHeld(jobId);
        delete _holds[jobId];
    }

    /// @dev Pays out a held share as if the job had settled at `latencyMs` in the first place.
    function _releaseHold(uint256 jobId, Job storage j, Hold memory h, uint32 latencyMs) private {
        SlaPricingLib.Outcome memory worst = _outcome(j, type(uint32).max);
        SlaPricingLib.Outcome memory claimed = _outcome(j, h.latencyMs);
        SlaPricingLib.Outcome memory fin = _outcome(j, latencyMs);
        uint256 toProvider = fin.providerPay - worst.providerPay;
        uint256 toTreasury = fin.fee - worst.fee;
        uint256 toBuyer = fin.buyerRefund - claimed.buyerRefund;
        emit HeldReleased(jobId, latencyMs, toProvider, toBuyer, toTreasury);
        _pay(_nodeIndex.operatorOf(j.nodeId), toProvider);
        _pay(j.buyer, toBuyer);
        _pay(_treasury, toTreasury);
    }

    function _outcome(Job storage j, uint32 latencyMs) private view returns (SlaPricingLib.Outcome memory) {
        uint256 jobPrice = SlaPricingLib.price(j.resources, j.durationSec, j.unitPrice, j.multiplierBps);
        // The escrow is the same price at the maximum unit price (as `_create` computed it): recomputing it from
        // the slots just read saves a cold read of `j.escrow` per settlement.
        return
            SlaPricingLib.settle(
                SlaPricingLib.price(j.resources, j.durationSec, j.maxUnitPrice, j.multiplierBps),
                jobPrice,
                latencyMs,
                j.latencyBoundMs,
                j.latencyPenaltyBps,
                j.protocolFeeBps
            );
    }

    /// @notice True when a receipt the region accepted at `acceptedAt` is too late for the job's deadline.
    function _lateAt(Job storage j, uint64 acceptedAt) private view returns (bool) {
        return uint256(acceptedAt) > uint256(j.deadline) + RECEIPT_ALLOWANCE_SEC;
    }

    /// @notice The latency the region's clock proves at least, in ms: how far the receipt's acceptance came after
    /// the directive's arrival plus the job's duration and the allowance (0 when within).
    function _overrunMs(Job storage j, uint64 receivedAt, uint64 acceptedAt) private view returns (uint32) {
        uint256 budget = uint256(receivedAt) + j.durationSec + RECEIPT_ALLOWANCE_SEC;
        if (acceptedAt <= budget) return 0;
        uint256 ms = (acceptedAt - budget) * 1000;
        return ms > type(uint32).max ? type(uint32).max : uint32(ms);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IJobMarket
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IJobMarket
    function quote(JobSpec calldata spec) external view returns (uint256) {
        return
            SlaPricingLib.price(spec.resources, spec.durationSec, spec.maxUnitPrice, _multiplier(spec.tier));
    }

    /// @inheritdoc IJobMarket
    function requestDigest(
        JobSpec calldata spec,
        address buyer,
        uint256 nonce,
        uint64 expiry
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(JOB_REQUEST_TYPEHASH, buyer, spec, nonce, expiry)));
    }

    /// @inheritdoc IJobMarket
    function job(uint256 jobId) external view returns (Job memory j) {
        j = _jobs[jobId];
        // A settled job's escrow slot holds its output commitment: the escrow is the price at the maximum unit price.
        if (j.status == JobStatus.Settled) {
            j.escrow = SlaPricingLib.price(j.resources, j.durationSec, j.maxUnitPrice, j.multiplierBps);
        }
    }

    /// @inheritdoc IJobMarket
    function jobCount() external view returns (uint256) {
        return _jobCount;
    }

    /// @inheritdoc IJobMarket
    function nonceUsed(address buyer, uint256 nonce) external view returns (bool) {
        return _nonceUsed[buyer][nonce];
    }

    /// @inheritdoc IJobMarket
    function policy() external view returns (Policy memory) {
        return _policy;
    }

    /// @inheritdoc IJobMarket
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IJobMarket
    function paymentToken() external view returns (address) {
        return address(_paymentToken);
    }

    /// @inheritdoc IJobOutputSource
    function verifiedOutputCommitment(uint256 jobId) external view returns (uint256) {
        Job storage j = _jobs[jobId];
        return j.status == JobStatus.Settled ? j.escrow : 0;
    }

    /// @notice The DirectiveHub allowed to record assignments.
    function directiveHub() external view returns (address) {
        return _directiveHub;
    }

    /// @inheritdoc IJobMarket
    function cancelDigest(uint256 jobId, uint64 deadline) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CANCEL_REQUEST_TYPEHASH, jobId, deadline)));
    }

    // ---------------------------------------------------------------- governance

    /// @inheritdoc IJobMarket
    function setPolicy(Policy calldata policy_) external onlyOwner {
        _setPolicy(policy_);
    }

    /// @inheritdoc IJobMarket
    function setDisputeWindow(uint32 windowSec) external onlyOwner {
        if (windowSec > MAX_DISPUTE_WINDOW) revert JobMarketInvalidPolicy("disputeWindowSec");
        _disputeWindowSec = windowSec;
        emit DisputeWindowChanged(windowSec);
    }

    /// @inheritdoc IJobMarket
    function disputeWindow() external view returns (uint32) {
        return _disputeWindowSec;
    }

    /// @inheritdoc IJobMarket
    function timeoutSlashOf(uint256 jobId) external view returns (uint256) {
        return _timeoutSlashes[_job(jobId).policyVersion];
    }

    /// @inheritdoc IJobMarket
    function heldOf(uint256 jobId) external view returns (Hold memory) {
        return _holds[jobId];
    }

    /// @inheritdoc IJobMarket
    function setTreasury(address treasury_) external onlyOwner {
        _setTreasury(treasury_);
    }

    /// @inheritdoc IJobMarket
    function setDirectiveHub(address directiveHub_) external onlyOwner {
        if (directiveHub_ == address(0)) revert JobMarketZeroAddress();
        _directiveHub = directiveHub_;
        emit DirectiveHubChanged(directiveHub_);
    }

    /// @inheritdoc IJobMarket
    function setProofVerifiers(
        IJobReceiptProofVerifier single,
        IReceiptBatchProofVerifier batch
    ) external onlyOwner {
        if (address(single) == address(0) || address(batch) == address(0)) revert JobMarketZeroAddress();
        _singleProofVerifier = single;
        _batchProofVerifier = batch;
        emit ProofVerifiersChanged(address(single), address(batch));
    }

    // ---------------------------------------------------------------- internals

    function _create(JobSpec calldata spec, address buyer) private returns (uint256 jobId) {
        _validate(spec);
        uint16 multiplierBps = _multiplier(spec.tier);
        uint256 escrow = SlaPricingLib.price(
            spec.resources,
            spec.durationSec,
            spec.maxUnitPrice,
            multiplierBps
        );
        if (escrow == 0) revert JobMarketInvalidSpec("escrow");
        jobId = ++_jobCount;
        _jobs[jobId] = Job({
            buyer: buyer,
            status: JobStatus.Open,
            tier: spec.tier,
            multiplierBps: multiplierBps,
            latencyPenaltyBps: _policy.latencyPenaltyBps,
            protocolFeeBps: _policy.protocolFeeBps,
            attempt: 0,
            resources: spec.resources,
            durationSec: spec.durationSec,
            latencyBoundMs: spec.latencyBoundMs,
            deadline: spec.deadline,
            settlementGraceSec: _policy.settlementGraceSec,
            disputeWindowSec: _disputeWindowSec,
            policyVersion: uint32(_timeoutSlashes.length - 1),
            maxUnitPrice: uint80(spec.maxUnitPrice), // < 2^80 (`_validate`)
            unitPrice: 0,
            nodeId: 0,
            escrow: escrow,
            inputCommitment: spec.inputCommitment
        });
        emit JobCreated(jobId, buyer, spec, escrow);
        _pullExact(buyer, escrow);
    }

    function _timeOut(uint256 jobId, Job storage j) private {
        bool wasAssigned = j.status == JobStatus.Assigned;
        j.status = JobStatus.TimedOut;
        uint256 refund = j.escrow;
        uint256 slashed;
        if (wasAssigned) {
            _reputation.record(j.nodeId, jobId, IReputation.Outcome.Timeout);
            // The slash fixed at creation, from the stake its assignment locked.
            uint256 slash = _timeoutSlashes[j.policyVersion];
            _unlock(j.nodeId, slash);
            slashed = _stakeManager.slash(j.nodeId, slash);
        }
        emit JobTimedOut(jobId, j.nodeId, refund, slashed);
        _pay(j.buyer, refund);
    }

    /// @dev The region a node id belongs to (as `INodeIndex.regionOf`, which is pure).
    function _regionOf(uint256 nodeId) private pure returns (uint32) {
        return uint32(nodeId >> 64);
    }

    /// @dev Releases `amount` of the stake `nodeId`'s assignments locked (one call site for every path).
    function _unlock(uint256 nodeId, uint256 amount) private {
        _stakeManager.unlock(nodeId, amount);
    }

    function _pullExact(address from, uint256 amount) private {
        uint256 before = _paymentToken.balanceOf(address(this));
        _paymentToken.safeTransferFrom(from, address(this), amount);
        uint256 received = _paymentToken.balanceOf(address(this)) - before;
        if (received != amount) revert JobMarketTransferAmountMismatch(amount, received);
    }

    /// @dev Pushes a payout; a recipient the token refuses (e.g. blacklisted) is credited instead, so one
    /// party can never lock the others' shares of an escrow. Credits are pulled with `withdrawCredit`.
    function _pay(address to, uint256 amount) private {
        if (amount == 0) return;
        if (!_paymentToken.trySafeTransfer(to, amount)) _credit(to, amount);
    }

    /// @dev Credits a payout for `withdrawCredit` (proven batches: one sum per payee instead of transfers per job).
    function _credit(address to, uint256 amount) private {
        if (amount == 0) return;
        _credits[to] += amount;
        emit PaymentCredited(to, amount);
    }

    function _job(uint256 jobId) private view returns (Job storage j) {
        j = _jobs[jobId];
        if (j.status == JobStatus.None) revert JobMarketUnknownJob(jobId);
    }

    function _multiplier(Tier tier) private view returns (uint16) {
        return _policy.tierMultiplierBps[uint8(tier)];
    }

    function _validate(JobSpec calldata spec) private view {
        if (spec.resources == 0) revert JobMarketInvalidSpec("resources");
        if (spec.durationSec == 0) revert JobMarketInvalidSpec("durationSec");
        if (spec.latencyBoundMs == 0) revert JobMarketInvalidSpec("latencyBoundMs");
        if (spec.deadline <= block.timestamp + spec.durationSec) revert JobMarketInvalidSpec("deadline");
        if (spec.maxUnitPrice == 0 || spec.maxUnitPrice > type(uint80).max) {
            revert JobMarketInvalidSpec("maxUnitPrice");
        }
        if (spec.inputCommitment >= SNARK_FIELD) revert JobMarketInvalidSpec("inputCommitment");
    }

    function _setPolicy(Policy memory p) private {
        for (uint256 i = 0; i < 3; ++i) {
            if (p.tierMultiplierBps[i] == 0 || p.tierMultiplierBps[i] > MAX_TIER_MULTIPLIER_BPS) {
                revert JobMarketInvalidPolicy("tierMultiplierBps");
            }
        }
        if (p.latencyPenaltyBps > SlaPricingLib.BPS) revert JobMarketInvalidPolicy("latencyPenaltyBps");
        if (p.protocolFeeBps > MAX_PROTOCOL_FEE_BPS) revert JobMarketInvalidPolicy("protocolFeeBps");
        if (p.settlementGraceSec > MAX_SETTLEMENT_GRACE) revert JobMarketInvalidPolicy("settlementGraceSec");
        _policy = p;
        _timeoutSlashes.push(p.timeoutSlash);
        emit PolicyChanged(p);
    }

    function _setTreasury(address treasury_) private {
        if (treasury_ == address(0)) revert JobMarketZeroAddress();
        _treasury = treasury_;
        emit TreasuryChanged(treasury_);
    }
}
