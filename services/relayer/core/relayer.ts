import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../../shared/errors.js";
import { encodeMetadata } from "../../shared/envelope.js";
import { chooseAttestations, classify, gasLimitFor, retryDelayMs, type RetryPolicy } from "./policy.js";
import type {
  ActiveSet,
  ChainGateway,
  MessageRecord,
  Reason,
  RelayerObserver,
  RelayerStore,
  SignatureSource,
} from "./types.js";

export interface RelayerSettings extends RetryPolicy {
  batchSize: number;
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
 * signatures → metadata → gas estimate (which also detects "already delivered", rate limits and recipient
 * reverts) → overlapping submissions with locally managed nonces → a watcher per transaction. Every
 * message is either delivered or pending with a reason code and a time for its next attempt.
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
    for (const record of this.deps.store.submittedMessages()) this.watch(record, record.txHash as string);
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
    const ready: { record: MessageRecord; metadata: string }[] = [];
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
      ready.push({ record, metadata: encodeMetadata(chosen.version, chosen.attestations) });
    }
    await Promise.all(ready.map(({ record, metadata }) => this.submit(destination, record, metadata)));
    return true;
  }

  private async submit(destination: ChainGateway, record: MessageRecord, metadata: string): Promise<void> {
    let gasLimit: bigint;
    try {
      const estimate = await destination.estimateProcess(metadata, record.message);
      gasLimit = gasLimitFor(
        estimate,
        record.reason === "OUT_OF_GAS" ? record.attempts : 0,
        this.deps.settings.gasMarginPercent,
      );
    } catch (error) {
      return this.failed(destination, record, asAppError(error));
    }
    let txHash: string;
    try {
      txHash = await destination.submitProcess(metadata, record.message, gasLimit);
    } catch (error) {
      destination.resetNonce();
      return this.failed(destination, record, asAppError(error));
    }
    this.deps.store.markSubmitted(record.id, txHash);
    this.watch(record, txHash);
  }

  private watch(record: MessageRecord, txHash: string): void {
    const destination = this.byDomain.get(record.destination);
    if (!destination) return;
    const watcher = this.settle(destination, record, txHash).finally(() => this.watchers.delete(watcher));
    this.watchers.add(watcher);
  }

  private async settle(destination: ChainGateway, record: MessageRecord, txHash: string): Promise<void> {
    try {
      const outcome = await destination.waitForReceipt(txHash, this.deps.settings.submitTimeoutMs);
      if (outcome.status === "success") return this.delivered(record, txHash);
      if (await destination.isDelivered(record.id)) return this.delivered(record, null);
      if (outcome.status === "timeout") {
        destination.resetNonce();
        return this.defer(record, "SUBMISSION_STALLED", txHash);
      }
      if (outcome.gasUsed >= outcome.gasLimit)
        return this.defer(record, "OUT_OF_GAS", `gas limit ${outcome.gasLimit}`);
      // The transaction reverted on chain although its estimate passed (e.g. a lane emptied in between):
      // the next attempt's estimate names the reason.
      this.defer(record, "RECIPIENT_REVERTED", `tx ${txHash} reverted`, 0);
    } catch (error) {
      this.failed(destination, record, asAppError(error)).catch(() => undefined);
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
