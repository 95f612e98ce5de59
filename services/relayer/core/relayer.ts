import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../../shared/errors.js";
import { type Attestation, recoverAttester } from "../../shared/envelope.js";
import {
  FAILURE_REASONS,
  batchGasLimit,
  buildMetadata,
  classify,
  gasCapFor,
  retryDelayMs,
  type RetryPolicy,
  type Route,
} from "./policy.js";
import type {
  ActiveSet,
  ChainGateway,
  Delivery,
  MessageRecord,
  Reason,
  RelayerObserver,
  RelayerStore,
  SignatureSource,
} from "./types.js";

export interface RelayerSettings extends RetryPolicy {
  /** Due messages taken per destination per step. */
  batchSize: number;
  /** Messages per `processBatch` transaction. */
  perTransaction: number;
  submitTimeoutMs: number;
  /** Gas cap of one message in a batch; doubled after each out-of-gas failure up to `maxGasPerMessage`. */
  gasPerMessage: bigint;
  maxGasPerMessage: bigint;
  /** What an ordinary message is expected to use: the batch's gas limit budgets this much per message. */
  expectedGasPerMessage: bigint;
  /** Failures (recipient revert, out of gas, invalid) after which a message is parked as dead. */
  maxAttempts: number;
  /** Origin chains scan from here when they have no cursor yet. */
  fromBlock: Map<number, number>;
  /** The Mailbox of every domain: validators sign (origin Mailbox, destination Mailbox, id). */
  mailboxes: Map<number, string>;
}

export interface RelayerDeps {
  store: RelayerStore;
  gateways: ChainGateway[];
  signatures: SignatureSource;
  observer: RelayerObserver;
  settings: RelayerSettings;
  now?: () => number;
}

const SET_CACHE_MS = 1_000;
/** An indexer waits at most this long for a new head before it looks again (a heartbeat). */
const HEAD_WAIT_MS = 1_000;
/** Recovered signers kept (id ‖ signature → signer): a message re-polled for signatures is not re-verified. */
const SIGNER_CACHE = 50_000;

/**
 * The relayer's state machine. Per origin chain an indexer turns `Dispatched` events into pending messages
 * (cursor and messages saved in one transaction). Per destination a deliverer takes due messages in batches:
 * signatures (each recovered and checked against the on-chain set) → metadata → `processBatch` transactions
 * with a gas cap per message and locally managed nonces, several in flight, no dry run → a watcher per
 * transaction that reads each message's fate from the receipt (`Processed`, or `ProcessFailed` with its
 * revert data). Only a transaction that reverts as a whole is dry-run afterwards, to find its culprits.
 * Every message is delivered, pending with a reason code and a time for its next attempt, or — after
 * `maxAttempts` failures of its own — parked as dead until someone retries it.
 */
export class Relayer {
  private readonly deps: RelayerDeps;
  private readonly now: () => number;
  private readonly byDomain: Map<number, ChainGateway>;
  private readonly watchers = new Set<Promise<void>>();
  private readonly setCache = new Map<string, { at: number; sets: Promise<ActiveSet[]> }>();
  private readonly signers = new Map<string, string | undefined>();
  /** Per origin: the head its last complete read reached (the indexer waits for a newer one). */
  private readonly indexedHead = new Map<number, number>();
  /** Per destination: wakes its deliverer when the indexers recorded new messages for it. */
  private readonly wakers = new Map<number, () => void>();
  private stopping = false;
  private loops: Promise<void>[] = [];

  constructor(deps: RelayerDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.byDomain = new Map(deps.gateways.map((g) => [g.domain, g]));
  }

