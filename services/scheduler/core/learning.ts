/**
 * Reputation learned online from what settlements and acknowledgements show, with recency weighting: lifetime
 * counters barely move when a node with a long clean history starts missing acknowledgements; a decayed estimate
 * moves after a few misses. Pure bookkeeping: the simulator feeds it from its events, the chain adapter from
 * settlement and timeout events (docs/scheduler.md, "What the adapter feeds").
 */
import type { LearnedReputation } from "./types.js";

export interface LearnerOptions {
  /** Weight kept by older observations at each new one (0.9: the last ~10 dominate). */
  readonly decay: number;
  /** Prior miss rate and slowdown of an unknown node, and how many observations the prior is worth. */
  readonly priorMissRate: number;
  readonly priorSlowdown: number;
  readonly priorWeight: number;
}

export const DEFAULT_LEARNER_OPTIONS: LearnerOptions = {
  decay: 0.9,
  priorMissRate: 0.02,
  priorSlowdown: 1,
  priorWeight: 2,
};

interface Tally {
  /** Decayed counts of directives and of missed acknowledgements. */
  directives: number;
  misses: number;
  /** Decayed count and sum of ln(actual / declared) over finished runs. */
  runs: number;
  logRatio: number;
}

export class ReputationLearner {
  private readonly tallies = new Map<string, Tally>();

  constructor(private readonly options: LearnerOptions = DEFAULT_LEARNER_OPTIONS) {}

  private tally(nodeId: string): Tally {
    let t = this.tallies.get(nodeId);
    if (t === undefined) {
      t = { directives: 0, misses: 0, runs: 0, logRatio: 0 };
      this.tallies.set(nodeId, t);
    }
    return t;
  }

  /** A directive to the node was acknowledged (true) or timed out unacknowledged (false). */
  acknowledgement(nodeId: string, acknowledged: boolean): void {
    const t = this.tally(nodeId);
    t.directives = t.directives * this.options.decay + 1;
    t.misses = t.misses * this.options.decay + (acknowledged ? 0 : 1);
  }

  /** A job settled on the node: it ran `actualSec` against a declared `declaredSec`. */
  settlement(nodeId: string, declaredSec: number, actualSec: number): void {
    if (!(declaredSec > 0 && actualSec > 0)) {
      throw new Error(
        `ReputationLearner: run times must be positive (declared ${declaredSec}, actual ${actualSec})`,
      );
    }
    const t = this.tally(nodeId);
    t.runs = t.runs * this.options.decay + 1;
    t.logRatio = t.logRatio * this.options.decay + Math.log(actualSec / declaredSec);
  }

  /** The node's current estimate (the prior for a node never seen). */
  estimate(nodeId: string): LearnedReputation {
    const o = this.options;
    const t = this.tallies.get(nodeId) ?? { directives: 0, misses: 0, runs: 0, logRatio: 0 };
    return {
      ackMissRate: (t.misses + o.priorMissRate * o.priorWeight) / (t.directives + o.priorWeight),
      slowdown: Math.exp((t.logRatio + Math.log(o.priorSlowdown) * o.priorWeight) / (t.runs + o.priorWeight)),
      observations: t.directives,
    };
  }
}
