import { feasible, hardwareFits, latencyMs, slackSec } from "./feasibility.js";
import { MinCostFlow } from "./mincostflow.js";
import { gramsPerUnitSecond, reputationScore, timeoutRate, unitCost, type ScoreRefs } from "./scoring.js";
import {
  Tier,
  type Job,
  type Node,
  type NodeView,
  type Placement,
  type PlacementInput,
  type PlacementPolicy,
} from "./types.js";

export interface OptimiserOptions {
  /**
   * A batch job with slack waits for a better node rather than take one whose cost exceeds the best feasible
   * node's (busy or not) by more than this fraction plus its urgency.
   */
  readonly deferMargin: number;
  /** Batch jobs with less slack than max(this, `urgentSlackShare` × duration) are placed now whatever the cost. */
  readonly urgentSlackSec: number;
  readonly urgentSlackShare: number;
}

export const DEFAULT_OPTIMISER_OPTIONS: OptimiserOptions = {
  deferMargin: 0.5,
  urgentSlackSec: 1800,
  urgentSlackShare: 0.25,
};

/**
 * Costs per unit are (unit-second cost × duration in hours × COST_SCALE), rounded: a resolution of 1/COST_SCALE
 * of a unit-hour. Coarse integer costs keep the solver's number of distinct shortest-path lengths (phases) small.
 */
const COST_SCALE = 20;
/** Arcs per job class in the flow problem (its cheapest node classes that have free capacity). */
const MAX_ARCS = 12;
/** Per-unit cost of leaving a must-place job pending, by tier: dominates every placement cost, RT first. */
const MUST_PLACE_COST: Record<Tier, number> = {
  [Tier.RealTime]: 4e10,
  [Tier.Interactive]: 3e10,
  [Tier.Batch]: 2e10,
};

/** Interchangeable nodes: same region, hardware, latency class, price band, carbon band and reputation band. */
interface NodeClass {
  /** Worst member on every axis: used for class-level feasibility and cost. */
  rep: Node;
  readonly members: { readonly view: NodeView; free: number }[];
  freeUnits: number;
}

/** Jobs with the same tier, buyer region, hardware, feasible node classes and duration/urgency bucket. */
interface JobClass {
  readonly jobs: Job[];
  readonly feasibleClasses: number[];
  units: number;
  /** Scaled cost per unit on each feasible class (parallel to feasibleClasses). */
  costs: number[];
  waitCost: number;
}

function band(x: number, step: number): number {
  return Math.round(Math.log1p(Math.max(0, x)) / Math.log1p(step));
}

function nodeClassKey(n: Node): string {
  return [
    n.region,
    n.gpuModel,
    n.latencyClass,
    band(n.pricePerSecond, 0.05),
    band(n.carbonIntensity, 0.25),
    Math.floor(reputationScore(n.reputation) * 5),
    Math.floor(timeoutRate(n.reputation) * 10),
  ].join("|");
}

/**
 * The optimising policy: feasibility first, then a min-cost transportation problem between job classes and node
 * classes (with a "wait" arc per job class), solved exactly by min-cost flow, then concrete nodes filled best-fit.
 */
export class OptimisingPolicy implements PlacementPolicy {
  readonly name = "optimiser";

  constructor(private readonly options: OptimiserOptions = DEFAULT_OPTIMISER_OPTIONS) {}

  place(input: PlacementInput): Placement[] {
    const classes = this.buildNodeClasses(input.nodes);
    const jobClasses = this.buildJobClasses(input, classes);
    if (jobClasses.length === 0) return [];

    // Vertices: 0 source, 1 sink, then job classes, then node classes.
    const J = jobClasses.length;
    const flow = new MinCostFlow(2 + J + classes.length);
    const arcs: number[][] = [];
    let demand = 0;
    jobClasses.forEach((jc, j) => {
      flow.addArc(0, 2 + j, jc.units, 0);
      flow.addArc(2 + j, 1, jc.units, jc.waitCost);
      // Arcs only to the MAX_ARCS cheapest classes with free capacity: a bounded graph, nearly always optimal.
      const open = jc.feasibleClasses
        .map((_, k) => k)
        .filter((k) => (classes[jc.feasibleClasses[k] ?? -1]?.freeUnits ?? 0) > 0)
        .sort((a, b) => (jc.costs[a] ?? 0) - (jc.costs[b] ?? 0) || a - b)
        .slice(0, MAX_ARCS);
      const jcArcs = jc.feasibleClasses.map(() => -1);
      for (const k of open) {
        jcArcs[k] = flow.addArc(2 + j, 2 + J + (jc.feasibleClasses[k] ?? 0), jc.units, jc.costs[k] ?? 0);
      }
      arcs.push(jcArcs);
      demand += jc.units;
    });
    classes.forEach((c, i) => {
      if (c.freeUnits > 0) flow.addArc(2 + J + i, 1, c.freeUnits, 0);
    });
    flow.run(0, 1, demand);

    // Most expensive-to-delay classes first so they get the nodes when fragmentation bites.
    const order = jobClasses
      .map((_, j) => j)
      .sort((a, b) => (jobClasses[b]?.waitCost ?? 0) - (jobClasses[a]?.waitCost ?? 0));
    const placements: Placement[] = [];
    for (const j of order) {
      const jc = jobClasses[j];
      const jcArcs = arcs[j];
      if (jc === undefined || jcArcs === undefined) continue;
      const quota = jcArcs.map((a) => (a === -1 ? 0 : flow.flowOn(a)));
      this.fill(input, classes, jc, quota, placements);
    }
    return placements;
  }

