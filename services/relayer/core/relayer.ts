import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../../shared/errors.js";
import { encodeMetadata } from "../../shared/envelope.js";
import { chooseAttestations, classify, gasLimitFor, retryDelayMs, type RetryPolicy } from "./policy.js";
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
  gasMarginPercent: number;
  /** Origin chains scan from here when they have no cursor yet. */
  fromBlock: Map<number, number>;
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

/**
 * The relayer's state machine. Per origin chain an indexer turns `Dispatched` events into pending messages
 * (cursor and messages saved in one transaction). Per destination a deliverer takes due messages in batches:
 * signatures → metadata → a dry run of `processBatch` (which detects "already delivered", rate limits, ISM
 * and recipient reverts per message, and measures the gas each needs) → `processBatch` transactions with
 * locally managed nonces, several in flight → a watcher per transaction. Every message is either delivered or pending with
 * a reason code and a time for its next attempt.
 */
export class Relayer {
  private readonly deps: RelayerDeps;
  private readonly now: () => number;
  private readonly byDomain: Map<number, ChainGateway>;
  private readonly watchers = new Set<Promise<void>>();
  private readonly setCache = new Map<string, { at: number; sets: Promise<ActiveSet[]> }>();
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
      ...this.deps.gateways.map((g) => this.loop(`index ${g.name}`, () => this.indexOnce(g))),
      ...this.deps.gateways.map((g) => this.loop(`deliver ${g.name}`, () => this.deliverOnce(g))),
    ];
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
    await Promise.all([...this.watchers]);
  }

  /** One indexing step; true when there may be more to read right away. */
  async indexOnce(origin: ChainGateway): Promise<boolean> {
    const from = this.deps.store.cursor(origin.domain, this.deps.settings.fromBlock.get(origin.domain) ?? 0);
    const { dispatches, nextBlock } = await origin.readDispatches(from);
    const known = dispatches.filter((d) => this.byDomain.has(d.destination));
    const unknown = dispatches.filter((d) => !this.byDomain.has(d.destination));
    const now = this.now();
    this.deps.store.recordDispatches(origin.domain, known, nextBlock, now, "WAITING_FOR_SIGNATURES");
    if (unknown.length > 0)
      this.deps.store.recordDispatches(origin.domain, unknown, nextBlock, now, "UNKNOWN_DESTINATION");
    return nextBlock > from && dispatches.length > 0;
  }

  /** One delivery step for a destination; true when work was found. */
  async deliverOnce(destination: ChainGateway): Promise<boolean> {
    const due = this.deps.store.due(destination.domain, this.now(), this.deps.settings.batchSize);
    if (due.length === 0) return false;
    const attestations = await this.deps.signatures.fetch(due.map((m) => m.id));
    const ready: { record: MessageRecord; delivery: Delivery }[] = [];
    for (const record of due) {
      let sets: ActiveSet[];
      try {
        sets = await this.activeSets(destination, record.origin);
      } catch (error) {
        await this.failed(destination, record, asAppError(error));
        continue;
      }
      const chosen = chooseAttestations(attestations.get(record.id) ?? [], sets);
      if (!chosen) {
        this.defer(
          record,
          "WAITING_FOR_SIGNATURES",
          `${attestations.get(record.id)?.length ?? 0} signatures`,
        );
        continue;
      }
      const metadata = encodeMetadata(chosen.version, chosen.attestations);
      ready.push({ record, delivery: { id: record.id, metadata, message: record.message } });
    }
    const chunks: (typeof ready)[] = [];
    for (let i = 0; i < ready.length; i += this.deps.settings.perTransaction) {
      chunks.push(ready.slice(i, i + this.deps.settings.perTransaction));
    }
    await Promise.all(chunks.map((chunk) => this.submit(destination, chunk)));
    return true;
  }

  /**
   * One `processBatch` transaction: a dry run sorts out the messages that would fail (each gets its reason)
   * and measures the gas of the rest, which are sent together.
   */
  private async submit(
    destination: ChainGateway,
    chunk: { record: MessageRecord; delivery: Delivery }[],
  ): Promise<void> {
    let check: Awaited<ReturnType<ChainGateway["checkBatch"]>>;
    try {
      check = await destination.checkBatch(chunk.map((c) => c.delivery));
    } catch (error) {
      await Promise.all(chunk.map((c) => this.failed(destination, c.record, asAppError(error))));
      return;
    }
    const good: typeof chunk = [];
    for (const [i, c] of chunk.entries()) {
      const failure = check.failures[i];
      if (failure) await this.failed(destination, c.record, failure);
      else good.push(c);
    }
    if (good.length === 0) return;
    const deliveries = good.map((c) => c.delivery);
    const outOfGas = Math.max(...good.map((c) => (c.record.reason === "OUT_OF_GAS" ? c.record.attempts : 0)));
    const gasLimit = gasLimitFor(check.gasFor(deliveries), outOfGas, this.deps.settings.gasMarginPercent);
    let txHash: string;
    try {
      txHash = await destination.submitBatch(deliveries, gasLimit);
    } catch (error) {
      destination.resetNonce();
      await Promise.all(good.map((c) => this.failed(destination, c.record, asAppError(error))));
      return;
    }
    for (const c of good) this.deps.store.markSubmitted(c.record.id, txHash);
    this.watch(
      destination,
      good.map((c) => c.record),
      txHash,
    );
  }

  private watch(destination: ChainGateway, records: MessageRecord[], txHash: string): void {
    const watcher = this.settle(destination, records, txHash).finally(() => this.watchers.delete(watcher));
    this.watchers.add(watcher);
  }

  private async settle(destination: ChainGateway, records: MessageRecord[], txHash: string): Promise<void> {
    try {
      const outcome = await destination.waitForReceipt(txHash, this.deps.settings.submitTimeoutMs);
      const processed = new Set(outcome.status === "success" ? outcome.processed : []);
      for (const record of records) {
        if (processed.has(record.id)) {
          this.delivered(record, txHash);
        } else if (await destination.isDelivered(record.id)) {
          this.delivered(record, null);
        } else if (outcome.status === "timeout") {
          destination.resetNonce();
          this.defer(record, "SUBMISSION_STALLED", txHash);
        } else if (outcome.status === "reverted" && outcome.gasUsed >= outcome.gasLimit) {
          this.defer(record, "OUT_OF_GAS", `gas limit ${outcome.gasLimit}`);
        } else {
          // Its dry run passed but it failed on chain (e.g. its lane emptied in between): the next dry run,
          // right away, records the precise reason.
          this.defer(record, "RECIPIENT_REVERTED", `failed in tx ${txHash}; re-checking`, 0);
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
    this.defer(record, verdict.reason, verdict.detail, undefined, rateLimit);
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
    delayMs?: number,
    rateLimit?: { availableAt: number; chainNow: number },
  ): void {
    const delay = delayMs ?? retryDelayMs(reason, record.attempts, this.deps.settings, rateLimit);
    this.deps.store.markPending(record.id, reason, detail, this.now() + delay);
    this.deps.observer.deferred(record, reason, detail);
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

  private async loop(name: string, step: () => Promise<boolean>): Promise<void> {
    while (!this.stopping) {
      let busy = false;
      try {
        busy = await step();
      } catch (error) {
        this.deps.observer.error(name, asAppError(error));
        await sleep(Math.max(this.deps.settings.pollMs, 250));
      }
      if (!busy) await sleep(this.deps.settings.pollMs);
    }
  }
}

function asAppError(error: unknown): AppError {
  return error instanceof AppError
    ? error
    : new AppError("INTERNAL", error instanceof Error ? error.message : String(error), { cause: error });
}