  start(): void {
    const inFlight = new Map<string, MessageRecord[]>();
    for (const record of this.deps.store.submittedMessages()) {
      inFlight.set(record.txHash as string, [...(inFlight.get(record.txHash as string) ?? []), record]);
    }
    for (const [txHash, records] of inFlight) {
      const destination = this.byDomain.get(records[0]!.destination);
      if (destination) this.watch(destination, records, txHash);
    }
    this.loops = [
      ...this.deps.gateways.map((g) =>
        this.loop(`index ${g.name}`, () => this.indexOnce(g, HEAD_WAIT_MS), 0),
      ),
      ...this.deps.gateways.map((g) =>
        this.loop(`deliver ${g.name}`, () => this.deliverOnce(g), this.deps.settings.pollMs, g.domain),
      ),
    ];
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const wake of this.wakers.values()) wake();
    await Promise.all(this.loops);
    await Promise.all([...this.watchers]);
  }

  /**
   * One indexing step: waits (up to `waitMs`) for a head newer than the last one read completely, then
   * reads up to it; true when there may be more to read right away.
   */
  async indexOnce(origin: ChainGateway, waitMs = 0): Promise<boolean> {
    const head = await origin.nextHead(this.indexedHead.get(origin.domain) ?? -1, waitMs);
    const from = this.deps.store.cursor(origin.domain, this.deps.settings.fromBlock.get(origin.domain) ?? 0);
    const { dispatches, nextBlock, caughtUp } = await origin.readDispatches(from, head);
    const known = dispatches.filter((d) => this.byDomain.has(d.destination));
    const unknown = dispatches.filter((d) => !this.byDomain.has(d.destination));
    const now = this.now();
    this.deps.store.recordDispatches(origin.domain, known, nextBlock, now, "WAITING_FOR_SIGNATURES");
    if (unknown.length > 0)
      this.deps.store.recordDispatches(origin.domain, unknown, nextBlock, now, "UNKNOWN_DESTINATION");
    for (const destination of new Set(known.map((d) => d.destination))) this.wakers.get(destination)?.();
    this.indexedHead.set(origin.domain, caughtUp ? head : -1);
    return !caughtUp;
  }

  /** One delivery step for a destination; true when work was found. */
  async deliverOnce(destination: ChainGateway): Promise<boolean> {
    const settings = this.deps.settings;
    const due = this.deps.store.due(destination.domain, this.now(), settings.batchSize);
    if (due.length === 0) return false;
    const routed: { record: MessageRecord; sets: ActiveSet[]; route: Route }[] = [];
    for (const record of due) {
      try {
        const sets = await this.activeSets(destination, record.origin);
        const route = {
          origin: record.origin,
          originMailbox: settings.mailboxes.get(record.origin) ?? "0x",
          destinationMailbox: destination.mailbox,
          messageId: record.id,
        };
        routed.push({ record, sets, route });
      } catch (error) {
        await this.failed(destination, record, asAppError(error));
      }
    }
    const metadataFor = (m: (typeof routed)[number], offered: Attestation[]) =>
      buildMetadata(offered, m.sets, m.route, (digest, signature) => this.signerOf(digest, signature));
    const byId = new Map(routed.map((m) => [m.record.id, m]));
    // Validators are asked in parallel; the step goes on once every message has a verified quorum.
    const attestations = await this.deps.signatures.fetch(
      routed.map((m) => m.record.id),
      (id, offered) => metadataFor(byId.get(id)!, offered) !== undefined,
    );
    const ready: { record: MessageRecord; delivery: Delivery }[] = [];
    for (const m of routed) {
      const { record } = m;
      const offered = attestations.get(record.id) ?? [];
      const metadata = metadataFor(m, offered);
      if (!metadata) {
        this.defer(record, "WAITING_FOR_SIGNATURES", `${offered.length} signatures offered`);
        continue;
      }
      const gasLimit = gasCapFor(record, settings.gasPerMessage, settings.maxGasPerMessage);
      ready.push({ record, delivery: { id: record.id, metadata, message: record.message, gasLimit } });
    }
    const chunks: (typeof ready)[] = [];
    for (let i = 0; i < ready.length; i += settings.perTransaction) {
      chunks.push(ready.slice(i, i + settings.perTransaction));
    }
    await Promise.all(chunks.map((chunk) => this.submit(destination, chunk)));
    return true;
  }

  /** One `processBatch` transaction, sent without a dry run: the receipt tells each message's fate. */
  private async submit(
    destination: ChainGateway,
    chunk: { record: MessageRecord; delivery: Delivery }[],
  ): Promise<void> {
    const deliveries = chunk.map((c) => c.delivery);
    const calldata = deliveries.reduce((n, d) => n + (d.metadata.length + d.message.length) / 2 + 96, 0);
    const gasLimit = batchGasLimit(
      deliveries.map((d) => d.gasLimit),
      this.deps.settings.expectedGasPerMessage,
      calldata,
    );
    let txHash: string;
    try {
      txHash = await destination.submitBatch(deliveries, gasLimit);
    } catch (error) {
      const appError = asAppError(error);
      // A send refused before mining (e.g. the node's own gas estimate or a revert it predicts) says nothing
      // about which message is at fault: find out with one dry run of this chunk.
      if (appError.code === "CHAIN_REVERTED") return this.bisect(destination, chunk);
      await Promise.all(chunk.map((c) => this.failed(destination, c.record, appError)));
      return;
    }
    for (const c of chunk) this.deps.store.markSubmitted(c.record.id, txHash);
    this.watch(
      destination,
      chunk.map((c) => c.record),
      txHash,
      chunk.map((c) => c.delivery),
    );
  }

  /** After a batch failed as a whole: a dry run names each culprit; the others go into the next batch. */
  private async bisect(
    destination: ChainGateway,
    chunk: { record: MessageRecord; delivery: Delivery }[],
  ): Promise<void> {
    let failures: (AppError | undefined)[];
    try {
      failures = await destination.checkBatch(chunk.map((c) => c.delivery));
    } catch (error) {
      await Promise.all(chunk.map((c) => this.failed(destination, c.record, asAppError(error))));
      return;
    }
    for (const [i, c] of chunk.entries()) {
      const failure = failures[i];
      if (failure) await this.failed(destination, c.record, failure);
      else this.defer(c.record, "BATCH_FULL", "batch reverted; retried in the next one");
    }
  }

  private watch(
    destination: ChainGateway,
    records: MessageRecord[],
    txHash: string,
    deliveries?: Delivery[],
  ): void {
    const watcher = this.settle(destination, records, txHash, deliveries).finally(() =>
      this.watchers.delete(watcher),
    );
    this.watchers.add(watcher);
  }

  private async settle(
    destination: ChainGateway,
    records: MessageRecord[],
    txHash: string,
    deliveries?: Delivery[],
  ): Promise<void> {
    try {
      const outcome = await destination.waitForReceipt(txHash, this.deps.settings.submitTimeoutMs);
      if (outcome.status === "reverted" && deliveries) {
        // The batch failed as a whole (not one message): a dry run names the culprits.
        return await this.bisect(
          destination,
          records.map((record, i) => ({ record, delivery: deliveries[i]! })),
        );
      }
      const processed = new Set(outcome.status === "success" ? outcome.processed : []);
      const failed = new Map(outcome.status === "success" ? outcome.failed.map((f) => [f.id, f.error]) : []);
      for (const record of records) {
        const failure = failed.get(record.id);
        if (processed.has(record.id)) {
          this.delivered(record, txHash);
        } else if (failure) {
          await this.failed(destination, record, failure);
        } else if (await destination.isDelivered(record.message)) {
          this.delivered(record, null);
        } else if (
          outcome.status === "timeout" ||
          outcome.status === "replaced" ||
          outcome.status === "dropped"
        ) {
          this.defer(record, "SUBMISSION_STALLED", `tx ${txHash} ${outcome.status}`);
        } else if (outcome.status === "success") {
          // Not tried: the batch's gas ran short before it (a message before it used its whole cap).
          this.defer(record, "BATCH_FULL", `not tried in tx ${txHash}`);
        } else {
          this.defer(record, "OUT_OF_GAS", `tx ${txHash} reverted (gas limit ${outcome.gasLimit})`);
        }
      }
    } catch (error) {
      await Promise.all(records.map((r) => this.failed(destination, r, asAppError(error)))).catch(
        () => undefined,
      );
    }
  }

  private async failed(destination: ChainGateway, record: MessageRecord, error: AppError): Promise<void> {
    const verdict = classify(error);
    if (verdict.kind === "delivered") return this.delivered(record, null);
    if (verdict.reason === "RPC_DOWN") this.deps.observer.error(`chain ${destination.name}`, error);
    let rateLimit: { availableAt: number; chainNow: number } | undefined;
    if (verdict.availableAt !== undefined) {
      rateLimit = {
        availableAt: verdict.availableAt,
        chainNow: await destination.chainTime().catch(() => 0),
      };
    }
    this.defer(record, verdict.reason, verdict.detail, rateLimit);
  }

  private delivered(record: MessageRecord, txHash: string | null): void {
    const now = this.now();
    this.deps.store.markDelivered(record.id, txHash, now);
    this.deps.observer.delivered(record, now - record.observedAt);
  }

  private defer(
    record: MessageRecord,
    reason: Reason,
    detail: string | null,
    rateLimit?: { availableAt: number; chainNow: number },
  ): void {
    // `failures` counts this failure too once it is recorded (markPending/markDead add one).
    if (FAILURE_REASONS.has(reason) && record.failures + 1 >= this.deps.settings.maxAttempts) {
      this.deps.store.markDead(record.id, reason, detail);
      this.deps.observer.deferred(record, reason, detail);
      this.deps.observer.parked?.(record, reason, detail);
      return;
    }
    const delay = retryDelayMs(reason, record.attempts, this.deps.settings, rateLimit);
    this.deps.store.markPending(record.id, reason, detail, this.now() + delay);
    this.deps.observer.deferred(record, reason, detail);
  }

  /** The signer of `signature` over `digest` (secp256k1 recovery, cached: it costs a millisecond or more). */
  private signerOf(digest: string, signature: string): string | undefined {
    const key = `${digest}${signature}`;
    if (this.signers.has(key)) return this.signers.get(key);
    if (this.signers.size >= SIGNER_CACHE) this.signers.clear();
    const signer = recoverAttester(digest, signature);
    this.signers.set(key, signer);
    return signer;
  }

  private activeSets(destination: ChainGateway, origin: number): Promise<ActiveSet[]> {
    const key = `${destination.domain}:${origin}`;
    const cached = this.setCache.get(key);
    if (cached && this.now() - cached.at < SET_CACHE_MS) return cached.sets;
    const sets = destination.activeSets(origin);
    sets.catch(() => this.setCache.delete(key));
    this.setCache.set(key, { at: this.now(), sets });
    return sets;
  }

  /** Runs `step` until stopped; after an idle step it waits `idleMs` (cut short by the destination's waker). */
  private async loop(
    name: string,
    step: () => Promise<boolean>,
    idleMs: number,
    destination?: number,
  ): Promise<void> {
    while (!this.stopping) {
      let busy = false;
      try {
        busy = await step();
      } catch (error) {
        this.deps.observer.error(name, asAppError(error));
        await sleep(Math.max(this.deps.settings.pollMs, 250));
      }
      if (busy || idleMs === 0 || this.stopping) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, idleMs);
        if (destination !== undefined)
          this.wakers.set(destination, () => {
            clearTimeout(timer);
            resolve();
          });
      });
    }
  }
}

function asAppError(error: unknown): AppError {
  return error instanceof AppError
    ? error
    : new AppError("INTERNAL", error instanceof Error ? error.message : String(error), { cause: error });
}
