import { CarbonGreedyPolicy, CheapestFeasiblePolicy } from "./baselines.js";
import { feasible, hardwareFits, latencyMs, slackSec } from "./feasibility.js";
import { MinCostFlow } from "./mincostflow.js";
import { fitsIn, freeOf, freeQuanta, quantaOf, take, unitsOn, type Capacity } from "./resources.js";
import {
  gramsPerUnitSecond,
  missRate,
  reputationScore,
  slowdown,
  unitCost,
  type CostContext,
  type ScoreRefs,
} from "./scoring.js";
import {
  Tier,
  type Job,
  type Node,
  type NodeView,
  type Placement,
  type PlacementInput,
  type PlacementPolicy,
  type RegionReport,
} from "./types.js";

export interface OptimiserOptions {
  /**
   * A batch job with slack waits for a better node rather than take one whose cost exceeds the best feasible
   * node's (busy or not) by more than this fraction plus its urgency.
   */
  readonly deferMargin: number;
  /**
   * A batch job with slack waits for a cleaner hour (carbon forecast) when its best option now costs more than
   * the best option at a later start by more than this fraction plus its urgency.
   */
  readonly timeShiftMargin: number;
  /** Batch jobs with less slack than max(this, `urgentSlackShare` × duration) are placed now whatever the cost. */
  readonly urgentSlackSec: number;
  readonly urgentSlackShare: number;
  /**
   * Windows with at most this many job × node pairs also evaluate the two SLA-feasible greedy solutions
   * (cheapest-feasible, carbon-greedy) under the window objective and keep the best of the three, so on such a
   * window the optimiser is never worse than either. Larger windows use the flow solution alone.
   */
  readonly portfolioPairs: number;
}

export const DEFAULT_OPTIMISER_OPTIONS: OptimiserOptions = {
  deferMargin: 0.5,
  timeShiftMargin: 0.25,
  urgentSlackSec: 1800,
  urgentSlackShare: 0.25,
  portfolioPairs: 20_000,
};

/**
 * Integer cost resolution: the shortest job class of the window gets 1/COST_RESOLUTION of its unit cost as one
 * integer step, whatever its duration (seconds or days), capped so the largest cost stays below MAX_COST.
 */
const COST_RESOLUTION = 100;
const MAX_COST = 2 ** 40;
/** Arcs per job class in the flow problem (its cheapest node classes that have free capacity). */
const MAX_ARCS = 12;
/** Multiples of the largest placement cost charged per unit for leaving a must-place job pending, RT first. */
const MUST_PLACE_FACTOR: Record<Tier, number> = {
  [Tier.RealTime]: 4,
  [Tier.Interactive]: 3,
  [Tier.Batch]: 2,
};
/** Forecast hours a deferrable job may look ahead for a cleaner start. */
const FORECAST_HOURS = 24;

interface Member {
  readonly view: NodeView;
  cap: Capacity;
  quanta: number;
}

/** Interchangeable nodes: same region, hardware, latency class, price, carbon, reputation and learned bands. */
interface NodeClass {
  /** Worst member on every axis: used for class-level feasibility and cost. */
  rep: Node;
  readonly members: Member[];
  quanta: number;
}

/** Jobs with the same tier, buyer region, hardware, feasible node classes and duration/urgency bucket. */
interface JobClass {
  readonly jobs: Job[];
  readonly feasibleClasses: number[];
  /** Demand in flow quanta. */
  quanta: number;
  /** Cost per unit-hour on each feasible class (parallel to feasibleClasses). */
  unitHour: number[];
  /** Cost per unit-hour of leaving a job of the class pending. */
  waitUnitHour: number;
  mustPlace: boolean;
}

/**
 * The class-level problem: job classes (demand in quanta, integer cost per quantum of waiting), node classes
 * (free quanta) and the arcs between them (integer cost per quantum). Every demand quantum is either placed
 * over an arc or waits.
 */
export interface ClassProblem {
  readonly jobs: readonly { readonly quanta: number; readonly waitCost: number }[];
  readonly nodes: readonly { readonly quanta: number }[];
  readonly arcs: readonly { readonly job: number; readonly node: number; readonly cost: number }[];
}

interface Window {
  readonly classes: NodeClass[];
  readonly jobClasses: JobClass[];
  /** Job id → its class. */
  readonly classOf: Map<string, JobClass>;
  readonly refs: Map<string, ScoreRefs | null>;
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
    Math.floor(missRate(n) * 20),
    band(slowdown(n) - 1, 0.1),
  ].join("|");
}

const byNodeId = (a: NodeView, b: NodeView): number =>
  a.node.nodeId < b.node.nodeId ? -1 : a.node.nodeId > b.node.nodeId ? 1 : 0;

