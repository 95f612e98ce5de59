import { capacityUnits } from "./feasibility.js";
import type { DirectiveSink, MarketReader, MarketSnapshot, TxRef } from "./ports.js";
import { makeDirective, replacementReason, type Assignment, type ReplacementReason } from "./replacement.js";
import type { Directive, Job, NodeView, PlacementPolicy } from "./types.js";

export interface SchedulerLoopOptions {
  /** Seconds a node has to acknowledge a directive before the job is re-placed. */
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
}

/**
 * Pure derivation of the scheduler's working state from a snapshot. Everything the loop needs after a restart is
 * here: a job with a standing assignment is never placed again; one whose node died or missed the acknowledgement
 * is placed again as attempt + 1, away from every node it was sent to before.
 */
export function deriveState(snap: MarketSnapshot, ackTimeoutSec: number): DerivedState {
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
      const reason = replacementReason(current, nodesById.get(current.nodeId), snap.now, ackTimeoutSec);
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
  const nodes = snap.nodes.map((node) => ({
    node,
    freeUnits: Math.max(
      0,
      Math.floor(capacityUnits(node) * (1 - (node.busyShare ?? 0))) - (used.get(node.nodeId) ?? 0),
    ),
  }));
  return { pending, nextAttempt, excluded, replaced, nodes };
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
