import { REFERENCE_NETWORK } from "../core/reference.js";
import { mulberry32, normal, randInt, uniform, type Rng } from "../core/rng.js";
import { Tier, type Job, type Network, type Node } from "../core/types.js";
import {
  HARDWARE,
  MICRO_PER_USD,
  PUE,
  REGIONS,
  TRACE_EPOCH,
  type HardwareKind,
  type RegionProfile,
} from "./params.js";

/**
 * A node in a trace: the index entry plus its hidden behaviour, which the scheduler only learns from outcomes:
 * how often it misses acknowledgements (from `ackMissFrom` on, default always) and how slowly it runs.
 */
export interface TraceNode extends Node {
  /** Probability that the node never acknowledges a directive. */
  readonly ackMissRate: number;
  /** Unix seconds from which `ackMissRate` applies (a node that starts failing); absent: from the start. */
  readonly ackMissFrom?: number;
  /** Actual run time over the job's own actual duration on this node (1 = normal; a slow node > 1). */
  readonly slowdownFactor?: number;
}

/** A job in a trace: `durationSec` is the buyer's declared estimate; the run takes `actualDurationSec`. */
export interface TraceJob extends Job {
  /** What the job really runs on a normal node, seconds (heavy-tailed around the estimate). */
  readonly actualDurationSec: number;
}

/** Everything a simulation run needs: regions with their grids, the network, nodes and jobs. */
export interface Scenario {
  readonly regions: readonly RegionProfile[];
  readonly network: Network;
  readonly nodes: readonly TraceNode[];
  /** Sorted by submittedAt. */
  readonly jobs: readonly TraceJob[];
  /** Unix seconds: first and last arrival window. */
  readonly start: number;
  readonly end: number;
}

/** Carbon intensity of a region at a time: solar cycle between the night and day values. */
export function carbonAt(region: RegionProfile, t: number): number {
  const hour = (((t / 3600 + region.utcOffsetHours) % 24) + 24) % 24;
  const sun = Math.max(0, Math.sin((Math.PI * (hour - 6)) / 12));
  return region.carbonNight - (region.carbonNight - region.carbonDay) * sun;
}

/** List price of a hardware kind in a region, micro-units per unit-second, before the node's own spread. */
export function listUnitPrice(kind: HardwareKind, region: RegionProfile): number {
  const usdPerHour =
    kind.usdPerUnitHour * region.siteMarkup + (kind.wattsPerUnit / 1000) * PUE * region.electricityUsdPerKwh;
  return (usdPerHour * MICRO_PER_USD) / 3600;
}

export interface GeneratorParams {
  readonly seed: number;
  readonly nodes: number;
  readonly hours: number;
  /** Average offered load as a share of the capacity of the hardware the job type runs on. */
  readonly load: number;
  /** Share of nodes that miss half their acknowledgements (with no such history: it must be learned). */
  readonly flakyShare: number;
  /** Share of nodes that run every job `SLOW_FACTOR` times longer (also not in their history). */
  readonly slowShare: number;
}

export const DEFAULT_GENERATOR: GeneratorParams = {
  seed: 42,
  nodes: 600,
  hours: 24,
  load: 0.9,
  flakyShare: 0.03,
  slowShare: 0.05,
};

/** Run-time factor of a slow node. */
export const SLOW_FACTOR = 1.6;

