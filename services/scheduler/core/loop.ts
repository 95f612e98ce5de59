import { capacityUnits } from "./feasibility.js";
import type { DirectiveSink, MarketReader, MarketSnapshot, TxRef } from "./ports.js";
import {
  ackTimeoutFor,
  makeDirective,
  replacementReason,
  type Assignment,
  type ReplacementReason,
} from "./replacement.js";
import type { Directive, Job, Node, NodeView, PlacementPolicy, RegionReport } from "./types.js";

export interface SchedulerLoopOptions {
  /**
   * Seconds a node has to acknowledge a directive before the job is re-placed; less for a job with little slack
   * (core/replacement.ts `ackTimeoutFor`).
   */
  readonly ackTimeoutSec: number;
  /** Seconds from directive to running, for deadline feasibility. */
  readonly startDelaySec: number;
  /**
   * Seconds a directive sent by this process may take to show up in the reader's snapshot; meanwhile the job is
   * not placed again by this process.
   */
  readonly inFlightTtlSec: number;
}

export type DirectiveOutcome =
  | { readonly directive: Directive; readonly tx: TxRef }
  | { readonly directive: Directive; readonly error: unknown };

export interface TickReport {
  readonly now: number;
  readonly pending: number;
  readonly replaced: readonly { readonly jobId: string; readonly reason: ReplacementReason }[];
  readonly outcomes: readonly DirectiveOutcome[];
}

/** What the chain state says about the open jobs: what to place, what is live, what each job must avoid. */
export interface DerivedState {
  readonly pending: Job[];
  readonly nextAttempt: Map<string, number>;
  readonly excluded: Map<string, Set<string>>;
  readonly replaced: { jobId: string; reason: ReplacementReason }[];
  readonly nodes: NodeView[];
  /** The snapshot's regional reports by region name (empty when the snapshot has none). */
  readonly regions: Map<string, RegionReport>;
}

/**
 * Pure derivation of the scheduler's working state from a snapshot. Everything the loop needs after a restart is
 * here: a job with a standing assignment is never placed again; one whose node died or missed the acknowledgement
 * is placed again as attempt + 1, away from every node it was sent to before.
 *
 * Regional reports, when the snapshot carries them, replace each node's registered carbon intensity by its
 * region's current one, and a reported load above what the scheduler itself placed in the region is taken as
 * work it cannot see (other markets, maintenance): every node of the region loses that share of its capacity.
 */
export function deriveState(snap: MarketSnapshot, ackTimeoutSec: number): DerivedState {
  const regions = new Map(Object.entries(snap.regions ?? {}));
  const reported = (n: Node): Node => {
    const r = regions.get(n.region);
    return r === undefined ? n : { ...n, carbonIntensity: r.carbonIntensity };
  };
  const nodesById = new Map(snap.nodes.map((n) => [n.nodeId, n]));
  const history = new Map<string, Assignment[]>();
  for (const a of snap.assignments) {
    const list = history.get(a.jobId) ?? [];
    list.push(a);
    history.set(a.jobId, list);
  }
  const used = new Map<string, number>();
  const pending: Job[] = [];
  const nextAttempt = new Map<string, number>();
  const excluded = new Map<string, Set<string>>();
  const replaced: { jobId: string; reason: ReplacementReason }[] = [];
  for (const job of snap.openJobs) {
    const list = history.get(job.jobId) ?? [];
    const current = list.reduce<Assignment | undefined>(
      (c, a) => (c === undefined || a.attempt > c.attempt ? a : c),
      undefined,
    );
    if (current !== undefined) {
      const timeout = ackTimeoutFor(job, current.assignedAt, ackTimeoutSec);
      const reason = replacementReason(current, nodesById.get(current.nodeId), snap.now, timeout);
      if (reason === null) {
        used.set(current.nodeId, (used.get(current.nodeId) ?? 0) + job.resources);
        continue;
      }
      replaced.push({ jobId: job.jobId, reason });
      excluded.set(job.jobId, new Set(list.map((a) => a.nodeId)));
    }
    pending.push(job);
    nextAttempt.set(job.jobId, (current?.attempt ?? 0) + 1);
  }
  // Share of each region's capacity the scheduler's own standing assignments use.
  const capacity = new Map<string, number>();
  const ownUse = new Map<string, number>();
  for (const n of snap.nodes) {
    capacity.set(n.region, (capacity.get(n.region) ?? 0) + capacityUnits(n));
    ownUse.set(n.region, (ownUse.get(n.region) ?? 0) + (used.get(n.nodeId) ?? 0));
  }
  const nodes = snap.nodes.map((node) => {
    const total = capacity.get(node.region) ?? 0;
    const load = regions.get(node.region)?.load;
    const unseen =
      load === undefined || total === 0 ? 0 : Math.max(0, load - (ownUse.get(node.region) ?? 0) / total);
    const units = capacityUnits(node);
    return {
      node: reported(node),
      freeUnits: Math.max(0, Math.floor(units * (1 - unseen)) - (used.get(node.nodeId) ?? 0)),
    };
  });
  return { pending, nextAttempt, excluded, replaced, nodes, regions };
}

/**
 * The scheduler service: each tick reads the chains, derives its state (nothing else survives a restart),
 * places the pending jobs with the policy and submits one directive per placement.
 */
export class SchedulerLoop {
  /** Directives this process sent that the reader has not shown yet: jobId → attempt and send time. */
  private readonly inFlight = new Map<string, { attempt: number; sentAt: number }>();

  constructor(
    private readonly reader: MarketReader,
    private readonly sink: DirectiveSink,
    private readonly policy: PlacementPolicy,
    private readonly options: SchedulerLoopOptions,
  ) {}

  async tick(): Promise<TickReport> {
    const snap = await this.reader.snapshot();
    const state = deriveState(snap, this.options.ackTimeoutSec);
    const pending = state.pending.filter((job) => {
      const sent = this.inFlight.get(job.jobId);
      if (sent === undefined) return true;
      const seen = (state.nextAttempt.get(job.jobId) ?? 1) > sent.attempt;
      const expired = snap.now >= sent.sentAt + this.options.inFlightTtlSec;
      if (seen || expired) this.inFlight.delete(job.jobId);
      return seen || expired;
    });
    const placements = this.policy.place({
      now: snap.now,
      jobs: pending,
      nodes: state.nodes,
      network: snap.network,
      weights: snap.weights,
      startDelaySec: this.options.startDelaySec,
      excluded: state.excluded,
      regions: state.regions.size === 0 ? undefined : state.regions,
    });
    const jobsById = new Map(pending.map((j) => [j.jobId, j]));
    const nodesById = new Map(snap.nodes.map((n) => [n.nodeId, n]));
    const outcomes: DirectiveOutcome[] = [];
    for (const p of placements) {
      const job = jobsById.get(p.jobId);
      const node = nodesById.get(p.nodeId);
      if (job === undefined || node === undefined)
        throw new Error(`policy ${this.policy.name} returned unknown ids`);
      const directive = makeDirective(job, node, state.nextAttempt.get(job.jobId) ?? 1, snap.network);
      try {
        const tx = await this.sink.assign(directive);
        this.inFlight.set(job.jobId, { attempt: directive.attempt, sentAt: snap.now });
        outcomes.push({ directive, tx });
      } catch (error) {
        outcomes.push({ directive, error });
      }
    }
    return { now: snap.now, pending: pending.length, replaced: state.replaced, outcomes };
  }
}
