import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CarbonGreedyPolicy,
  CheapestFeasiblePolicy,
  GreedyCheapestPolicy,
  LatencyGreedyPolicy,
  LeastAllocatedPolicy,
  RandomPolicy,
  RoundRobinPolicy,
} from "../../services/scheduler/core/baselines.js";
import { DEFAULT_OPTIMISER_OPTIONS, OptimisingPolicy } from "../../services/scheduler/core/optimiser.js";
import { Tier, type Job, type NodeView, type Placement } from "../../services/scheduler/core/types.js";
import { input, job, NET, node, NOW } from "./helpers.js";

const GB = 1024;
const SHARES = [0, 0.25, 0.5, 0.75, 1] as const;

/** Nodes with partly used GPUs (free share per GPU), host cores and memory. */
const nodeArb = fc.record({
  region: fc.constantFrom("east", "west"),
  gpu: fc.constantFrom("", "a100", "t4"),
  gpuFree: fc.array(fc.constantFrom(...SHARES), { minLength: 1, maxLength: 8 }),
  cores: fc.integer({ min: 0, max: 64 }),
  memGb: fc.integer({ min: 0, max: 256 }),
  price: fc.integer({ min: 1, max: 30 }),
  carbon: fc.integer({ min: 20, max: 800 }),
  latencyClass: fc.integer({ min: 0, max: 3 }),
  missRate: fc.constantFrom(0, 0, 0.02, 0.5),
});

/** Jobs asking for whole GPUs or a share of one, host cores and memory, with every tier and SLA. */
const jobArb = fc.record({
  tier: fc.constantFrom(Tier.RealTime, Tier.Interactive, Tier.Batch),
  gpu: fc.constantFrom("", "any", "a100"),
  resources: fc.integer({ min: 1, max: 4 }),
  fraction: fc.constantFrom(undefined, undefined, 0.25, 0.5),
  cores: fc.integer({ min: 0, max: 16 }),
  memGb: fc.integer({ min: 0, max: 64 }),
  bound: fc.constantFrom(10, 15, 30, 60, 5000),
  duration: fc.constantFrom(20, 300, 3600, 20_000, 200_000),
  slack: fc.integer({ min: -100, max: 30_000 }),
  maxPrice: fc.integer({ min: 1, max: 30 }),
  region: fc.constantFrom("east", "west"),
});

const marketArb = fc.record({
  nodes: fc.array(nodeArb, { maxLength: 10 }),
  jobs: fc.array(jobArb, { maxLength: 16 }),
});
type Market = typeof marketArb extends fc.Arbitrary<infer T> ? T : never;

function build(m: Market): { jobs: Job[]; nodes: NodeView[] } {
  const nodes = m.nodes.map((n, i): NodeView => {
    const gpuCount = n.gpu === "" ? 0 : n.gpuFree.length;
    const spec = node({
      nodeId: `n${i}`,
      region: n.region,
      gpuModel: n.gpu,
      gpuCount,
      cpuCores: 64,
      memoryMb: 256 * GB,
      pricePerSecond: n.price,
      carbonIntensity: n.carbon,
      latencyClass: n.latencyClass,
      learned: { ackMissRate: n.missRate, slowdown: 1, observations: 10 },
    });
    return gpuCount === 0
      ? { node: spec, freeUnits: n.cores, freeMemoryMb: n.memGb * GB }
      : {
          node: spec,
          freeUnits: n.gpuFree.filter((g) => g === 1).length,
          gpuFree: n.gpuFree,
          freeCpuCores: n.cores,
          freeMemoryMb: n.memGb * GB,
        };
  });
  const jobs = m.jobs.map((j, i) =>
    job({
      jobId: `j${i}`,
      tier: j.tier,
      gpuModel: j.gpu,
      resources: j.fraction !== undefined && j.gpu !== "" ? 1 : j.resources,
      ...(j.fraction !== undefined && j.gpu !== "" ? { gpuFraction: j.fraction } : {}),
      cpuCores: j.cores,
      memoryMb: j.memGb * GB,
      latencyBoundMs: j.bound,
      durationSec: j.duration,
      deadline: NOW + 15 + j.duration + j.slack,
      maxUnitPrice: j.maxPrice,
      buyerRegion: j.region,
      submittedAt: NOW - i,
    }),
  );
  return { jobs, nodes };
}

