/**
 * The regional coordinator's engine:
 * - watches its region's DirectiveInbox (`AssignmentReceived`) and pushes each directive to the assigned
 *   node's agent (POST /v1/directives, EIP-191 signed by the coordinator key, timestamp + random nonce);
 *   agents poll the inbox too, so a lost push costs latency, not the job;
 * - polls each agent's /health (heartbeat) and /metrics (energy); an agent silent for longer than
 *   `SILENT_AFTER_MS` is named in a report sent at once (not waiting for the epoch), so the scheduler, which
 *   reads the hub's RegionReports, takes the node offline and re-places its open jobs before their deadline;
 * - every epoch sends a RegionalReport (utilisation, queue length, energy, carbon intensity from the region's
 *   curve, active agents, silent nodes) through RegionalReporter and the bridge to the hub.
 */
import { type NonceManager, hexlify, randomBytes } from "ethers";
import type { JsonRpcProvider } from "ethers";
import {
  type DirectiveInbox,
  DirectiveInbox__factory,
  type RegionalReporter,
  RegionalReporter__factory,
} from "../../types/contracts/index.js";
import type { Logger } from "../shared/logger.js";
import { type Push, pushDigestText } from "../agent/core/push.js";
import type { CoordinatorConfig } from "./config.js";
import { carbonIntensityAt } from "./core/carbon.js";
import { type AgentObservation, counterSum, epochReport } from "./core/epoch.js";
import type { CoordinatorMetrics } from "./metrics.js";
import type { CoordinatorStore } from "./store.js";

const MAX_PUSH_TRIES = 5;

interface AgentState {
  nodeId: string;
  url: string;
  lastSeenMs: number;
  openJobs: number;
  energyJoules: number;
}

export class Coordinator {
  private readonly inbox: DirectiveInbox;
  private readonly reporter: RegionalReporter;
  private readonly agents: Map<string, AgentState>;
  private readonly energyAtEpochStart = new Map<string, number>();
  private readonly startedMs = Date.now();
  private timers: NodeJS.Timeout[] = [];
  private reportedSilent = new Set<string>();
  private reporting: Promise<void> = Promise.resolve();
  lastReport: { epoch: number; txHash: string } | undefined;

  constructor(
    private readonly config: CoordinatorConfig,
    private readonly provider: JsonRpcProvider,
    private readonly signer: NonceManager,
    private readonly store: CoordinatorStore,
    private readonly metrics: CoordinatorMetrics,
    private readonly logger: Logger,
  ) {
    this.inbox = DirectiveInbox__factory.connect(config.SUANLI_COORDINATOR_INBOX, provider);
    this.reporter = RegionalReporter__factory.connect(config.SUANLI_COORDINATOR_REPORTER, signer);
    this.agents = new Map(
      config.SUANLI_COORDINATOR_AGENTS.map((a) => [
        a.nodeId,
        { nodeId: a.nodeId, url: a.url.replace(/\/$/, ""), lastSeenMs: 0, openJobs: 0, energyJoules: 0 },
      ]),
    );
  }

  start(): void {
    const every = (ms: number, fn: () => Promise<void>) => {
      let running = false;
      const run = () => {
        if (running) return;
        running = true;
        fn()
          .catch((error: unknown) => this.logger.warn({ err: error }, "coordinator step failed"))
          .finally(() => (running = false));
      };
      run();
      this.timers.push(setInterval(run, ms));
    };
    every(this.config.SUANLI_COORDINATOR_POLL_MS, () => this.watchInbox());
    every(this.config.SUANLI_COORDINATOR_HEARTBEAT_MS, () => this.heartbeats());
    this.timers.push(setInterval(() => void this.report("epoch"), this.config.SUANLI_COORDINATOR_EPOCH_MS));
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.reporting;
  }

  /** Agents' liveness as /health shows it. */
  view() {
    const now = Date.now();
    return [...this.agents.values()].map((a) => ({
      nodeId: a.nodeId,
      alive: this.alive(a, now),
      lastSeenMs: a.lastSeenMs,
      openJobs: a.openJobs,
    }));
  }

  private alive(a: AgentState, now: number): boolean {
    const since = a.lastSeenMs === 0 ? this.startedMs : a.lastSeenMs;
    return now - since <= this.config.SUANLI_COORDINATOR_SILENT_AFTER_MS;
  }

  // ─── directives ──────────────────────────────────────────────────────────────

  private async watchInbox(): Promise<void> {
    const latest = await this.provider.getBlockNumber();
    const from = this.store.cursor(0);
    if (from <= latest) {
      const events = await this.inbox.queryFilter(this.inbox.filters.AssignmentReceived(), from, latest);
      this.store.recordDirectives(
        events
          .filter((e) => this.agents.has(e.args.nodeId.toString()))
          .map((e) => ({
            jobId: e.args.jobId.toString(),
            attempt: Number(e.args.attempt),
            nodeId: e.args.nodeId.toString(),
          })),
        latest + 1,
      );
    }
    for (const p of this.store.pending()) await this.push(p.jobId, p.attempt, p.nodeId, p.tries);
  }