interface JobType {
  readonly name: string;
  readonly tier: Tier;
  /** Hardware pool whose capacity sizes the arrival rate. */
  readonly pool: readonly string[];
  /** Share of that pool's load. */
  readonly poolShare: number;
  /** Amplitude of the diurnal cycle of arrivals (peak at 14:00 local time of the buyer). */
  readonly diurnal: number;
  readonly draw: (rng: Rng) => {
    gpuModel: string;
    resources: number;
    /** Share of one GPU, for a job that needs less than a whole one. */
    gpuFraction?: number;
    /** Host cores (GPU jobs) and memory, MB. */
    cpuCores: number;
    memoryMb: number;
    durationSec: number;
    latencyBoundMs: number;
    slackSec: number;
    /** Max unit price relative to the most expensive list price of the reference hardware. */
    priceFactor: number;
    priceRef: string;
  };
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const logUniform = (rng: Rng, lo: number, hi: number): number =>
  Math.exp(uniform(rng, Math.log(lo), Math.log(hi)));
/** Pareto (shape `alpha`, minimum `lo`) capped at `hi`: most draws near `lo`, a few very long. */
const pareto = (rng: Rng, alpha: number, lo: number, hi: number): number =>
  Math.min(hi, lo / (1 - rng()) ** (1 / alpha));
const GB = 1024;

/** An inference GPU request: a quarter or half of a GPU (fractional), or one or two whole GPUs. */
function inferenceGpus(rng: Rng, whole: readonly number[]): { resources: number; gpuFraction?: number } {
  const x = rng();
  if (x < 0.3) return { resources: 1, gpuFraction: 0.25 };
  if (x < 0.6) return { resources: 1, gpuFraction: 0.5 };
  return { resources: pick(rng, whole) };
}

/** Host cores and memory of a GPU job: per GPU (or share of one) 2–8 cores and 8–48 GB. */
function hostOf(rng: Rng, gpus: number): { cpuCores: number; memoryMb: number } {
  return {
    cpuCores: Math.max(1, Math.round(gpus * randInt(rng, 2, 8))),
    memoryMb: Math.round(gpus * randInt(rng, 8, 48)) * GB,
  };
}

/**
 * Actual run time around a declared estimate: buyers over-declare a little (median 0.9×), and one run in twenty
 * overruns with a Pareto tail (1.2×–5×) — the shape of estimate errors in public cluster traces.
 */
export function actualAround(rng: Rng, declaredSec: number): number {
  const body = Math.exp(-0.1 + 0.25 * normal(rng));
  const tail = rng() < 0.05 ? pareto(rng, 1.5, 1.2, 5) : 1;
  return Math.max(1, Math.round(declaredSec * Math.min(5, body * tail)));
}

/**
 * The job mix: real-time inference, short fractional-GPU inference bursts (seconds to minutes), interactive
 * CPU/GPU sessions, batch training (heavy-tailed: hours to a day and a half) and batch CPU work.
 */
const JOB_TYPES: readonly JobType[] = [
  {
    name: "rt-inference",
    tier: Tier.RealTime,
    pool: ["t4", "a10"],
    poolShare: 0.55,
    diurnal: 0.4,
    draw: (rng) => {
      const g = inferenceGpus(rng, [1, 2]);
      return {
        gpuModel: "any",
        ...g,
        ...hostOf(rng, g.gpuFraction ?? g.resources),
        durationSec: Math.round(uniform(rng, 1800, 7200)),
        latencyBoundMs: randInt(rng, 20, 40),
        slackSec: 90,
        priceFactor: uniform(rng, 1.0, 1.5),
        priceRef: "a10",
      };
    },
  },
  {
    name: "inference-burst",
    tier: Tier.Interactive,
    pool: ["t4", "a10"],
    poolShare: 0.05,
    diurnal: 0.4,
    draw: (rng) => {
      const g = inferenceGpus(rng, [1]);
      return {
        gpuModel: "any",
        ...g,
        ...hostOf(rng, g.gpuFraction ?? g.resources),
        durationSec: Math.round(logUniform(rng, 20, 1200)),
        latencyBoundMs: randInt(rng, 60, 150),
        slackSec: randInt(rng, 120, 300),
        priceFactor: uniform(rng, 0.95, 1.5),
        priceRef: "a10",
      };
    },
  },
  {
    name: "interactive-gpu",
    tier: Tier.Interactive,
    pool: ["t4", "a10"],
    poolShare: 0.2,
    diurnal: 0.4,
    draw: (rng) => {
      const g = inferenceGpus(rng, [1]);
      return {
        gpuModel: "any",
        ...g,
        ...hostOf(rng, g.gpuFraction ?? g.resources),
        durationSec: Math.round(uniform(rng, 1800, 7200)),
        latencyBoundMs: randInt(rng, 60, 150),
        slackSec: randInt(rng, 300, 900),
        priceFactor: uniform(rng, 0.95, 1.5),
        priceRef: "a10",
      };
    },
  },
  {
    name: "interactive-cpu",
    tier: Tier.Interactive,
    pool: [""],
    poolShare: 0.35,
    diurnal: 0.4,
    draw: (rng) => {
      const cores = pick(rng, [2, 4, 8, 16]);
      return {
        gpuModel: "",
        resources: cores,
        cpuCores: 0,
        memoryMb: cores * randInt(rng, 1, 6) * GB,
        durationSec: Math.round(uniform(rng, 900, 7200)),
        latencyBoundMs: randInt(rng, 60, 150),
        slackSec: randInt(rng, 300, 900),
        priceFactor: uniform(rng, 0.95, 1.5),
        priceRef: "",
      };
    },
  },
  {
    name: "batch-cpu",
    tier: Tier.Batch,
    pool: [""],
    poolShare: 0.65,
    diurnal: 0.3,
    draw: (rng) => {
      const cores = pick(rng, [8, 16, 32]);
      return {
        gpuModel: "",
        resources: cores,
        cpuCores: 0,
        memoryMb: cores * randInt(rng, 1, 4) * GB,
        durationSec: Math.round(logUniform(rng, 1800, 4 * 3600)),
        latencyBoundMs: 5000,
        slackSec: Math.round(uniform(rng, 2, 12) * 3600),
        priceFactor: uniform(rng, 0.85, 1.4),
        priceRef: "",
      };
    },
  },
  ...(["a100", "h100"] as const).map((model): JobType => ({
    name: `batch-training-${model}`,
    tier: Tier.Batch,
    pool: [model],
    poolShare: 0.8,
    diurnal: 0.3,
    draw: (rng) => {
      const gpus = pick(rng, [1, 2, 4, 8]);
      const durationSec = Math.round(pareto(rng, 1.3, 3600, 36 * 3600));
      return {
        gpuModel: model,
        resources: gpus,
        ...hostOf(rng, gpus),
        durationSec,
        latencyBoundMs: 5000,
        slackSec: Math.round(uniform(rng, 0.5, 1.5) * durationSec + uniform(rng, 3, 8) * 3600),
        priceFactor: uniform(rng, 0.85, 1.4),
        priceRef: model,
      };
    },
  })),
];

function drawIndex(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let x = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/** Nodes: region by node share, hardware by the region's kind shares, ±8 % price spread, a few flaky operators. */
export function generateNodes(p: GeneratorParams, rng: Rng, regions: readonly RegionProfile[]): TraceNode[] {
  const nodes: TraceNode[] = [];
  for (let i = 0; i < p.nodes; i++) {
    const r = drawIndex(
      rng,
      regions.map((x) => x.nodeShare),
    );
    const region = regions[r] as RegionProfile;
    const kind = HARDWARE[
      drawIndex(
        rng,
        HARDWARE.map((h) => region.kindShares[h.gpuModel] ?? 0),
      )
    ] as HardwareKind;
    const flaky = rng() < p.flakyShare;
    const slow = rng() < p.slowShare;
    const settled = randInt(rng, 20, 200);
    const timeouts = randInt(rng, 0, 2);
    const breaches = randInt(rng, 0, Math.ceil(settled * 0.05));
    nodes.push({
      nodeId: ((BigInt(r + 1) << 64n) | BigInt(i)).toString(),
      region: region.name,
      operator: `op-${i % 97}`,
      cpuCores: kind.cpuCores,
      memoryMb: kind.memoryMb,
      gpuModel: kind.gpuModel,
      gpuCount: kind.gpuModel === "" ? 0 : kind.unitsPerNode,
      latencyClass: drawIndex(rng, [0.3, 0.4, 0.2, 0.1]),
      energySource: region.energySource,
      carbonIntensity: carbonAt(region, TRACE_EPOCH),
      pricePerSecond: listUnitPrice(kind, region) * uniform(rng, 0.92, 1.08),
      status: "active",
      online: true,
      reputation: { successes: Math.max(0, settled - timeouts - breaches), slaBreaches: breaches, timeouts },
      stake: 1000,
      wattsPerUnit: kind.wattsPerUnit,
      ackMissRate: flaky ? 0.5 : 0,
      ...(slow ? { slowdownFactor: SLOW_FACTOR } : {}),
    });
  }
  return nodes;
}

/**
 * Seeded scenario: nodes as above; jobs of every type arrive as a non-homogeneous Poisson process per buyer
 * region (diurnal, by thinning), at a rate that offers `load` × the capacity of the type's hardware pool.
 */
export function generateScenario(p: GeneratorParams = DEFAULT_GENERATOR): Scenario {
  const rng = mulberry32(p.seed);
  const regions = REGIONS;
  const nodes = generateNodes(p, rng, regions);
  const poolUnits = (pool: readonly string[]): number =>
    nodes.filter((n) => pool.includes(n.gpuModel)).reduce((s, n) => s + (n.gpuCount || n.cpuCores), 0);
  const maxListPrice = (gpuModel: string): number =>
    Math.max(
      ...regions.map((r) => listUnitPrice(HARDWARE.find((h) => h.gpuModel === gpuModel) as HardwareKind, r)),
    );

  const start = TRACE_EPOCH;
  const end = start + p.hours * 3600;
  const jobs: TraceJob[] = [];
  let seq = 0;
  for (const type of JOB_TYPES) {
    // Mean unit-seconds of one job of this type, estimated from 2,000 draws of a side stream.
    const probe = mulberry32(p.seed ^ 0x5eed);
    let mean = 0;
    for (let k = 0; k < 2000; k++) {
      const d = type.draw(probe);
      mean += ((d.gpuFraction ?? d.resources) * d.durationSec) / 2000;
    }
    const ratePerSec = (p.load * type.poolShare * poolUnits(type.pool)) / mean;
    for (const region of regions) {
      const peak = ratePerSec * region.buyerShare * (1 + type.diurnal);
      if (peak <= 0) continue;
      for (let t = start - Math.log(1 - rng()) / peak; t < end; t -= Math.log(1 - rng()) / peak) {
        const hour = (t / 3600 + region.utcOffsetHours) % 24;
        const rate =
          ratePerSec * region.buyerShare * (1 + type.diurnal * Math.sin((2 * Math.PI * (hour - 8)) / 24));
        if (rng() * peak > rate) continue;
        const d = type.draw(rng);
        const submittedAt = Math.floor(t);
        jobs.push({
          jobId: `${type.name}-${seq++}`,
          resources: d.resources,
          ...(d.gpuFraction === undefined ? {} : { gpuFraction: d.gpuFraction }),
          ...(d.cpuCores > 0 ? { cpuCores: d.cpuCores } : {}),
          memoryMb: d.memoryMb,
          durationSec: d.durationSec,
          actualDurationSec: actualAround(rng, d.durationSec),
          tier: type.tier,
          latencyBoundMs: d.latencyBoundMs,
          deadline: submittedAt + d.durationSec + d.slackSec,
          maxUnitPrice: maxListPrice(d.priceRef) * 1.08 * d.priceFactor,
          buyerRegion: region.name,
          gpuModel: d.gpuModel,
          submittedAt,
        });
      }
    }
  }
  jobs.sort((a, b) => a.submittedAt - b.submittedAt || (a.jobId < b.jobId ? -1 : 1));
  return { regions, network: REFERENCE_NETWORK, nodes, jobs, start, end };
}