/** Mean forecast intensity over [offset, offset + duration) from now (last forecast hour held beyond the horizon). */
export function forecastMean(report: RegionReport, offsetSec: number, durationSec: number): number {
  const f = report.carbonForecast;
  if (f === undefined || f.length === 0) return report.carbonIntensity;
  let sum = 0;
  let t = offsetSec;
  const end = offsetSec + Math.max(durationSec, 1);
  while (t < end) {
    const hour = Math.floor(t / 3600);
    const next = Math.min(end, (hour + 1) * 3600);
    sum += (f[Math.min(hour, f.length - 1)] ?? report.carbonIntensity) * (next - t);
    t = next;
  }
  return sum / (end - offsetSec);
}

/**
 * The optimising policy: feasibility first, then a min-cost transportation problem between job classes and node
 * classes (with a "wait" arc per job class), solved exactly by min-cost flow, then concrete nodes filled best-fit
 * in every resource dimension. Small windows also weigh the SLA-feasible greedy solutions (see `portfolioPairs`).
 */
export class OptimisingPolicy implements PlacementPolicy {
  readonly name = "optimiser";

  constructor(private readonly options: OptimiserOptions = DEFAULT_OPTIMISER_OPTIONS) {}

  place(input: PlacementInput): Placement[] {
    const w = this.buildWindow(input);
    if (w.jobClasses.length === 0) return [];
    const own = this.solve(input, w);
    if (input.jobs.length * input.nodes.length > this.options.portfolioPairs) return own;
    let best = own;
    let bestCost = this.objectiveOf(input, w, own);
    for (const baseline of [new CheapestFeasiblePolicy(), new CarbonGreedyPolicy()]) {
      const candidate = this.prune(input, w, baseline.place(input));
      const cost = this.objectiveOf(input, w, candidate);
      if (cost < bestCost) {
        best = candidate;
        bestCost = cost;
      }
    }
    return best;
  }

  /**
   * The window objective the optimiser minimises: Σ over placed jobs of unit cost × units × hours on their node,
   * plus Σ over pending jobs that have a feasible node class of their waiting cost × units × hours.
   */
  objective(input: PlacementInput, placements: readonly Placement[]): number {
    return this.objectiveOf(input, this.buildWindow(input), placements);
  }

  /** Cost context of starting the job now: carbon is the forecast mean over its run when the region reports. */
  private costContext(input: PlacementInput, job: Job, node: Node): CostContext {
    const report = input.regions?.get(node.region);
    return {
      now: input.now,
      startDelaySec: input.startDelaySec,
      carbonIntensity: report === undefined ? undefined : forecastMean(report, 0, job.durationSec),
    };
  }

  private placedCost(input: PlacementInput, w: Window, job: Job, node: Node): number {
    const refs = w.refs.get(job.gpuModel);
    if (refs === undefined || refs === null) return 0;
    const u = unitCost(job, node, input.network, refs, input.weights, this.costContext(input, job, node));
    return (u * unitsOn(job, node) * job.durationSec) / 3600;
  }

  private waitCost(w: Window, job: Job, node?: Node): number {
    const jc = w.classOf.get(job.jobId);
    if (jc === undefined) return 0;
    const units = node === undefined ? (job.gpuFraction ?? job.resources) : unitsOn(job, node);
    return (jc.waitUnitHour * units * job.durationSec) / 3600;
  }

  private objectiveOf(input: PlacementInput, w: Window, placements: readonly Placement[]): number {
    const nodes = new Map(input.nodes.map((v) => [v.node.nodeId, v.node]));
    const jobs = new Map(input.jobs.map((j) => [j.jobId, j]));
    const placed = new Set<string>();
    let total = 0;
    for (const p of placements) {
      const node = nodes.get(p.nodeId);
      const job = jobs.get(p.jobId);
      if (node === undefined || job === undefined) throw new Error(`objective: unknown placement ${p.jobId}`);
      placed.add(p.jobId);
      total += this.placedCost(input, w, job, node);
    }
    for (const job of input.jobs) if (!placed.has(job.jobId)) total += this.waitCost(w, job);
    return total;
  }

  /** Drops placements that cost more than waiting (a feasible solution stays feasible with fewer placements). */
  private prune(input: PlacementInput, w: Window, placements: readonly Placement[]): Placement[] {
    const nodes = new Map(input.nodes.map((v) => [v.node.nodeId, v.node]));
    const jobs = new Map(input.jobs.map((j) => [j.jobId, j]));
    return placements.filter((p) => {
      const job = jobs.get(p.jobId);
      const node = nodes.get(p.nodeId);
      if (job === undefined || node === undefined) return false;
      return this.placedCost(input, w, job, node) <= this.waitCost(w, job, node);
    });
  }

