// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MessageLib} from "../libraries/MessageLib.sol";
import {IJobOutputSource} from "./IJobOutputSource.sol";
import {IJobReceiptProofVerifier} from "./IJobReceiptProofVerifier.sol";
import {IReceiptBatchProofVerifier} from "./IReceiptBatchProofVerifier.sol";

/// @title IJobMarket
/// @notice The hub's job market: buyers escrow payment for jobs with SLA terms; settlement pays the provider
/// by the SLA outcome reported in a verified receipt, refunds penalties and takes the protocol fee; after the
/// deadline (plus a grace period for receipts in flight) anyone can settle a job without a receipt.
/// Receipts arrive either verified by the region (operator signature; the region is trusted) or proven with
/// Groth16, in which case the market re-checks the proof against its own records before paying.
interface IJobMarket is IJobOutputSource {
    enum Tier {
        RealTime,
        Interactive,
        Batch
    }

    enum JobStatus {
        None,
        Open,
        Assigned,
        Settled,
        TimedOut,
        Cancelled
    }

    /// @notice The share of a settlement the latency penalty could still take back, held while the buyer may
    /// dispute the node's latency: `amount` until `until`, settled at `latencyMs` unless disputed.
    struct Hold {
        uint128 amount;
        uint64 until;
        uint32 latencyMs;
    }

    /// @notice What a buyer asks for.
    /// @param resources Resource units (> 0).
    /// @param durationSec Expected run time in seconds (> 0).
    /// @param tier SLA tier; selects the price multiplier.
    /// @param latencyBoundMs Latency bound of the SLA in ms (> 0).
    /// @param deadline Unix time by which the job must be finished.
    /// @param maxUnitPrice Highest unit price (per resource-unit-second) the buyer accepts; the escrow is
    ///        the price at this unit price, and the difference to the node's price is refunded. At most 2^80 - 1
    ///        (stored packed; ~1.2e24 token units per resource-second).
    /// @param inputCommitment Commitment to the job's input (a field element; the receipt must repeat it).
    struct JobSpec {
        uint32 resources;
        uint32 durationSec;
        Tier tier;
        uint32 latencyBoundMs;
        uint64 deadline;
        uint128 maxUnitPrice;
        uint256 inputCommitment;
    }

    /// @notice An EIP-2612 permit for the payment token, signed by the buyer for this market.
    struct Permit {
        uint256 value;
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice Governance-set pricing policy; snapshotted into each job at creation.
    /// @param tierMultiplierBps Price multiplier per tier, in bps (10 000 = ×1; each in [1, 50 000]).
    /// @param latencyPenaltyBps Share of the price refunded at a latency breach of one bound or more.
    /// @param protocolFeeBps Share of the provider's earnings paid to the treasury (≤ 2 000).
    /// @param settlementGraceSec Time after the deadline during which only a receipt can settle a job.
    /// @param timeoutSlash SuanliToken slashed from the node's stake when its job times out.
    struct Policy {
        uint16[3] tierMultiplierBps;
        uint16 latencyPenaltyBps;
        uint16 protocolFeeBps;
        uint32 settlementGraceSec;
        uint128 timeoutSlash;
    }

    struct Job {
        address buyer;
        JobStatus status;
        Tier tier;
        uint16 multiplierBps;
        uint16 latencyPenaltyBps;
        uint16 protocolFeeBps;
        uint32 attempt;
        uint32 resources;
        uint32 durationSec;
        uint32 latencyBoundMs;
        uint64 deadline;
        uint32 settlementGraceSec;
        uint32 disputeWindowSec;
        /// @dev The policy in force at creation (see `timeoutSlashOf`); packed with the fields above.
        uint32 policyVersion;
        /// @dev Prices (≤ 2^80 - 1, see `createJob`) and the node id (`region << 64 | index`, 96 bits) share one
        /// slot, so a settlement reads three cold job slots, not four.
        uint80 maxUnitPrice;
        uint80 unitPrice;
        uint96 nodeId;
        /// @dev What `job` returns is always the escrow. In storage the slot holds it until the job is Settled
        /// (final); from then on it holds the job's verified output commitment (`verifiedOutputCommitment`).
        uint256 escrow;
        uint256 inputCommitment;
    }