  private buildNodeClasses(nodes: readonly NodeView[]): NodeClass[] {
    const byKey = new Map<string, NodeClass>();
    // Node id order makes class representatives and best-fit ties independent of the input order.
    const sorted = [...nodes].sort((a, b) =>
      a.node.nodeId < b.node.nodeId ? -1 : a.node.nodeId > b.node.nodeId ? 1 : 0,
    );
    for (const view of sorted) {
      const n = view.node;
      if (n.status !== "active" || !n.online) continue;
      const key = nodeClassKey(n);
      const existing = byKey.get(key);
      if (existing === undefined) {
        byKey.set(key, { rep: n, members: [{ view, free: view.freeUnits }], freeUnits: view.freeUnits });
        continue;
      }
      existing.members.push({ view, free: view.freeUnits });
      existing.freeUnits += view.freeUnits;
      const r = existing.rep;
      if (
        n.pricePerSecond > r.pricePerSecond ||
        n.carbonIntensity > r.carbonIntensity ||
        n.wattsPerUnit > r.wattsPerUnit ||
        reputationScore(n.reputation) < reputationScore(r.reputation)
      ) {
        existing.rep = {
          ...r,
          pricePerSecond: Math.max(r.pricePerSecond, n.pricePerSecond),
          carbonIntensity: Math.max(r.carbonIntensity, n.carbonIntensity),
          wattsPerUnit: Math.max(r.wattsPerUnit, n.wattsPerUnit),
          reputation:
            reputationScore(n.reputation) < reputationScore(r.reputation) ? n.reputation : r.reputation,
        };
      }
    }
    return [...byKey.keys()].sort().map((k) => byKey.get(k) as NodeClass);
  }

