/**
 * The node agent's engine. Directives come from polling DirectiveInbox (`AssignmentReceived` for this node)
 * and from authenticated pushes; both only enqueue what the regional chain holds. Each tick walks the durable
 * queue (store.ts): acknowledge on chain → fetch and check the input → run the workload → record the result
 * and store the output → submit a receipt (signed, or proven with JobReceipt, or ReceiptBatch8 / ReceiptBatch
 * when several finish within the batch window) → for AIGC, register provenance once the hub has settled. Before every
 * effect the chain is asked whether it already happened, so a restart repeats nothing that took effect.
 */
import { mkdirSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { JsonRpcProvider, Signer } from "ethers";
import {
  type DirectiveInbox,
  DirectiveInbox__factory,
  type ReceiptRegistry,
  ReceiptRegistry__factory,
} from "../../types/contracts/index.js";
import { AppError, decodeRevert, revertData } from "../shared/errors.js";
import type { Logger } from "../shared/logger.js";
import { signReceipt } from "../shared/typed-data.js";
import {
  BATCH_SIZE,
  type BatchSlot,
  decodeReceiptsSignals,
  poseidon,
  prove,
  provenReceiptsOf,
  receiptsStatement,
  toSolidityProof,
} from "../zk/index.js";
import type { AgentConfig } from "./config.js";
import { blobCommitment } from "./core/content.js";
import { energyJoules, energyWh } from "./core/energy.js";
import { type PushRefusal, checkPush, pushSchema } from "./core/push.js";
import type { AgentMetrics } from "./metrics.js";
import type { OutputStore, ResultUploader } from "./outputs.js";
import { type HubAccess, attestInference, generatorModelId, recordOfContent } from "./provenance.js";
import type { AgentStore, JobRow } from "./store.js";
import { publishPng } from "./workloads/aigc.js";
import { InputUnavailable, failureDocument, inputCommitmentOf, runWorkload } from "./workloads/index.js";

/** How long after a job's deadline the agent still attests its inference or looks for its image's record. */
const PUBLISH_WINDOW_MS = 24 * 3600_000;

export interface AgentDeps {
  config: AgentConfig;
  store: AgentStore;
  outputs: OutputStore;
  uploader: ResultUploader;
  provider: JsonRpcProvider;
  operator: Signer;
  hub?: HubAccess;
  logger: Logger;
  metrics: AgentMetrics;
}

export type PushOutcome = { accepted: true } | { accepted: false; reason: PushRefusal };

export class Agent {
  readonly nodeId: bigint;
  private readonly inbox: DirectiveInbox;
  private readonly receipts: ReceiptRegistry;
  private readonly blobDir: string;
  private readonly secret: bigint | undefined;
  private generatorId: bigint | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  lastTickAt = 0;

  constructor(private readonly d: AgentDeps) {
    this.nodeId = BigInt(d.config.SUANLI_AGENT_NODE_ID);
    this.inbox = DirectiveInbox__factory.connect(d.config.SUANLI_AGENT_INBOX, d.operator);
    this.receipts = ReceiptRegistry__factory.connect(d.config.SUANLI_AGENT_RECEIPTS, d.operator);
    this.blobDir = path.join(d.config.SUANLI_AGENT_DATA_DIR, "blobs");
    mkdirSync(this.blobDir, { recursive: true });
    this.secret =
      d.config.SUANLI_AGENT_NODE_SECRET === undefined ? undefined : BigInt(d.config.SUANLI_AGENT_NODE_SECRET);
  }

  start(): void {
    const loop = () => {
      if (this.stopped) return;
      this.kick();
      this.timer = setTimeout(loop, this.d.config.SUANLI_AGENT_POLL_MS);
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.busy;
  }

  /** Runs a tick now (or right after the current one). */
  kick(): void {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = this.tick()
      .catch((error: unknown) => this.d.logger.error({ err: error }, "tick failed"))
      .finally(() => {
        this.busy = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once the queue has been walked at least once after this call. */
  async settle(): Promise<void> {
    while (this.busy) await this.busy;
  }

  // ─── directives ──────────────────────────────────────────────────────────────

  /** Judges a pushed directive; an accepted one only enqueues what the chain holds. */
  async handlePush(body: unknown): Promise<PushOutcome> {
    const refuse = (reason: PushRefusal): PushOutcome => {
      this.d.metrics.pushRefused.inc({ reason });
      this.d.logger.warn({ reason }, "push refused");
      return { accepted: false, reason };
    };
    const parsed = pushSchema.safeParse(body);
    if (!parsed.success) return refuse("malformed");
    const push = parsed.data;
    const nowMs = Date.now();
    const early = checkPush(push, {
      chainId: this.d.config.SUANLI_AGENT_CHAIN_ID,
      inbox: this.d.config.SUANLI_AGENT_INBOX,
      nodeId: this.nodeId,
      coordinator: this.d.config.SUANLI_AGENT_COORDINATOR,
      nowSec: Math.floor(nowMs / 1000),
      maxSkewSec: this.d.config.SUANLI_AGENT_PUSH_MAX_SKEW_SEC,
    });
    if (early) return refuse(early);
    if (!this.d.store.rememberNonce(push.nonce, nowMs)) return refuse("replayed");
    const jobId = BigInt(push.jobId);
    const a = await this.inbox.assignment(jobId);
    if (a.attempt === 0n) return refuse("not_on_chain");
    if (BigInt(push.attempt) < a.attempt) return refuse("stale_attempt");
    if (a.nodeId !== this.nodeId) return refuse("wrong_node");
    if (BigInt(push.attempt) > a.attempt) return refuse("not_on_chain");
    if (this.d.store.newestAttempt(jobId) > push.attempt) return refuse("stale_attempt");
    this.d.store.enqueue(
      {
        jobId,
        attempt: push.attempt,
        inputCommitment: a.inputCommitment,
        latencyBoundMs: Number(a.latencyBoundMs),
        deadline: a.deadline,
      },
      "push",
      nowMs,
    );
    this.d.metrics.pushAccepted.inc();
    this.kick();
    return { accepted: true };
  }

  private async pollInbox(): Promise<void> {
    const latest = await this.d.provider.getBlockNumber();
    const from = this.d.store.cursor("inbox", 0);
    if (from > latest) return;
    const events = await this.inbox.queryFilter(
      this.inbox.filters.AssignmentReceived(undefined, this.nodeId),
      from,
      latest,
    );
    for (const e of events) {
      const t = e.args.terms;
      const added = this.d.store.enqueue(
        {
          jobId: t.jobId,
          attempt: Number(t.attempt),
          inputCommitment: t.inputCommitment,
          latencyBoundMs: Number(t.latencyBoundMs),
          deadline: t.deadline,
        },
        "poll",
        Date.now(),
      );
      if (added)
        this.d.logger.info({ jobId: t.jobId.toString(), attempt: Number(t.attempt) }, "directive read");
    }
    this.d.store.setCursor("inbox", latest + 1);
  }

  // ─── the queue ───────────────────────────────────────────────────────────────

  private async tick(): Promise<void> {
    this.lastTickAt = Date.now();
    await this.pollInbox();
    for (const row of this.d.store.inState("queued")) await this.step(row, () => this.acknowledge(row));
    for (const row of this.d.store.inState("acknowledged")) await this.step(row, () => this.execute(row));
    await this.submitExecuted();
    for (const row of this.d.store.inState("submitted")) {
      if (row.kind === "aigc" && row.outcome === "ok") await this.step(row, () => this.publish(row));
      if (row.kind === "inference" && row.outcome === "ok") await this.step(row, () => this.attest(row));
    }
  }

  private async step(row: JobRow, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.d.logger.warn(
        { err: error, jobId: row.jobId.toString(), attempt: row.attempt, state: row.state },
        "step failed; retried next tick",
      );
    }
  }

  private async chainNow(): Promise<bigint> {
    return BigInt((await this.d.provider.getBlock("latest"))!.timestamp);
  }

  /** Ends the row if the chain moved on (re-placed) or its deadline passed; true when it may go on. */
  private async stillOurs(row: JobRow): Promise<boolean> {
    const a = await this.inbox.assignment(row.jobId);
    if (a.attempt !== BigInt(row.attempt) || a.nodeId !== this.nodeId) {
      this.d.store.markEnded(
        row.jobId,
        row.attempt,
        "superseded",
        `chain holds attempt ${a.attempt}`,
        Date.now(),
      );
      return false;
    }
    if ((await this.chainNow()) > row.deadline) {
      this.d.store.markEnded(row.jobId, row.attempt, "expired", "deadline passed", Date.now());
      return false;
    }
    return true;
  }

  private async acknowledge(row: JobRow): Promise<void> {
    if (!(await this.stillOurs(row))) return;
    const a = await this.inbox.assignment(row.jobId);
    if (!a.acknowledged) await (await this.inbox.acknowledge(row.jobId)).wait();
    this.d.store.markAcknowledged(row.jobId, row.attempt, Date.now());
    this.d.logger.info({ jobId: row.jobId.toString(), attempt: row.attempt }, "acknowledged");
  }

  /** The generator's approved model id on the hub (looked up until found, then kept). */
  private async generatorModelId(): Promise<bigint | undefined> {
    if (this.generatorId === undefined && this.d.hub !== undefined) {
      this.generatorId = await generatorModelId(this.d.hub);
    }
    return this.generatorId;
  }

  /** A blob by commitment: the local cache, else the configured blob store; checked against the commitment. */
  async fetchBlob(
    commitment: bigint,
    commitmentOf: (bytes: Uint8Array) => bigint = blobCommitment,
  ): Promise<Uint8Array | undefined> {
    const file = path.join(this.blobDir, commitment.toString());
    try {
      return await readFile(file);
    } catch {
      // not cached yet
    }
    const base = this.d.config.SUANLI_AGENT_INPUT_URL.replace(/\/$/, "");
    let res: Response;
    try {
      res = await fetch(`${base}/v1/blobs/${commitment.toString()}`);
    } catch (error) {
      this.d.logger.warn({ err: error }, "blob store unreachable");
      return undefined;
    }
    if (!res.ok) return undefined;
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (commitmentOf(bytes) !== commitment) {
      this.d.logger.warn(
        { commitment: commitment.toString() },
        "blob store returned bytes of another commitment",
      );
      return undefined;
    }
    await writeFile(`${file}.tmp`, bytes);
    await rename(`${file}.tmp`, file);
    return bytes;
  }

  private async execute(row: JobRow): Promise<void> {
    if (!(await this.stillOurs(row))) return;
    const input = await this.fetchBlob(row.inputCommitment, inputCommitmentOf);
    if (input === undefined) return; // retried next tick until the deadline
    const started = performance.now();
    let out;
    try {
      out =
        JSON.parse(Buffer.from(input).toString("utf8"))?.kind === "aigc" && this.d.hub === undefined
          ? failureDocument("aigc", "unsupported", "this agent has no hub access for provenance")
          : await runWorkload(input, {
              limits: {
                memoryMb: this.d.config.SUANLI_AGENT_WASM_MEMORY_MB,
                wallMs: this.d.config.SUANLI_AGENT_WASM_WALL_MS,
              },
              fetchBlob: (c) => this.fetchBlob(c),
              generatorModelId: await this.generatorModelId(),
            });
    } catch (error) {
      if (error instanceof InputUnavailable) return;
      if (error instanceof SyntaxError) out = failureDocument("invalid", "invalid-input", error.message);
      else throw error;
    }
    const runMs = performance.now() - started;
    const joules = energyJoules(this.d.config.SUANLI_AGENT_HARDWARE, runMs, out.utilisation);
    await this.d.outputs.put(out.commitment, out.bytes);
    const latencyMs = Math.min(0xffffffff, Date.now() - (row.acknowledgedAtMs ?? Date.now()));
    const recorded = this.d.store.markExecuted(
      row.jobId,
      row.attempt,
      {
        kind: out.kind,
        outputCommitment: out.commitment,
        outcome: out.outcome,
        failure: out.failure,
        runMs,
        proofMs: out.proofMs,
        energyJ: joules,
        latencyMs,
        finishTime: await this.chainNow(),
      },
      Date.now(),
    );
    if (!recorded) return;
    this.d.metrics.runSeconds.observe({ kind: out.kind, outcome: out.outcome }, runMs / 1000);
    this.d.metrics.runsCompleted.inc({ kind: out.kind, outcome: out.outcome });
    this.d.metrics.energyJoules.inc({ kind: out.kind }, joules);
    if (out.proofMs > 0)
      this.d.metrics.proofSeconds.observe({ circuit: "VerifiedInference" }, out.proofMs / 1000);
    // The API's blob store keys blobs by their blob commitment; an inference output is keyed by Poseidon(y)
    // (the proven value), which the store cannot check, so it is served by the agent only (docs/edge.md).
    if (out.kind !== "inference") this.d.uploader.upload(out.commitment, out.bytes);
    this.d.logger.info(
      {
        jobId: row.jobId.toString(),
        kind: out.kind,
        outcome: out.outcome,
        failure: out.failure,
        runMs: Math.round(runMs),
        output: out.commitment.toString(),
      },
      "run recorded",
    );
  }

  // ─── receipts ────────────────────────────────────────────────────────────────

  /** Drops rows whose receipt the chain already holds (a restart after sending) or whose attempt is gone. */
  private async pendingReceipts(): Promise<JobRow[]> {
    const out: JobRow[] = [];
    for (const row of this.d.store.inState("executed")) {
      if ((await this.receipts.receiptedAttempt(row.jobId)) >= BigInt(row.attempt)) {
        this.d.store.markSubmitted(row.jobId, row.attempt, null, Date.now());
        continue;
      }
      const a = await this.inbox.assignment(row.jobId);
      if (a.attempt !== BigInt(row.attempt)) {
        this.d.store.markEnded(
          row.jobId,
          row.attempt,
          "superseded",
          "re-placed before the receipt",
          Date.now(),
        );
        continue;
      }
      out.push(row);
    }
    return out;
  }

  private receiptMetrics(row: JobRow) {
    return {
      latencyMs: row.latencyMs!,
      finishTime: row.finishTime!,
      energyWh: energyWh(row.energyJ!),
    };
  }

  private async submitExecuted(): Promise<void> {
    const rows = await this.pendingReceipts();
    if (rows.length === 0) return;
    if (this.d.config.SUANLI_AGENT_RECEIPT_MODE === "signed") {
      for (const row of rows) await this.step(row, () => this.submitSigned(row));
      return;
    }
    // The window opens when the oldest waiting run finished: receipts finishing within it share one proof.
    const oldest = Math.min(...rows.map((r) => r.updatedAtMs));
    const windowOpen = Date.now() - oldest < this.d.config.SUANLI_AGENT_BATCH_WINDOW_MS;
    if (rows.length < BATCH_SIZE && windowOpen) return;
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      const batch = rows.slice(i, i + BATCH_SIZE);
      await this.step(batch[0]!, () => this.submitProven(batch));
    }
  }

  private async submitSigned(row: JobRow): Promise<void> {
    const m = this.receiptMetrics(row);
    const receipt = {
      jobId: row.jobId,
      nodeId: this.nodeId,
      attempt: row.attempt,
      inputCommitment: row.inputCommitment,
      outputCommitment: row.outputCommitment!,
      latencyMs: m.latencyMs,
      finishTime: m.finishTime,
      energyWh: m.energyWh,
    };
    const chainId = this.d.config.SUANLI_AGENT_CHAIN_ID;
    const signature = await signReceipt(this.d.operator, chainId, await this.receipts.verifier(), receipt);
    const tx = await this.send(() => this.receipts.submitReceipt(receipt, signature), [row]);
    if (tx === undefined) return;
    this.d.store.markSubmitted(row.jobId, row.attempt, tx, Date.now());
    this.d.metrics.receipts.inc({ mode: "signed" });
    this.d.logger.info({ jobId: row.jobId.toString(), tx }, "signed receipt submitted");
  }

  private async submitProven(rows: JobRow[]): Promise<void> {
    const secret = this.secret!;
    const slots: BatchSlot[] = rows.map((row) => {
      const m = this.receiptMetrics(row);
      return {
        jobId: row.jobId,
        attempt: BigInt(row.attempt),
        outputCommitment: row.outputCommitment!,
        latencyBoundMs: BigInt(row.latencyBoundMs),
        deadline: row.deadline,
        latencyMs: BigInt(m.latencyMs),
        finishTime: m.finishTime,
        energyWh: BigInt(m.energyWh),
        salt: poseidon([secret, row.jobId, BigInt(row.attempt)]),
      };
    });
    // JobReceipt for one receipt, ReceiptBatch8 for 2..8, ReceiptBatch for 9..32: the circuit the hub expects.
    const { circuit, input } = receiptsStatement(secret, slots);
    const started = performance.now();
    const p = await prove(circuit, input);
    const proofMs = performance.now() - started;
    this.d.metrics.proofSeconds.observe({ circuit }, proofMs / 1000);
    // The public terms carry each receipt's claimed SLA outcome; the hub re-derives the rest from its records.
    const s = decodeReceiptsSignals(circuit, p.publicSignals);
    const proven = provenReceiptsOf(s, rows.length);
    const tx = await this.send(
      () =>
        this.receipts.submitProvenReceipts(this.nodeId, proven, s.metricsDigest, toSolidityProof(p.proof)),
      rows,
    );
    if (tx === undefined) return;
    for (const row of rows) {
      this.d.store.addProofMs(row.jobId, row.attempt, proofMs / rows.length);
      this.d.store.markSubmitted(row.jobId, row.attempt, tx, Date.now());
    }
    this.d.metrics.receipts.inc({ mode: "proven" }, rows.length);
    this.d.logger.info(
      { jobs: rows.map((r) => r.jobId.toString()), circuit, proofMs: Math.round(proofMs), tx },
      "proven receipts submitted",
    );
  }

  /**
   * Sends a receipt transaction. A revert saying the receipt is already on chain marks the rows submitted;
   * any other revert is decoded into the error (and the rows are retried next tick).
   */
  private async send(
    fn: () => Promise<{ hash: string; wait(): Promise<unknown> }>,
    rows: JobRow[],
  ): Promise<string | undefined> {
    try {
      const tx = await fn();
      await tx.wait();
      return tx.hash;
    } catch (error) {
      const data = revertData(error);
      if (data === undefined) throw error;
      const revert = decodeRevert(data, [this.receipts.interface, this.inbox.interface]);
      if (revert.name === "ReceiptRegistryAlreadySubmitted") {
        for (const row of rows) this.d.store.markSubmitted(row.jobId, row.attempt, null, Date.now());
        return undefined;
      }
      throw new AppError("RECEIPT_REVERTED", `receipt reverted: ${revert.name}`, {
        details: { revert },
        cause: error,
      });
    }
  }

  // ─── AIGC provenance ─────────────────────────────────────────────────────────

  /**
   * After settlement: the job's VerifiedInference proof goes to the hub's InferenceRegistry, which records that
   * the settled output commitment is the proven f(x). The row then counts as registered (record id 0).
   */
  private async attest(row: JobRow): Promise<void> {
    if (this.d.hub === undefined) return;
    if (Date.now() > Number(row.deadline) * 1000 + PUBLISH_WINDOW_MS) return;
    const bytes = await this.d.outputs.get(row.outputCommitment!);
    if (bytes === undefined) return;
    const result = await attestInference(
      this.d.hub,
      row.jobId,
      JSON.parse(Buffer.from(bytes).toString("utf8")),
    );
    if (result !== "attested") return;
    this.d.store.markRegistered(row.jobId, row.attempt, 0n, Date.now());
    this.d.logger.info({ jobId: row.jobId.toString() }, "inference proof attested on the hub");
  }

  /**
   * After settlement the buyer registers the image (only the buyer may); once its record exists, the agent
   * publishes the PNG watermarked with the record id. Checked for PUBLISH_WINDOW_MS past the deadline.
   */
  private async publish(row: JobRow): Promise<void> {
    if (this.d.hub === undefined) return;
    if (Date.now() > Number(row.deadline) * 1000 + PUBLISH_WINDOW_MS) return;
    const content = await this.d.outputs.get(row.outputCommitment!);
    if (content === undefined) return;
    const recordId = await recordOfContent(this.d.hub, row.outputCommitment!);
    if (recordId === 0n) return; // the buyer has not registered it (yet)
    const png = publishPng(content, recordId);
    await this.d.outputs.put(row.outputCommitment!, png, ".png");
    this.d.store.markRegistered(row.jobId, row.attempt, recordId, Date.now());
    this.d.logger.info(
      { jobId: row.jobId.toString(), recordId: recordId.toString() },
      "image registered by its buyer; watermarked PNG published",
    );
  }
}
