import { capacityUnits, latencyMs, marketFits, slaFits } from "./feasibility.js";
import { freeOf, take, viewOf } from "./resources.js";
import { mulberry32, type Rng } from "./rng.js";
import { gramsPerUnitSecond } from "./scoring.js";
import type { Job, NodeView, Placement, PlacementInput, PlacementPolicy } from "./types.js";

/**
 * Shared skeleton of the one-at-a-time baselines: jobs in submission order, each to the node `choose` picks among
 * those passing the market's hard rules (capacity in every dimension, max price, hardware, status). Most ignore
 * the SLA; the SLA-filtered ones (`slaFiltered`) also require the latency bound and the deadline to hold.
 */
abstract class GreedyBaseline implements PlacementPolicy {
  abstract readonly name: string;
  protected readonly slaFiltered: boolean = false;

  place(input: PlacementInput): Placement[] {
    const views = [...input.nodes]
      .sort((a, b) => (a.node.nodeId < b.node.nodeId ? -1 : a.node.nodeId > b.node.nodeId ? 1 : 0))
      .map((v) => ({ ...v }));
    const jobs = [...input.jobs].sort(
      (a, b) => a.submittedAt - b.submittedAt || (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0),
    );
    const out: Placement[] = [];
    for (const job of jobs) {
      const excluded = input.excluded?.get(job.jobId);
      const fits = this.slaFiltered
        ? (v: NodeView): boolean =>
            marketFits(job, v, excluded) &&
            slaFits(job, v.node, input.network, input.now, input.startDelaySec)
        : (v: NodeView): boolean => marketFits(job, v, excluded);
      const i = this.choose(job, views, fits, input);
      const view = i === -1 ? undefined : views[i];
      if (view === undefined) continue;
      views[i] = viewOf(view.node, take(job, view.node, freeOf(view)));
      out.push({ jobId: job.jobId, nodeId: view.node.nodeId });
    }
    return out;
  }

  /** Index of the chosen node in `views`, or -1 when none fits. */
  protected abstract choose(
    job: Job,
    views: readonly NodeView[],
    fits: (v: NodeView) => boolean,
    input: PlacementInput,
  ): number;
}

/** Index of the fitting node with the lowest key (first one on ties), or -1. */
function argMin(
  views: readonly NodeView[],
  fits: (v: NodeView) => boolean,
  key: (v: NodeView) => number,
): number {
  let best = -1;
  let bestKey = Number.POSITIVE_INFINITY;
  views.forEach((v, i) => {
    if (!fits(v)) return;
    const k = key(v);
    if (k < bestKey) {
      best = i;
      bestKey = k;
    }
  });
  return best;
}

/** Uniformly random among the fitting nodes (seeded). */
export class RandomPolicy extends GreedyBaseline {
  readonly name = "random";
  private readonly rng: Rng;

  constructor(seed: number) {
    super();
    this.rng = mulberry32(seed);
  }

  protected choose(_job: Job, views: readonly NodeView[], fits: (v: NodeView) => boolean): number {
    const candidates: number[] = [];
    views.forEach((v, i) => {
      if (fits(v)) candidates.push(i);
    });
    if (candidates.length === 0) return -1;
    return candidates[Math.floor(this.rng() * candidates.length)] ?? -1;
  }
}

/** The next fitting node after the previous choice, cycling through nodes in id order. */
export class RoundRobinPolicy extends GreedyBaseline {
  readonly name = "round-robin";
  private cursor = 0;

  protected choose(_job: Job, views: readonly NodeView[], fits: (v: NodeView) => boolean): number {
    for (let k = 0; k < views.length; k++) {
      const i = (this.cursor + k) % views.length;
      const v = views[i];
      if (v !== undefined && fits(v)) {
        this.cursor = i + 1;
        return i;
      }
    }
    return -1;
  }
}

/** The cheapest fitting node: what a price-only bid market does. */
export class GreedyCheapestPolicy extends GreedyBaseline {
  readonly name = "greedy-cheapest";

  protected choose(_job: Job, views: readonly NodeView[], fits: (v: NodeView) => boolean): number {
    return argMin(views, fits, (v) => v.node.pricePerSecond);
  }
}

/** The nearest fitting node to the buyer (lowest network latency), cheapest on ties. */
export class LatencyGreedyPolicy extends GreedyBaseline {
  readonly name = "latency-greedy";

  protected choose(
    job: Job,
    views: readonly NodeView[],
    fits: (v: NodeView) => boolean,
    input: PlacementInput,
  ): number {
    return argMin(views, fits, (v) => latencyMs(job, v.node, input.network) * 1e9 + v.node.pricePerSecond);
  }
}

/** Kubernetes-style LeastAllocated spread: the fitting node with the largest free share after placement. */
export class LeastAllocatedPolicy extends GreedyBaseline {
  readonly name = "least-allocated";

  protected choose(job: Job, views: readonly NodeView[], fits: (v: NodeView) => boolean): number {
    return argMin(views, fits, (v) => -(v.freeUnits - job.resources) / capacityUnits(v.node));
  }
}

/**
 * SLA-filtered greedy ("cheapest feasible"): the cheapest node among those that meet the job's SLA (latency bound
 * and deadline) — the strongest twenty-line policy, and the one the optimiser's SLA and cost claims are held to.
 */
export class CheapestFeasiblePolicy extends GreedyBaseline {
  readonly name = "cheapest-feasible";
  protected override readonly slaFiltered = true;

  protected choose(_job: Job, views: readonly NodeView[], fits: (v: NodeView) => boolean): number {
    return argMin(views, fits, (v) => v.node.pricePerSecond);
  }
}

/** Carbon-greedy: the node with the least grams CO2 per unit-second among those that meet the SLA; cheapest on ties. */
export class CarbonGreedyPolicy extends GreedyBaseline {
  readonly name = "carbon-greedy";
  protected override readonly slaFiltered = true;

  protected choose(_job: Job, views: readonly NodeView[], fits: (v: NodeView) => boolean): number {
    return argMin(views, fits, (v) => gramsPerUnitSecond(v.node) * 1e6 + v.node.pricePerSecond * 1e-6);
  }
}
