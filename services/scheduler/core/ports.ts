import type { Assignment } from "./replacement.js";
import type { Directive, Job, Network, Node, PolicyWeights, RegionReport } from "./types.js";

/** Everything the scheduler needs from the chains, read at one point in time. */
export interface MarketSnapshot {
  /** Chain time, unix seconds. */
  readonly now: number;
  /** Jobs not yet settled or cancelled (open, assigned or running). */
  readonly openJobs: readonly Job[];
  /** Every directive recorded for the open jobs, all attempts (DirectiveHub events); the highest attempt is current. */
  readonly assignments: readonly Assignment[];
  /** The global node index, including paused, retired and offline nodes. */
  readonly nodes: readonly Node[];
  readonly network: Network;
  /** DAO-set weights currently in force. */
  readonly weights: PolicyWeights;
  /**
   * The hub's latest report from each region, by region name (load, carbon now and forecast). Optional: without
   * it every node counts its registered carbon intensity and only the scheduler's own assignments as load.
   */
  readonly regions?: Readonly<Record<string, RegionReport>>;
}

/** Reads chain state (implemented by the chain adapter over the hub and regional chains). */
export interface MarketReader {
  snapshot(): Promise<MarketSnapshot>;
}

/** Reference to the transaction that recorded a directive. */
export interface TxRef {
  readonly txHash: string;
}

/**
 * Submits directives (implemented by the chain adapter: DirectiveHub.assign, scheduler role).
 * Contract: idempotent per (jobId, attempt) — the chain records attempt n only if its current attempt is n - 1,
 * so a directive resent after a crash is rejected instead of creating a second live assignment.
 */
export interface DirectiveSink {
  assign(directive: Directive): Promise<TxRef>;
}
