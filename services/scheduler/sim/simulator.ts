import { capacityUnits, latencyMs, marketFits } from "../core/feasibility.js";
import { ReputationLearner } from "../core/learning.js";
import { ackTimeoutFor, AssignmentBook, type Assignment } from "../core/replacement.js";
import { give, gpusFor, idleCapacity, take, unitsOn, viewOf, type Capacity } from "../core/resources.js";
import { mulberry32, uniform, type Rng } from "../core/rng.js";
import {
  DEFAULT_WEIGHTS,
  type Node,
  type NodeView,
  type PlacementPolicy,
  type PolicyWeights,
  type RegionReport,
  type Reputation,
} from "../core/types.js";
import { CarbonModel, DEFAULT_CARBON_MODEL, type CarbonModelOptions } from "./carbon.js";
import { EventQueue } from "./events.js";
import { MetricsCollector, type SimResult } from "./metrics.js";
import type { RegionProfile } from "./params.js";
import type { Scenario, TraceJob, TraceNode } from "./trace.js";

export interface SimOptions {
  /** Seeds acknowledgement delays/misses and node failures. */
  readonly seed: number;
  /** The scheduler places pending jobs once per window. */
  readonly windowSec: number;
  /** Longest wait for an acknowledgement; shorter for a job with little slack (core/replacement.ts `ackTimeoutFor`). */
  readonly ackTimeoutSec: number;
  /** Acknowledgement delay (relay down + node check), uniform in this range. */
  readonly ackDelaySec: readonly [number, number];
  /** What the scheduler assumes from directive to running, for deadline feasibility. */
  readonly startDelaySec: number;
  /** Mean time between failures of a node (exponential), hours. */
  readonly mtbfHours: number;
  /** Repair time of a failed node, uniform in this range, seconds. */
  readonly repairSec: readonly [number, number];
  /** Utilisation is measured from start + warmup to the last arrival. */
  readonly warmupSec: number;
  /** Simulation stops this long after the last arrival even if work is left. */
  readonly drainSec: number;
  readonly weights: PolicyWeights;
  /** Weather noise on the grids and the error of the regions' carbon forecasts. */
  readonly carbon: CarbonModelOptions;
  /** Hours of carbon forecast in each region's report to the scheduler. */
  readonly forecastHours: number;
}