    /// @notice A job field is out of range; `field` names it.
    error JobMarketInvalidSpec(bytes32 field);
    /// @notice The signed request expired at `expiry`.
    error JobMarketRequestExpired(uint64 expiry);
    /// @notice The buyer's signature does not match the request.
    error JobMarketInvalidSignature(address buyer);
    /// @notice The request nonce was already used or invalidated.
    error JobMarketNonceUsed(address buyer, uint256 nonce);
    /// @notice The token moved a different amount than requested (e.g. a fee-on-transfer token).
    error JobMarketTransferAmountMismatch(uint256 expected, uint256 received);
    /// @notice `jobId` does not exist.
    error JobMarketUnknownJob(uint256 jobId);
    /// @notice The caller is not the job's buyer.
    error JobMarketNotBuyer(uint256 jobId, address caller);
    /// @notice The job's status does not allow the operation.
    error JobMarketInvalidStatus(uint256 jobId, JobStatus status);
    /// @notice The caller is not the DirectiveHub.
    error JobMarketNotDirectiveHub(address caller);
    /// @notice The node's price is above the buyer's maximum.
    error JobMarketPriceTooHigh(uint256 jobId, uint128 unitPrice, uint128 maxUnitPrice);
    /// @notice The node id is wider than `region << 64 | index` (96 bits).
    error JobMarketInvalidNodeId(uint256 nodeId);
    /// @notice The directive's attempt is not the job's next one (a resent or out-of-order directive).
    error JobMarketAttemptMismatch(uint256 jobId, uint32 attempt, uint32 expected);
    /// @notice The job has had its last attempt (65,535: the region keeps a job's receipted attempt in 16 bits). The
    /// job keeps its current state: an open one can still be cancelled, an unfinished one times out and refunds.
    error JobMarketTooManyAttempts(uint256 jobId, uint32 attempt);
    /// @notice The job's deadline has passed.
    error JobMarketDeadlinePassed(uint256 jobId, uint64 deadline);
    /// @notice The job cannot be settled without a receipt before `settleableAt`.
    error JobMarketNotTimedOut(uint256 jobId, uint256 settleableAt);
    /// @notice The receipt is for another node or an earlier attempt than the job's current assignment.
    error JobMarketStaleReceipt(uint256 jobId, uint256 nodeId, uint32 attempt);
    /// @notice The receipt came from a region other than its node's.
    error JobMarketWrongRegion(uint256 nodeId, uint32 origin);
    /// @notice A policy value is out of range.
    error JobMarketInvalidPolicy(bytes32 field);
    /// @notice An address parameter is zero.
    error JobMarketZeroAddress();
    /// @notice Governance has not set the Groth16 receipt verifiers.
    error JobMarketNoProofVerifier();
    /// @notice A proven-receipts message named the same job twice.
    error JobMarketDuplicateReceipt(uint256 jobId);
    /// @notice A proven-receipts message carried no receipts or more than a batch holds.
    error JobMarketBatchSize(uint256 size);
    /// @notice Less than the job's duration is left before its deadline: no node could finish it.
    error JobMarketNoTimeToRun(uint256 jobId, uint64 deadline, uint32 durationSec);
    /// @notice The caller does not operate the job's assigned node.
    error JobMarketNotAssignedOperator(uint256 jobId, address caller);
    /// @notice A decline must come while the job's duration still fits before its deadline (`latest`).
    error JobMarketDeclineTooLate(uint256 jobId, uint256 latest);
    /// @notice The caller has no credited payout to withdraw.
    error JobMarketNoCredit(address account);
    /// @notice The signature over a cancel request is not the job's buyer's.
    error JobMarketInvalidCancelSignature(uint256 jobId);
    /// @notice The job has no held share (no dispute window, already released, or nothing disputable).
    error JobMarketNothingHeld(uint256 jobId);
    /// @notice The dispute window closed at `until`.
    error JobMarketDisputeClosed(uint256 jobId, uint64 until);
    /// @notice The held share is released only after the dispute window closes at `until`.
    error JobMarketDisputeOpen(uint256 jobId, uint64 until);

    event JobCreated(uint256 indexed jobId, address indexed buyer, JobSpec spec, uint256 escrow);
    event JobCancelled(uint256 indexed jobId, uint256 refund);
    event JobAssigned(
        uint256 indexed jobId,
        uint256 indexed nodeId,
        uint32 attempt,
        uint128 unitPrice,
        uint256 price
    );
    event JobSettled(
        uint256 indexed jobId,
        uint256 indexed nodeId,
        uint256 providerPay,
        uint256 buyerRefund,
        uint256 fee,
        uint256 penalty
    );
    event JobTimedOut(uint256 indexed jobId, uint256 indexed nodeId, uint256 refund, uint256 slashed);
    event JobDeclined(uint256 indexed jobId, uint256 indexed nodeId, uint32 attempt);
    /// @notice A payout the token refused to push to `account` was credited for it to withdraw.
    event PaymentCredited(address indexed account, uint256 amount);
    event CreditWithdrawn(address indexed account, address to, uint256 amount);
    /// @notice `amount` of a settlement stays in escrow until `until` for the buyer to dispute the latency.
    event SettlementHeld(uint256 indexed jobId, uint256 amount, uint64 until);
    /// @notice A held share was paid out as settled at `latencyMs` (the buyer's observation if it disputed).
    event HeldReleased(
        uint256 indexed jobId,
        uint32 latencyMs,
        uint256 providerPay,
        uint256 buyerRefund,
        uint256 fee
    );
    event DisputeWindowChanged(uint32 windowSec);
    event NonceInvalidated(address indexed buyer, uint256 nonce);
    event PolicyChanged(Policy policy);
    event TreasuryChanged(address treasury);
    event DirectiveHubChanged(address directiveHub);
    event ProofVerifiersChanged(address single, address batch);

    /// @notice Creates a job paid by the caller (who must have approved the escrow).
    function createJob(JobSpec calldata spec) external returns (uint256 jobId);