  private buildJobClasses(input: PlacementInput, classes: NodeClass[]): JobClass[] {
    const refs = new Map<string, ScoreRefs | null>();
    const refsFor = (job: Job): ScoreRefs | null => {
      let r = refs.get(job.gpuModel);
      if (r === undefined) {
        let price = 0;
        let grams = 0;
        let count = 0;
        for (const c of classes) {
          if (!hardwareFits(job, c.rep)) continue;
          price += c.rep.pricePerSecond * c.members.length;
          grams += gramsPerUnitSecond(c.rep) * c.members.length;
          count += c.members.length;
        }
        r = count === 0 ? null : { unitPrice: price / count || 1, gramsPerUnitSecond: grams / count || 1 };
        refs.set(job.gpuModel, r);
      }
      return r;
    };

    const { now, startDelaySec, network, weights } = input;
    // Classes each (hardware, buyer region) pair could use, with their latency: computed once, not per job.
    const candidates = new Map<string, { index: number; price: number; latency: number }[]>();
    const candidatesFor = (job: Job): { index: number; price: number; latency: number }[] => {
      const key = `${job.gpuModel}|${job.buyerRegion}`;
      let list = candidates.get(key);
      if (list === undefined) {
        list = [];
        classes.forEach((c, index) => {
          if (hardwareFits(job, c.rep)) {
            list?.push({ index, price: c.rep.pricePerSecond, latency: latencyMs(job, c.rep, network) });
          }
        });
        candidates.set(key, list);
      }
      return list;
    };
    const byKey = new Map<string, JobClass>();
    const ordered = [...input.jobs].sort((a, b) => (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
    for (const job of ordered) {
      const slack = slackSec(job, now, startDelaySec);
      if (slack < 0 || job.resources <= 0) continue;
      const feasibleClasses: number[] = [];
      for (const c of candidatesFor(job)) {
        if (c.price <= job.maxUnitPrice && c.latency <= job.latencyBoundMs) feasibleClasses.push(c.index);
      }
      if (feasibleClasses.length === 0) continue;
      const urgent = this.isUrgent(job, slack);
      const key = [
        job.tier,
        job.buyerRegion,
        job.gpuModel,
        Math.round(Math.log2(job.durationSec + 1)),
        urgent ? -1 : Math.floor(Math.log2(1 + slack / 600)),
        feasibleClasses.join(","),
      ].join("|");
      const jc = byKey.get(key);
      if (jc === undefined) {
        byKey.set(key, { jobs: [job], feasibleClasses, units: job.resources, costs: [], waitCost: 0 });
      } else {
        jc.jobs.push(job);
        jc.units += job.resources;
      }
    }

    const result: JobClass[] = [];
    for (const jc of byKey.values()) {
      const first = jc.jobs[0];
      const refsJ = first === undefined ? null : refsFor(first);
      if (first === undefined || refsJ === null) continue;
      const meanDuration = jc.jobs.reduce((s, j) => s + j.durationSec, 0) / jc.jobs.length;
      const perUnit = jc.feasibleClasses.map((c) =>
        unitCost(first, (classes[c] as NodeClass).rep, network, refsJ, weights),
      );
      jc.costs = perUnit.map((u) => Math.round((u * meanDuration * COST_SCALE) / 3600));
      const minSlack = Math.min(...jc.jobs.map((j) => slackSec(j, now, startDelaySec)));
      if (first.tier !== Tier.Batch || this.isUrgent(first, minSlack)) {
        jc.waitCost = MUST_PLACE_COST[first.tier];
      } else {
        const best = Math.min(...perUnit);
        const urgency = this.urgentThreshold(first) / Math.max(minSlack, 1);
        jc.waitCost = Math.round(
          ((best * (1 + this.options.deferMargin) + urgency) * meanDuration * COST_SCALE) / 3600,
        );
      }
      result.push(jc);
    }
    return result;
  }

  private urgentThreshold(job: Job): number {
    return Math.max(this.options.urgentSlackSec, this.options.urgentSlackShare * job.durationSec);
  }

  private isUrgent(job: Job, slack: number): boolean {
    return slack < this.urgentThreshold(job);
  }

  /**
   * Turns a job class's flow quotas into concrete placements, most urgent job first, best-fit inside a class.
   * A job the quotas cannot seat (fragmentation, arcs pruned) may take any other class that still beats waiting.
   */
  private fill(
    input: PlacementInput,
    classes: NodeClass[],
    jc: JobClass,
    quota: number[],
    out: Placement[],
  ): void {
    const { now, startDelaySec, network } = input;
    const byCost = jc.feasibleClasses
      .map((_, k) => k)
      .sort((a, b) => (jc.costs[a] ?? 0) - (jc.costs[b] ?? 0));
    const jobs = [...jc.jobs].sort(
      (a, b) =>
        slackSec(a, now, startDelaySec) - slackSec(b, now, startDelaySec) || b.resources - a.resources,
    );
    for (const job of jobs) {
      const excluded = input.excluded?.get(job.jobId);
      // Classes the solver gave quota to first, then (fragmentation repair) any class still better than waiting;
      // a re-placed job (it has excluded nodes) has waited already and takes any feasible class.
      const retry = (excluded?.size ?? 0) > 0;
      const tryOrder = [
        ...byCost.filter((k) => (quota[k] ?? 0) > 0),
        ...byCost.filter((k) => (quota[k] ?? 0) <= 0 && (retry || (jc.costs[k] ?? 0) <= jc.waitCost)),
      ];
      for (const k of tryOrder) {
        const c = classes[jc.feasibleClasses[k] ?? -1];
        if (c === undefined || c.freeUnits < job.resources) continue;
        let best: { view: NodeView; free: number } | undefined;
        for (const m of c.members) {
          if (m.free < job.resources || (best !== undefined && m.free >= best.free)) continue;
          const view = { node: m.view.node, freeUnits: m.free };
          if (feasible(job, view, network, now, startDelaySec, excluded)) best = m;
        }
        if (best === undefined) continue;
        best.free -= job.resources;
        c.freeUnits -= job.resources;
        quota[k] = (quota[k] ?? 0) - job.resources;
        out.push({ jobId: job.jobId, nodeId: best.view.node.nodeId });
        break;
      }
    }
  }
}