  private async push(jobId: string, attempt: number, nodeId: string, tries: number): Promise<void> {
    const agent = this.agents.get(nodeId)!;
    const message: Push = {
      chainId: this.config.SUANLI_COORDINATOR_CHAIN_ID.toString(),
      inbox: this.config.SUANLI_COORDINATOR_INBOX,
      jobId,
      nodeId,
      attempt,
      timestamp: Math.floor(Date.now() / 1000),
      nonce: hexlify(randomBytes(16)),
    };
    const body = { ...message, signature: await this.signer.signMessage(pushDigestText(message)) };
    let status: number | "unreachable" = "unreachable";
    try {
      const res = await fetch(`${agent.url}/v1/directives`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      status = res.status;
    } catch {
      // the agent is down or unreachable: it reads the inbox itself once back
    }
    // 202 accepted; 409 means the agent already holds it (or a newer attempt): no use pushing again.
    const done = status === 202 || status === 409;
    this.metrics.pushes.inc({ result: done ? "delivered" : "failed" });
    this.store.markPush(
      jobId,
      attempt,
      done ? "pushed" : tries + 1 >= MAX_PUSH_TRIES ? "gave-up" : "pending",
    );
    this.logger.info({ jobId, attempt, nodeId, status }, "directive pushed");
  }

  // ─── heartbeats ──────────────────────────────────────────────────────────────

  private async heartbeats(): Promise<void> {
    const now = Date.now();
    await Promise.all(
      [...this.agents.values()].map(async (a) => {
        try {
          const health = (await (
            await fetch(`${a.url}/health`, { signal: AbortSignal.timeout(2_000) })
          ).json()) as {
            status: string;
            nodeId: string;
            jobs: Record<string, number>;
          };
          if (health.status !== "ok" || health.nodeId !== a.nodeId) return;
          const metrics = await (
            await fetch(`${a.url}/metrics`, { signal: AbortSignal.timeout(2_000) })
          ).text();
          a.lastSeenMs = Date.now();
          a.openJobs =
            (health.jobs.queued ?? 0) + (health.jobs.acknowledged ?? 0) + (health.jobs.executed ?? 0);
          a.energyJoules = counterSum(metrics, "suanli_agent_energy_joules_total");
        } catch {
          // no answer: the agent stays as last seen
        }
      }),
    );
    const silent = [...this.agents.values()].filter((a) => !this.alive(a, now)).map((a) => a.nodeId);
    this.metrics.silentAgents.set(silent.length);
    const fresh = silent.filter((id) => !this.reportedSilent.has(id));
    this.reportedSilent = new Set(silent);
    if (fresh.length > 0) {
      this.logger.warn({ nodes: fresh }, "agents went silent: reporting now");
      await this.report("silence");
    }
  }

  // ─── reports ─────────────────────────────────────────────────────────────────

  /** Sends a report (one at a time, epochs strictly increasing across restarts). */
  report(why: "epoch" | "silence"): Promise<void> {
    this.reporting = this.reporting.then(() =>
      this.sendReport(why).catch((error: unknown) => {
        this.signer.reset(); // the failed transaction did not use its nonce
        this.logger.error({ err: error }, "report failed");
      }),
    );
    return this.reporting;
  }

  private async sendReport(why: "epoch" | "silence"): Promise<void> {
    const now = Date.now();
    const observations: AgentObservation[] = [...this.agents.values()].map((a) => ({
      nodeId: a.nodeId,
      alive: this.alive(a, now),
      openJobs: a.openJobs,
      energyJoules: a.energyJoules,
    }));
    const chainNow = (await this.provider.getBlock("latest"))!.timestamp;
    const fields = epochReport(
      observations,
      this.energyAtEpochStart,
      carbonIntensityAt(this.config.SUANLI_COORDINATOR_CARBON_CURVE, chainNow),
    );
    const epoch = this.store.nextEpoch();
    const tx = await this.reporter.report({ epoch, reportedAt: 0, ...fields });
    await tx.wait();
    for (const o of observations) this.energyAtEpochStart.set(o.nodeId, o.energyJoules);
    this.lastReport = { epoch, txHash: tx.hash };
    this.metrics.reports.inc({ reason: why });
    this.metrics.carbon.set(fields.carbonIntensity);
    this.metrics.utilisation.set(fields.utilisationBps / 10_000);
    this.logger.info(
      { epoch, why, ...fields, silentNodes: fields.silentNodes.map(String), tx: tx.hash },
      "regional report sent",
    );
  }
}