/** Whether fractional GPU shares can be packed into the free shares, no share split across GPUs (backtracking). */
function packs(shares: number[], free: number[]): boolean {
  const [first, ...rest] = [...shares].sort((a, b) => b - a);
  if (first === undefined) return true;
  return free.some((f, i) => {
    if (f + 1e-9 < first) return false;
    const left = [...free];
    left[i] = f - first;
    return packs(rest, left);
  });
}

/**
 * Independent check of every resource dimension: per node, the placed jobs' cores and memory fit the free
 * amounts, whole-GPU jobs fit into idle GPUs and the fractional ones pack into what is left, one GPU each.
 */
function checkResources(placements: readonly Placement[], jobs: Job[], nodes: NodeView[]): void {
  const byNode = new Map<string, Job[]>();
  const jobById = new Map(jobs.map((j) => [j.jobId, j]));
  for (const p of placements) {
    const j = jobById.get(p.jobId);
    if (j === undefined) throw new Error(`unknown job ${p.jobId}`);
    byNode.set(p.nodeId, [...(byNode.get(p.nodeId) ?? []), j]);
  }
  for (const [nodeId, placed] of byNode) {
    const v = nodes.find((n) => n.node.nodeId === nodeId);
    if (v === undefined) throw new Error(`unknown node ${nodeId}`);
    const mem = placed.reduce((s, j) => s + (j.memoryMb ?? 0), 0);
    expect(mem, `memory on ${nodeId}`).toBeLessThanOrEqual(v.freeMemoryMb ?? Infinity);
    if (v.node.gpuCount === 0) {
      expect(
        placed.reduce((s, j) => s + j.resources, 0),
        `cores on ${nodeId}`,
      ).toBeLessThanOrEqual(v.freeUnits);
      continue;
    }
    expect(placed.reduce((s, j) => s + (j.cpuCores ?? 0), 0)).toBeLessThanOrEqual(v.freeCpuCores ?? Infinity);
    const free = [...(v.gpuFree ?? [])];
    const whole = placed.filter((j) => j.gpuFraction === undefined).reduce((s, j) => s + j.resources, 0);
    const idle = free.filter((g) => g === 1).length;
    expect(whole, `whole GPUs on ${nodeId}`).toBeLessThanOrEqual(idle);
    // Whole-GPU jobs take idle GPUs (all alike); the fractional jobs must pack into the rest.
    let toTake = whole;
    const rest = free.filter((g) => (g === 1 && toTake-- > 0 ? false : true));
    const fractions = placed.flatMap((j) => (j.gpuFraction === undefined ? [] : [j.gpuFraction]));
    expect(packs(fractions, rest), `GPU shares on ${nodeId} split across GPUs`).toBe(true);
  }
}

const allPolicies = () => [
  new OptimisingPolicy(),
  new CheapestFeasiblePolicy(),
  new CarbonGreedyPolicy(),
  new GreedyCheapestPolicy(),
  new LatencyGreedyPolicy(),
  new LeastAllocatedPolicy(),
  new RoundRobinPolicy(),
  new RandomPolicy(3),
];

