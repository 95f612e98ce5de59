import type { AppError } from "../../shared/errors.js";
import type { Attestation } from "../../shared/envelope.js";

/** Why a message is not delivered (yet). Every undelivered message carries exactly one. */
export const REASONS = [
  "WAITING_FOR_SIGNATURES",
  "SUBMITTED",
  "RATE_LIMITED",
  "RECIPIENT_REVERTED",
  "ISM_REJECTED",
  "OUT_OF_GAS",
  "RPC_DOWN",
  "SUBMISSION_STALLED",
  "INVALID_MESSAGE",
  "UNKNOWN_DESTINATION",
  "BATCH_FULL",
] as const;
export type Reason = (typeof REASONS)[number];

/** `dead`: failed `maxAttempts` times; parked until someone retries it (`relay retry <id>`). */
export type Status = "pending" | "submitted" | "delivered" | "dead";

/** A message as the relayer tracks it. */
export interface MessageRecord {
  id: string;
  origin: number;
  destination: number;
  nonce: number;
  message: string;
  status: Status;
  reason: Reason | null;
  detail: string | null;
  attempts: number;
  /** Failures of the message itself (recipient revert, out of gas, invalid): what parks it as dead. */
  failures: number;
  nextAttemptAt: number;
  txHash: string | null;
  observedAt: number;
  deliveredAt: number | null;
}

export interface NewMessage {
  id: string;
  origin: number;
  destination: number;
  nonce: number;
  message: string;
}

/** A validator set the destination ISM currently accepts for an origin. */
export interface ActiveSet {
  version: number;
  validators: string[];
  threshold: number;
}

/** One message ready to submit: the envelope, the ISM metadata built for it and its gas cap. */
export interface Delivery {
  id: string;
  metadata: string;
  message: string;
  gasLimit: bigint;
}

/** A message `processBatch` tried and that failed (`ProcessFailed`): its decoded reason. */
export interface FailedDelivery {
  id: string;
  error: AppError;
}

export type ReceiptOutcome =
  | { status: "success"; processed: string[]; failed: FailedDelivery[] }
  | { status: "reverted"; gasUsed: bigint; gasLimit: bigint }
  /** Its nonce was taken by another transaction, or the node no longer knows it (e.g. after a restart). */
  | { status: "replaced" }
  | { status: "dropped" }
  | { status: "timeout" };

/** Port: one chain (as origin it is read, as destination it is written). Failures throw `AppError`. */
export interface ChainGateway {
  readonly domain: number;
  readonly name: string;
  /** This chain's Mailbox (validators bind their signatures to it). */
  readonly mailbox: string;
  /** `Dispatched` from `fromBlock` up to `head` (default: the chain's head) minus confirmations. */
  readDispatches(
    fromBlock: number,
    head?: number,
  ): Promise<{ dispatches: NewMessage[]; nextBlock: number; caughtUp: boolean }>;
  /** Resolves with the chain's head once it is above `seen`, or after `maxWaitMs` (a heartbeat). */
  nextHead(seen: number, maxWaitMs: number): Promise<number>;
  /** Sets this chain's ISM accepts for `origin`: the current one first, then the previous one while in grace. */
  activeSets(origin: number): Promise<ActiveSet[]>;
  estimateProcess(metadata: string, message: string): Promise<bigint>;
  /**
   * Dry-runs `processBatch` (only after a batch transaction reverted as a whole): per delivery, undefined
   * when it would succeed or was not tried, else the failure.
   */
  checkBatch(deliveries: Delivery[]): Promise<(AppError | undefined)[]>;
  /** Broadcasts `processBatch` (nonce assigned locally, so calls may overlap) and returns the tx hash. */
  submitBatch(deliveries: Delivery[], gasLimit: bigint): Promise<string>;
  /** Broadcasts `process` (nonce assigned locally, so calls may overlap) and returns the tx hash. */
  submitProcess(metadata: string, message: string, gasLimit: bigint): Promise<string>;
  waitForReceipt(txHash: string, timeoutMs: number): Promise<ReceiptOutcome>;
  /** Whether the envelope `message` (its origin's nonce) was delivered on this chain. */
  isDelivered(message: string): Promise<boolean>;
  /** The latest block's timestamp (seconds): rate limits are in chain time. */
  chainTime(): Promise<number>;
  /** Stops following the chain's head. */
  close(): Promise<void>;
}

/** Port: where validators publish signatures. Unreachable validators are skipped, not fatal. */
export interface SignatureSource {
  /** Signatures offered per id; may return once `enough` holds for every id (the rest arrive later). */
  fetch(
    messageIds: string[],
    enough?: (messageId: string, offered: Attestation[]) => boolean,
  ): Promise<Map<string, Attestation[]>>;
}

/** Port: the relayer's durable state. */
export interface RelayerStore {
  cursor(domain: number, fallback: number): number;
  recordDispatches(
    origin: number,
    messages: NewMessage[],
    nextBlock: number,
    now: number,
    reason: Reason,
  ): void;
  due(destination: number, now: number, limit: number): MessageRecord[];
  submittedMessages(): MessageRecord[];
  markSubmitted(id: string, txHash: string): void;
  markDelivered(id: string, txHash: string | null, now: number): void;
  markPending(id: string, reason: Reason, detail: string | null, nextAttemptAt: number): void;
  /** Parks a message that failed too often (dead letter); `retry` makes it due again. */
  markDead(id: string, reason: Reason, detail: string | null): void;
  /** Makes a dead (or pending) message due now with its attempts reset; false when there is none. */
  retry(id: string, now: number): boolean;
  get(id: string): MessageRecord | undefined;
  list(filter: { undeliveredOnly?: boolean; deadOnly?: boolean; limit: number }): MessageRecord[];
  countsByReason(): Record<string, number>;
}

/** Observer for metrics and logs. */
export interface RelayerObserver {
  delivered(record: MessageRecord, latencyMs: number): void;
  deferred(record: MessageRecord, reason: Reason, detail: string | null): void;
  error(context: string, error: AppError): void;
  /** A message was parked as dead after its last allowed failure. */
  parked?(record: MessageRecord, reason: Reason, detail: string | null): void;
}