    /// @notice Creates a job for `buyer` from the buyer's EIP-712 signed request, pulling the escrow with
    /// the buyer's EIP-2612 permit. Anyone (a gas relayer) may submit; it never holds the buyer's key.
    function createJobWithSig(
        JobSpec calldata spec,
        address buyer,
        uint256 nonce,
        uint64 expiry,
        bytes calldata signature,
        Permit calldata permit
    ) external returns (uint256 jobId);

    /// @notice Marks a not yet used request nonce of the caller as used, so a signed request can be withdrawn.
    function invalidateNonce(uint256 nonce) external;

    /// @notice Cancels an open (not yet assigned) job and refunds its escrow. Buyer only.
    function cancel(uint256 jobId) external;

    /// @notice Records that the scheduler assigned the job to `nodeId` at `unitPrice` as attempt `attempt`
    /// (which must be the current attempt + 1, at most 65,535), leaving at least the job's duration before its
    /// deadline, and locks the job's `timeoutSlash` of the node's stake until the job settles. DirectiveHub only.
    /// @return terms What the directive to the region carries.
    function recordAssignment(
        uint256 jobId,
        uint256 nodeId,
        uint128 unitPrice,
        uint32 attempt
    ) external returns (MessageLib.AssignTerms memory terms);

    /// @notice Settles a job that has no verified receipt after its deadline and grace period: the buyer is
    /// refunded and, if the job was assigned, the node is slashed the job's `timeoutSlash`. Anyone may call.
    function settleTimedOut(uint256 jobId) external;

    /// @notice The assigned node's operator gives the job back (it goes back to Open for the scheduler to place
    /// again, the node's locked stake is released, nothing is slashed). Allowed while the job's duration still
    /// fits before its deadline.
    function decline(uint256 jobId) external;

    /// @notice The buyer contests the latency of a settled job with its own observation, within the job's
    /// dispute window: the held share is paid out as if the job had settled at max(node's latency, observed).
    function dispute(uint256 jobId, uint32 observedLatencyMs) external;

    /// @notice Pays out a held share as settled, once the dispute window has closed. Anyone may call.
    function releaseHeld(uint256 jobId) external;

    /// @notice Sets the dispute window (0 = none) snapshotted into jobs created from now on. Governance only.
    function setDisputeWindow(uint32 windowSec) external;

    /// @notice The dispute window new jobs get.
    function disputeWindow() external view returns (uint32);

    /// @notice The timeout slash of the policy in force when the job was created: what its assignment locks
    /// and a timeout slashes.
    function timeoutSlashOf(uint256 jobId) external view returns (uint256);

    /// @notice The held share of a settled job (zero amount when none).
    function heldOf(uint256 jobId) external view returns (Hold memory);

    /// @notice Sends the caller's credited payouts (ones its token refused to push) to `to`.
    function withdrawCredit(address to) external;

    /// @notice Payouts credited to `account` and not yet withdrawn.
    function creditOf(address account) external view returns (uint256);

    /// @notice The price a job with `spec` would escrow under the current policy.
    function quote(JobSpec calldata spec) external view returns (uint256 escrow);

    /// @notice The EIP-712 digest a buyer signs for a request.
    function requestDigest(
        JobSpec calldata spec,
        address buyer,
        uint256 nonce,
        uint64 expiry
    ) external view returns (bytes32);

    function job(uint256 jobId) external view returns (Job memory);
    function jobCount() external view returns (uint256);
    function nonceUsed(address buyer, uint256 nonce) external view returns (bool);
    function policy() external view returns (Policy memory);
    function treasury() external view returns (address);
    function paymentToken() external view returns (address);

    function setPolicy(Policy calldata policy) external;
    function setTreasury(address treasury) external;
    function setDirectiveHub(address directiveHub) external;

    /// @notice Sets the hub's own Groth16 verifiers of proven receipts (`RECEIPTS_PROVEN`), the only place their
    /// proofs are verified. A batch of one receipt goes to `single` (the JobReceipt key, 4 public signals); a batch
    /// of 2–32 goes to `batch`, a front holding two keys (`ReceiptBatchProofVerifier`): 2–8 receipts are checked
    /// with ReceiptBatch8's (18 signals), 9–32 with ReceiptBatch's (66 signals). Signed receipts
    /// (`RECEIPT_VERIFIED`) are verified by the region's `IReceiptVerifier`, not here. Governance only; emits
    /// `ProofVerifiersChanged`.
    function setProofVerifiers(IJobReceiptProofVerifier single, IReceiptBatchProofVerifier batch) external;

    /// @notice Cancels an open job for its buyer from the buyer's EIP-712 `CancelRequest(jobId, deadline)`,
    /// refunding the escrow to the buyer. Anyone (a gas relayer) may submit; a used request cannot be replayed
    /// because the job is no longer open.
    function cancelWithSig(uint256 jobId, uint64 deadline, bytes calldata signature) external;

    /// @notice The EIP-712 digest a buyer signs to cancel `jobId`, valid until `deadline`.
    function cancelDigest(uint256 jobId, uint64 deadline) external view returns (bytes32);
}