describe("multi-dimensional placements", () => {
  it("no policy exceeds any resource dimension of a node or splits a job across GPUs", () => {
    fc.assert(
      fc.property(marketArb, (m) => {
        const { jobs, nodes } = build(m);
        for (const p of allPolicies()) checkResources(p.place(input(jobs, nodes)), jobs, nodes);
      }),
      { numRuns: 150 },
    );
  });

  it("packs fractional jobs onto one GPU and keeps a whole-GPU job off shared GPUs", () => {
    const gpuNode = node({ nodeId: "g", gpuModel: "t4", gpuCount: 2, cpuCores: 16 });
    const half = { node: gpuNode, freeUnits: 1, gpuFree: [0.5, 1], freeCpuCores: 16, freeMemoryMb: 64 * GB };
    const quarter = (id: string) => job({ jobId: id, gpuModel: "any", resources: 1, gpuFraction: 0.25 });
    const two = job({ jobId: "two", gpuModel: "any", resources: 2 });
    for (const p of allPolicies()) {
      // Two GPUs but only one idle: a 2-GPU job does not fit, however much share is free in total.
      expect(p.place(input([two], [half]))).toEqual([]);
    }
    const placed = new OptimisingPolicy().place(input([quarter("a"), quarter("b"), quarter("c")], [half]));
    expect(placed).toHaveLength(3);
  });
});

describe("SLA", () => {
  it("the optimiser and the SLA-filtered baselines never place a job where its latency bound or deadline fails", () => {
    fc.assert(
      fc.property(marketArb, (m) => {
        const { jobs, nodes } = build(m);
        for (const p of [new OptimisingPolicy(), new CheapestFeasiblePolicy(), new CarbonGreedyPolicy()]) {
          for (const pl of p.place(input(jobs, nodes))) {
            const j = jobs.find((x) => x.jobId === pl.jobId) as Job;
            const n = (nodes.find((x) => x.node.nodeId === pl.nodeId) as NodeView).node;
            // Independent arithmetic: round trip + access latency, and start + delay + duration.
            const latency =
              (NET.rttMs[j.buyerRegion]?.[n.region] ?? Infinity) + (NET.accessMs[n.latencyClass] ?? 0);
            expect(latency, `${p.name} ${j.jobId}`).toBeLessThanOrEqual(j.latencyBoundMs);
            expect(NOW + 15 + j.durationSec).toBeLessThanOrEqual(j.deadline);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe("window objective", () => {
  it("the optimiser's objective is never worse than an SLA-feasible baseline's on the same window", () => {
    fc.assert(
      fc.property(marketArb, (m) => {
        const { jobs, nodes } = build(m);
        const w = input(jobs, nodes);
        const opt = new OptimisingPolicy();
        const ours = opt.objective(w, opt.place(w));
        for (const b of [new CheapestFeasiblePolicy(), new CarbonGreedyPolicy()]) {
          expect(ours, b.name).toBeLessThanOrEqual(opt.objective(w, b.place(w)) + 1e-9);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("resolves costs of jobs from seconds to days in one window: a short job still avoids a flaky node", () => {
    const solid = node({ nodeId: "solid", region: "west", pricePerSecond: 11 });
    const flaky = node({
      nodeId: "flaky",
      pricePerSecond: 10,
      learned: { ackMissRate: 0.5, slowdown: 1, observations: 8 },
    });
    const short = job({
      jobId: "short",
      tier: Tier.Interactive,
      durationSec: 30,
      resources: 1,
      deadline: NOW + 600,
    });
    // A day-long training job on other hardware shares the window, so costs span seconds to days.
    const gpu = node({ nodeId: "gpu", gpuModel: "a100", gpuCount: 8, pricePerSecond: 20 });
    const long = job({
      jobId: "long",
      gpuModel: "a100",
      durationSec: 3 * 86_400,
      resources: 8,
      deadline: NOW + 3 * 86_400 + 1000,
      maxUnitPrice: 50,
    });
    const nodes = [
      { node: solid, freeUnits: 1 },
      { node: flaky, freeUnits: 1 },
      { node: gpu, freeUnits: 8 },
    ];
    // The flow alone (no portfolio), at the resolution it uses for this mix.
    const flowOnly = new OptimisingPolicy({ ...DEFAULT_OPTIMISER_OPTIONS, portfolioPairs: 0 });
    const placed = flowOnly.place(input([short, long], nodes));
    expect(placed).toContainEqual({ jobId: "short", nodeId: "solid" });
    expect(placed).toContainEqual({ jobId: "long", nodeId: "gpu" });
  });
});