  /**
   * The window's class-level transportation problem as the solver sees it (integer costs per quantum), solved:
   * what tests hand to an LP solver to check that the flow is optimal.
   */
  classProblem(input: PlacementInput): ClassProblem & { readonly flowCost: number } {
    const w = this.buildWindow(input);
    const { problem, flow, arcIds } = this.buildFlow(w);
    const flowCost =
      problem.arcs.reduce((s, a, i) => s + flow.flowOn(arcIds[i] ?? -1) * a.cost, 0) +
      problem.jobs.reduce((s, j, i) => s + flow.flowOn(problem.waitArcIds[i] ?? -1) * j.waitCost, 0);
    return { ...problem, flowCost };
  }

  private buildFlow(w: Window): {
    problem: ClassProblem & { readonly waitArcIds: number[] };
    flow: MinCostFlow;
    arcIds: number[];
    perClass: number[][];
  } {
    const { classes, jobClasses } = w;
    // Integer costs per quantum: resolution relative to the shortest job class, so minutes and days both resolve.
    const perQuantum = (jc: JobClass, unitHour: number): number => (unitHour * meanDuration(jc)) / 3600 / 8;
    let minDur = Number.POSITIVE_INFINITY;
    let maxCost = 0;
    for (const jc of jobClasses) {
      minDur = Math.min(minDur, meanDuration(jc));
      for (const u of jc.unitHour) maxCost = Math.max(maxCost, perQuantum(jc, u));
      if (!jc.mustPlace) maxCost = Math.max(maxCost, perQuantum(jc, jc.waitUnitHour));
    }
    const scale = Math.min((COST_RESOLUTION * 8 * 3600) / minDur, MAX_COST / 8 / Math.max(maxCost, 1e-9));
    const top = Math.ceil(maxCost * scale) + 1;

    // Vertices: 0 source, 1 sink, then job classes, then node classes.
    const J = jobClasses.length;
    const flow = new MinCostFlow(2 + J + classes.length);
    const perClass: number[][] = [];
    const arcs: { job: number; node: number; cost: number }[] = [];
    const arcIds: number[] = [];
    const jobs: { quanta: number; waitCost: number }[] = [];
    const waitArcIds: number[] = [];
    let demand = 0;
    jobClasses.forEach((jc, j) => {
      const costs = jc.unitHour.map((u) => Math.round(perQuantum(jc, u) * scale));
      const wait = jc.mustPlace
        ? top * MUST_PLACE_FACTOR[jc.jobs[0]?.tier ?? Tier.Batch]
        : Math.round(perQuantum(jc, jc.waitUnitHour) * scale);
      flow.addArc(0, 2 + j, jc.quanta, 0);
      waitArcIds.push(flow.addArc(2 + j, 1, jc.quanta, wait));
      jobs.push({ quanta: jc.quanta, waitCost: wait });
      // Arcs only to the MAX_ARCS cheapest classes with free capacity: a bounded graph, nearly always optimal.
      const open = jc.feasibleClasses
        .map((_, k) => k)
        .filter((k) => (classes[jc.feasibleClasses[k] ?? -1]?.quanta ?? 0) > 0)
        .sort((a, b) => (costs[a] ?? 0) - (costs[b] ?? 0) || a - b)
        .slice(0, MAX_ARCS);
      const jcArcs = jc.feasibleClasses.map(() => -1);
      for (const k of open) {
        const node = jc.feasibleClasses[k] ?? 0;
        const cost = costs[k] ?? 0;
        jcArcs[k] = flow.addArc(2 + j, 2 + J + node, jc.quanta, cost);
        arcs.push({ job: j, node, cost });
        arcIds.push(jcArcs[k] ?? -1);
      }
      perClass.push(jcArcs);
      demand += jc.quanta;
    });
    classes.forEach((c, i) => {
      if (c.quanta > 0) flow.addArc(2 + J + i, 1, c.quanta, 0);
    });
    flow.run(0, 1, demand);
    return {
      problem: { jobs, nodes: classes.map((c) => ({ quanta: c.quanta })), arcs, waitArcIds },
      flow,
      arcIds,
      perClass,
    };
  }