export const DEFAULT_SIM_OPTIONS: SimOptions = {
  seed: 7,
  windowSec: 30,
  ackTimeoutSec: 60,
  ackDelaySec: [2, 10],
  startDelaySec: 15,
  mtbfHours: 300,
  repairSec: [1800, 7200],
  warmupSec: 4 * 3600,
  drainSec: 48 * 3600,
  weights: DEFAULT_WEIGHTS,
  carbon: DEFAULT_CARBON_MODEL,
  forecastHours: 24,
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface SimNode {
  readonly trace: TraceNode;
  readonly region: RegionProfile;
  readonly node: Mutable<Node>;
  readonly rep: Mutable<Reputation>;
  readonly capacity: number;
  readonly failRng: Rng;
  free: Capacity;
  /** Live jobs on the node and the GPUs each was given. */
  readonly live: Map<string, number[]>;
  downSince: number;
}

type SimEvent =
  | { readonly kind: "ack"; readonly jobId: string; readonly attempt: number }
  | { readonly kind: "complete"; readonly jobId: string; readonly attempt: number }
  | { readonly kind: "fail"; readonly node: SimNode }
  | { readonly kind: "recover"; readonly node: SimNode };

const expSample = (rng: Rng, mean: number): number => -Math.log(1 - rng()) * mean;

/**
 * Discrete-event simulation of one policy on a scenario: arrivals, scheduling windows, acknowledgements (some
 * missed), completions after the job's actual (not declared) run time, node failures and repairs. Re-placement
 * uses the core's AssignmentBook, so a job never has two live assignments. What nodes do (missed
 * acknowledgements, slowness) reaches the scheduler only through a ReputationLearner fed from outcomes; each
 * window the policy also gets every region's report (load, current carbon, a forecast with error). Throws if a
 * policy breaks a market rule (capacity in any dimension, max price, hardware, status).
 */
export function simulate(
  scenario: Scenario,
  policy: PlacementPolicy,
  options: SimOptions = DEFAULT_SIM_OPTIONS,
): SimResult {
  const regionByName = new Map(scenario.regions.map((r) => [r.name, r]));
  const nodes: SimNode[] = scenario.nodes.map((trace, i) => {
    const rep = { ...trace.reputation };
    const node: Mutable<Node> = { ...trace, reputation: rep };
    const region = regionByName.get(trace.region);
    if (region === undefined) throw new Error(`node ${trace.nodeId}: unknown region ${trace.region}`);
    const capacity = capacityUnits(node);
    return {
      trace,
      region,
      node,
      rep,
      capacity,
      failRng: mulberry32(options.seed * 7919 + i),
      free: idleCapacity(node),
      live: new Map<string, number[]>(),
      downSince: 0,
    };
  });
  const learner = new ReputationLearner();
  const learnFrom = (sn: SimNode): void => {
    sn.node.learned = learner.estimate(sn.node.nodeId);
  };
  for (const sn of nodes) learnFrom(sn);
  const carbon = new CarbonModel(
    scenario.regions,
    scenario.start - 24 * 3600,
    Math.ceil((scenario.end - scenario.start) / 3600) +
      24 +
      options.drainSec / 3600 +
      options.forecastHours +
      24,
    options.carbon,
  );
  const byId = new Map(nodes.map((n) => [n.node.nodeId, n]));
  const nodeMap = new Map<string, Node>(nodes.map((n) => [n.node.nodeId, n.node]));
  const jobs = new Map(scenario.jobs.map((j) => [j.jobId, j]));
  const started = new Map<string, number>();
  const pending = new Map<string, TraceJob>();
  const book = new AssignmentBook();
  const ackRng = mulberry32(options.seed);
  const queue = new EventQueue<SimEvent>();
  // A short replayed trace is measured over its second half rather than not at all.
  const measureFrom = scenario.start + Math.min(options.warmupSec, (scenario.end - scenario.start) / 2);
  const metrics = new MetricsCollector(policy.name, scenario.jobs, measureFrom, scenario.end);

  for (const n of nodes) {
    const t = scenario.start + expSample(n.failRng, options.mtbfHours * 3600);
    if (t < scenario.end) queue.push(t, { kind: "fail", node: n });
  }

  const release = (sn: SimNode, job: TraceJob): void => {
    const gpus = sn.live.get(job.jobId);
    if (gpus === undefined) return;
    sn.free = give(job, sn.node, sn.free, gpus);
    sn.live.delete(job.jobId);
  };

  /** Busy unit-seconds and grams of CO2 of a job that ran on `sn` from its start to `until`. */
  const account = (sn: SimNode, job: TraceJob, until: number): void => {
    const from = started.get(job.jobId);
    if (from === undefined) return;
    started.delete(job.jobId);
    const units = unitsOn(job, sn.node);
    metrics.busy(units, from, until, sn.node.gpuCount > 0);
    metrics.energy(units * sn.trace.wattsPerUnit, (a, b) => carbon.integral(sn.region, a, b), from, until);
  };

  const handle = (time: number, ev: SimEvent): void => {
    if (ev.kind === "fail") {
      const sn = ev.node;
      sn.node.online = false;
      sn.downSince = time;
      for (const jobId of sn.live.keys()) {
        const job = jobs.get(jobId) as TraceJob;
        if (started.has(jobId)) sn.rep.timeouts++;
        account(sn, job, time);
      }
      queue.push(time + uniform(sn.failRng, options.repairSec[0], options.repairSec[1]), {
        kind: "recover",
        node: sn,
      });
      return;
    }
    if (ev.kind === "recover") {
      const sn = ev.node;
      sn.node.online = true;
      metrics.down(sn.capacity, sn.downSince, time, sn.node.gpuCount > 0);
      const next = time + expSample(sn.failRng, options.mtbfHours * 3600);
      if (next < scenario.end) queue.push(next, { kind: "fail", node: sn });
      return;
    }
    const a = book.get(ev.jobId);
    if (a === undefined || a.attempt !== ev.attempt) return;
    const sn = byId.get(a.nodeId) as SimNode;
    if (!sn.node.online) return;
    const job = jobs.get(ev.jobId) as TraceJob;
    if (ev.kind === "ack") {
      book.ack(job.jobId, a.attempt);
      learner.acknowledgement(sn.node.nodeId, true);
      learnFrom(sn);
      started.set(job.jobId, time);
      const run = Math.max(1, Math.round(job.actualDurationSec * (sn.trace.slowdownFactor ?? 1)));
      queue.push(time + run, { kind: "complete", jobId: job.jobId, attempt: a.attempt });
      return;
    }
    const run = time - (started.get(job.jobId) ?? time);
    book.finish(job.jobId);
    release(sn, job);
    account(sn, job, time);
    const latency = latencyMs(job, sn.node, scenario.network);
    // The buyer's own overrun past the declared duration is not the scheduler's breach; a slow node's is.
    const overrun = Math.max(0, job.actualDurationSec - job.durationSec);
    const ok = time - overrun <= job.deadline && latency <= job.latencyBoundMs;
    if (ok) sn.rep.successes++;
    else sn.rep.slaBreaches++;
    learner.settlement(sn.node.nodeId, job.durationSec, Math.max(1, run));
    learnFrom(sn);
    metrics.served(job, sn.node.pricePerSecond, ok, run);
  };

  /** Each region's report: busy share of its online capacity, carbon now and the forecast made now. */
  const regionReports = (t: number): Map<string, RegionReport> => {
    const busy = new Map<string, number>();
    const total = new Map<string, number>();
    for (const sn of nodes) {
      if (!sn.node.online) continue;
      let used = 0;
      for (const jobId of sn.live.keys()) used += unitsOn(jobs.get(jobId) as TraceJob, sn.node);
      busy.set(sn.region.name, (busy.get(sn.region.name) ?? 0) + used);
      total.set(sn.region.name, (total.get(sn.region.name) ?? 0) + sn.capacity);
    }
    return new Map(
      scenario.regions.map((r) => [
        r.name,
        {
          load: (busy.get(r.name) ?? 0) / Math.max(1, total.get(r.name) ?? 0),
          carbonIntensity: carbon.actual(r, t),
          carbonForecast: carbon.forecast(r, t, options.forecastHours),
        },
      ]),
    );
  };

  let nextArrival = 0;
  const arrivals = scenario.jobs;
  const stopAt = scenario.end + options.drainSec;
  for (let t = scenario.start; t <= stopAt; t += options.windowSec) {
    while (queue.peekTime() <= t) {
      const e = queue.pop();
      if (e !== undefined) handle(e.time, e.value);
    }
    for (; nextArrival < arrivals.length && (arrivals[nextArrival]?.submittedAt ?? 0) <= t; nextArrival++) {
      const job = arrivals[nextArrival] as TraceJob;
      pending.set(job.jobId, job);
    }
    if (t > scenario.end && pending.size === 0 && book.liveCount() === 0) break;

    for (const sn of nodes) sn.node.carbonIntensity = carbon.actual(sn.region, t);
    const timeoutOf = (a: Assignment): number =>
      ackTimeoutFor(jobs.get(a.jobId) as TraceJob, a.assignedAt, options.ackTimeoutSec);
    for (const { assignment, reason } of book.sweep(nodeMap, t, timeoutOf)) {
      const sn = byId.get(assignment.nodeId) as SimNode;
      const job = jobs.get(assignment.jobId) as TraceJob;
      if (reason === "ack-timeout") {
        sn.rep.timeouts++;
        learner.acknowledgement(sn.node.nodeId, false);
        learnFrom(sn);
      }
      release(sn, job);
      pending.set(job.jobId, job);
      metrics.replaced(reason);
    }
    for (const job of [...pending.values()]) {
      if (t >= job.deadline) {
        pending.delete(job.jobId);
        metrics.dropped(job);
      }
    }
    if (pending.size === 0) continue;

    const views: NodeView[] = nodes.map((sn) => viewOf({ ...sn.node }, sn.free));
    const reports = regionReports(t);
    // CPU time of the policy (the host may be shared; wall time would measure the other processes too).
    const began = process.cpuUsage();
    const placements = policy.place({
      now: t,
      jobs: [...pending.values()],
      nodes: views,
      network: scenario.network,
      weights: options.weights,
      startDelaySec: options.startDelaySec,
      excluded: book.excluded(),
      regions: reports,
    });
    const used = process.cpuUsage(began);
    metrics.window((used.user + used.system) / 1000);

    for (const p of placements) {
      const job = pending.get(p.jobId);
      const sn = byId.get(p.nodeId);
      if (job === undefined || sn === undefined)
        throw new Error(`${policy.name}: placed unknown or non-pending job`);
      const gpus = gpusFor(job, sn.node, sn.free);
      if (gpus === null || !marketFits(job, viewOf(sn.node, sn.free), book.excluded().get(job.jobId))) {
        throw new Error(`${policy.name}: placement ${job.jobId} → ${sn.node.nodeId} breaks a market rule`);
      }
      const attempt = book.issue(job.jobId, sn.node.nodeId, t);
      sn.free = take(job, sn.node, sn.free);
      sn.live.set(job.jobId, gpus);
      pending.delete(job.jobId);
      const missRate = t >= (sn.trace.ackMissFrom ?? Number.NEGATIVE_INFINITY) ? sn.trace.ackMissRate : 0;
      if (ackRng() >= missRate) {
        queue.push(t + uniform(ackRng, options.ackDelaySec[0], options.ackDelaySec[1]), {
          kind: "ack",
          jobId: job.jobId,
          attempt,
        });
      }
    }
  }
  for (const job of pending.values()) metrics.dropped(job);
  for (const sn of nodes) {
    if (!sn.node.online) metrics.down(sn.capacity, sn.downSince, stopAt, sn.node.gpuCount > 0);
  }
  const pool = (gpu: boolean): number =>
    nodes.reduce((s, n) => s + (n.node.gpuCount > 0 === gpu ? n.capacity : 0), 0);
  return metrics.result({ cpu: pool(false), gpu: pool(true) });
}