  private solve(input: PlacementInput, w: Window): Placement[] {
    const { classes, jobClasses } = w;
    const { flow, perClass: arcs } = this.buildFlow(w);

    // Most expensive-to-delay classes first so they get the nodes when fragmentation bites.
    const order = jobClasses
      .map((_, j) => j)
      .sort(
        (a, b) =>
          Number(jobClasses[b]?.mustPlace) - Number(jobClasses[a]?.mustPlace) ||
          (jobClasses[a]?.jobs[0]?.tier ?? 0) - (jobClasses[b]?.jobs[0]?.tier ?? 0) ||
          (jobClasses[b]?.waitUnitHour ?? 0) - (jobClasses[a]?.waitUnitHour ?? 0) ||
          a - b,
      );
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

  private buildWindow(input: PlacementInput): Window {
    const classes = this.buildNodeClasses(input.nodes);
    const refs = new Map<string, ScoreRefs | null>();
    for (const job of input.jobs) {
      if (refs.has(job.gpuModel)) continue;
      let price = 0;
      let grams = 0;
      let count = 0;
      for (const c of classes) {
        if (!hardwareFits(job, c.rep)) continue;
        price += c.rep.pricePerSecond * c.members.length;
        grams += gramsPerUnitSecond(c.rep) * c.members.length;
        count += c.members.length;
      }
      refs.set(
        job.gpuModel,
        count === 0 ? null : { unitPrice: price / count || 1, gramsPerUnitSecond: grams / count || 1 },
      );
    }
    const jobClasses = this.buildJobClasses(input, classes, refs);
    const classOf = new Map<string, JobClass>();
    for (const jc of jobClasses) for (const j of jc.jobs) classOf.set(j.jobId, jc);
    return { classes, jobClasses, classOf, refs };
  }

  private buildNodeClasses(nodes: readonly NodeView[]): NodeClass[] {
    const byKey = new Map<string, NodeClass>();
    // Node id order makes class representatives and best-fit ties independent of the input order.
    for (const view of [...nodes].sort(byNodeId)) {
      const n = view.node;
      if (n.status !== "active" || !n.online) continue;
      const cap = freeOf(view);
      const member: Member = { view, cap, quanta: freeQuanta(n, cap) };
      const key = nodeClassKey(n);
      const existing = byKey.get(key);
      if (existing === undefined) {
        byKey.set(key, { rep: n, members: [member], quanta: member.quanta });
        continue;
      }
      existing.members.push(member);
      existing.quanta += member.quanta;
      const r = existing.rep;
      existing.rep = {
        ...r,
        pricePerSecond: Math.max(r.pricePerSecond, n.pricePerSecond),
        carbonIntensity: Math.max(r.carbonIntensity, n.carbonIntensity),
        wattsPerUnit: Math.max(r.wattsPerUnit, n.wattsPerUnit),
        reputation:
          reputationScore(n.reputation) < reputationScore(r.reputation) ? n.reputation : r.reputation,
        learned:
          r.learned === undefined && n.learned === undefined
            ? undefined
            : {
                ackMissRate: Math.max(missRate(r), missRate(n)),
                slowdown: Math.max(slowdown(r), slowdown(n)),
                observations: Math.min(r.learned?.observations ?? 0, n.learned?.observations ?? 0),
              },
      };
    }
    return [...byKey.keys()].sort().map((k) => byKey.get(k) as NodeClass);
  }

  private buildJobClasses(
    input: PlacementInput,
    classes: NodeClass[],
    refs: Map<string, ScoreRefs | null>,
  ): JobClass[] {
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
      const first = classes[feasibleClasses[0] ?? -1];
      if (first === undefined) continue;
      const urgent = this.isUrgent(job, slack);
      const key = [
        job.tier,
        job.buyerRegion,
        job.gpuModel,
        Math.round(Math.log2(job.durationSec + 1)),
        urgent ? -1 : Math.floor(Math.log2(1 + slack / 600)),
        feasibleClasses.join(","),
      ].join("|");
      const quanta = quantaOf(job, first.rep);
      const jc = byKey.get(key);
      if (jc === undefined) {
        byKey.set(key, {
          jobs: [job],
          feasibleClasses,
          quanta,
          unitHour: [],
          waitUnitHour: 0,
          mustPlace: false,
        });
      } else {
        jc.jobs.push(job);
        jc.quanta += quanta;
      }
    }

    const result: JobClass[] = [];
    /** Best change of mean forecast intensity from delaying a start, by region, duration and hours allowed. */
    const shifts = new Map<string, number>();
    for (const jc of byKey.values()) {
      const first = jc.jobs[0];
      const refsJ = first === undefined ? null : (refs.get(first.gpuModel) ?? null);
      if (first === undefined || refsJ === null) continue;
      const duration = meanDuration(jc);
      const rep = { ...first, durationSec: duration };
      const minSlack = Math.min(...jc.jobs.map((j) => slackSec(j, now, startDelaySec)));
      const costNow = (c: number): number => {
        const node = (classes[c] as NodeClass).rep;
        return unitCost(rep, node, network, refsJ, weights, this.costContext(input, rep, node));
      };
      jc.unitHour = jc.feasibleClasses.map(costNow);
      jc.mustPlace = first.tier !== Tier.Batch || this.isUrgent(first, minSlack);
      if (!jc.mustPlace) {
        const urgency = this.urgentThreshold(first) / Math.max(minSlack, 1);
        const bestNow = Math.min(...jc.unitHour) * (1 + this.options.deferMargin);
        // A cleaner hour within the slack (while the job stays non-urgent), from the regions' forecasts: only the
        // carbon term changes with the start hour, by (best later mean − mean from now) × the class's coefficient.
        let bestLater = Number.POSITIVE_INFINITY;
        const hours = Math.min(FORECAST_HOURS, Math.floor((minSlack - this.urgentThreshold(first)) / 3600));
        if (input.regions !== undefined && hours >= 1) {
          jc.feasibleClasses.forEach((c, k) => {
            const node = (classes[c] as NodeClass).rep;
            const report = input.regions?.get(node.region);
            if (report === undefined) return;
            const key = `${node.region}|${Math.round(duration / 60)}|${hours}`;
            let delta = shifts.get(key);
            if (delta === undefined) {
              const now0 = forecastMean(report, 0, duration);
              let best = now0;
              for (let h = 1; h <= hours; h++)
                best = Math.min(best, forecastMean(report, h * 3600, duration));
              delta = best - now0;
              shifts.set(key, delta);
            }
            const coef =
              (weights.carbon * slowdown(node) * gramsPerUnitSecond(node, 1)) / refsJ.gramsPerUnitSecond;
            bestLater = Math.min(bestLater, (jc.unitHour[k] ?? 0) + coef * delta);
          });
        }
        jc.waitUnitHour = Math.min(bestNow, bestLater * (1 + this.options.timeShiftMargin)) + urgency;
      }
      result.push(jc);
    }
    // Leaving a must-place job pending costs more per unit-hour than any placement in the window, RT most.
    const maxUnitHour = Math.max(0, ...result.flatMap((jc) => jc.unitHour));
    for (const jc of result) {
      if (jc.mustPlace)
        jc.waitUnitHour = MUST_PLACE_FACTOR[jc.jobs[0]?.tier ?? Tier.Batch] * (maxUnitHour + 1);
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
      .sort((a, b) => (jc.unitHour[a] ?? 0) - (jc.unitHour[b] ?? 0) || a - b);
    const jobs = [...jc.jobs].sort(
      (a, b) =>
        slackSec(a, now, startDelaySec) - slackSec(b, now, startDelaySec) ||
        (b.gpuFraction ?? b.resources) - (a.gpuFraction ?? a.resources) ||
        (a.jobId < b.jobId ? -1 : 1),
    );
    for (const job of jobs) {
      const excluded = input.excluded?.get(job.jobId);
      // Classes the solver gave quota to first, then (fragmentation repair) any class still better than waiting;
      // a re-placed job (it has excluded nodes) has waited already and takes any feasible class.
      const retry = (excluded?.size ?? 0) > 0;
      const tryOrder = [
        ...byCost.filter((k) => (quota[k] ?? 0) > 0),
        ...byCost.filter(
          (k) => (quota[k] ?? 0) <= 0 && (retry || jc.mustPlace || (jc.unitHour[k] ?? 0) <= jc.waitUnitHour),
        ),
      ];
      for (const k of tryOrder) {
        const c = classes[jc.feasibleClasses[k] ?? -1];
        if (c === undefined) continue;
        const need = quantaOf(job, c.rep);
        if (c.quanta < need) continue;
        let best: Member | undefined;
        for (const m of c.members) {
          if (m.quanta < need || (best !== undefined && m.quanta >= best.quanta)) continue;
          if (!fitsIn(job, m.view.node, m.cap)) continue;
          if (feasible(job, m.view, network, now, startDelaySec, excluded)) best = m;
        }
        if (best === undefined) continue;
        best.cap = take(job, best.view.node, best.cap);
        const after = freeQuanta(best.view.node, best.cap);
        c.quanta -= best.quanta - after;
        best.quanta = after;
        quota[k] = (quota[k] ?? 0) - need;
        out.push({ jobId: job.jobId, nodeId: best.view.node.nodeId });
        break;
      }
    }
  }
}

function meanDuration(jc: JobClass): number {
  return jc.jobs.reduce((s, j) => s + j.durationSec, 0) / jc.jobs.length;
}
