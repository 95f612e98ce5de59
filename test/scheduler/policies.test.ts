import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GreedyCheapestPolicy,
  LatencyGreedyPolicy,
  LeastAllocatedPolicy,
  RandomPolicy,
  RoundRobinPolicy,
} from "../../services/scheduler/core/baselines.js";
import { feasible, hardwareFits, slaFits } from "../../services/scheduler/core/feasibility.js";
import { DEFAULT_OPTIMISER_OPTIONS, OptimisingPolicy } from "../../services/scheduler/core/optimiser.js";
import {
  Tier,
  type Job,
  type NodeView,
  type Placement,
  type PlacementPolicy,
} from "../../services/scheduler/core/types.js";
import { input, job, NET, node, NOW, view } from "./helpers.js";

const policies = (): PlacementPolicy[] => [
  new OptimisingPolicy(),
  new GreedyCheapestPolicy(),
  new LatencyGreedyPolicy(),
  new LeastAllocatedPolicy(),
  new RoundRobinPolicy(),
  new RandomPolicy(1),
];

const nodeArb = fc
  .record({
    region: fc.constantFrom("east", "west"),
    gpu: fc.constantFrom("", "a100", "t4"),
    cap: fc.integer({ min: 1, max: 16 }),
    used: fc.integer({ min: 0, max: 16 }),
    price: fc.integer({ min: 1, max: 30 }),
    carbon: fc.integer({ min: 20, max: 800 }),
    latencyClass: fc.integer({ min: 0, max: 3 }),
    status: fc.constantFrom("active", "active", "active", "paused", "retired"),
    online: fc.boolean(),
    timeouts: fc.integer({ min: 0, max: 20 }),
  })
  .map((r) => ({ ...r, used: Math.min(r.used, r.cap) }));

const jobArb = fc.record({
  tier: fc.constantFrom(Tier.RealTime, Tier.Interactive, Tier.Batch),
  resources: fc.integer({ min: 1, max: 8 }),
  gpu: fc.constantFrom("", "any", "a100"),
  bound: fc.constantFrom(15, 30, 60, 5000),
  duration: fc.integer({ min: 60, max: 20_000 }),
  slack: fc.integer({ min: -100, max: 30_000 }),
  maxPrice: fc.integer({ min: 1, max: 30 }),
  region: fc.constantFrom("east", "west"),
});

const marketArb = fc.record({
  nodes: fc.array(nodeArb, { maxLength: 14 }),
  jobs: fc.array(jobArb, { maxLength: 20 }),
});

type Market = typeof marketArb extends fc.Arbitrary<infer T> ? T : never;

function build(m: Market): { jobs: Job[]; nodes: NodeView[] } {
  const nodes = m.nodes.map((n, i) =>
    view(
      node({
        nodeId: `n${i}`,
        region: n.region,
        gpuModel: n.gpu,
        gpuCount: n.gpu === "" ? 0 : n.cap,
        cpuCores: n.gpu === "" ? n.cap : 32,
        pricePerSecond: n.price,
        carbonIntensity: n.carbon,
        latencyClass: n.latencyClass,
        status: n.status as "active" | "paused" | "retired",
        online: n.online,
        reputation: { successes: 20, slaBreaches: 0, timeouts: n.timeouts },
      }),
      n.cap - n.used,
    ),
  );
  const jobs = m.jobs.map((j, i) =>
    job({
      jobId: `j${i}`,
      tier: j.tier,
      resources: j.resources,
      gpuModel: j.gpu,
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

function checkMarketRules(placements: Placement[], jobs: Job[], nodes: NodeView[]): void {
  const jobById = new Map(jobs.map((j) => [j.jobId, j]));
  const used = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of placements) {
    expect(seen.has(p.jobId), `job ${p.jobId} placed twice`).toBe(false);
    seen.add(p.jobId);
    const j = jobById.get(p.jobId);
    const v = nodes.find((n) => n.node.nodeId === p.nodeId);
    expect(j).toBeDefined();
    expect(v).toBeDefined();
    if (j === undefined || v === undefined) return;
    expect(v.node.pricePerSecond).toBeLessThanOrEqual(j.maxUnitPrice);
    expect(hardwareFits(j, v.node)).toBe(true);
    expect(v.node.status === "active" && v.node.online).toBe(true);
    used.set(p.nodeId, (used.get(p.nodeId) ?? 0) + j.resources);
  }
  for (const v of nodes) expect(used.get(v.node.nodeId) ?? 0).toBeLessThanOrEqual(v.freeUnits);
}

describe("every policy", () => {
  it("never assigns beyond capacity, over max price, to wrong hardware or an inactive node, or twice", () => {
    fc.assert(
      fc.property(marketArb, (m) => {
        const { jobs, nodes } = build(m);
        for (const p of policies()) checkMarketRules(p.place(input(jobs, nodes)), jobs, nodes);
      }),
      { numRuns: 150 },
    );
  });

  it("is deterministic: same input (and seed) gives the same placements", () => {
    fc.assert(
      fc.property(marketArb, (m) => {
        const { jobs, nodes } = build(m);
        const a = policies().map((p) => p.place(input(jobs, nodes)));
        const b = policies().map((p) => p.place(input([...jobs].reverse(), [...nodes].reverse())));
        expect(b).toEqual(a);
      }),
      { numRuns: 60 },
    );
  });

  it("handles an empty market, no jobs and a saturated market", () => {
    const jobs = [job({ jobId: "a" }), job({ jobId: "b", tier: Tier.RealTime, latencyBoundMs: 30 })];
    const full = [view(node({ nodeId: "x" }), 0), view(node({ nodeId: "y" }), 1)];
    for (const p of policies()) {
      expect(p.place(input(jobs, []))).toEqual([]);
      expect(p.place(input([], [view(node())]))).toEqual([]);
      expect(p.place(input(jobs, full))).toEqual([]);
    }
  });

  it("respects nodes excluded for a job (re-placement after a missed acknowledgement)", () => {
    const nodes = [view(node({ nodeId: "a" })), view(node({ nodeId: "b", pricePerSecond: 20 }))];
    const excluded = new Map([["j1", new Set(["a"])]]);
    for (const p of policies()) {
      expect(p.place(input([job({ maxUnitPrice: 50 })], nodes, { excluded }))).toEqual([
        { jobId: "j1", nodeId: "b" },
      ]);
    }
  });
});

describe("optimising policy", () => {
  it("only makes SLA-feasible placements", () => {
    fc.assert(
      fc.property(marketArb, (m) => {
        const { jobs, nodes } = build(m);
        for (const p of new OptimisingPolicy().place(input(jobs, nodes))) {
          const j = jobs.find((x) => x.jobId === p.jobId) as Job;
          const v = nodes.find((n) => n.node.nodeId === p.nodeId) as NodeView;
          expect(slaFits(j, v.node, NET, NOW, 15)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("places a real-time or interactive job feasibly whenever a feasible node exists", () => {
    fc.assert(
      fc.property(marketArb, jobArb, (m, j0) => {
        const { nodes } = build(m);
        const [j] = build({
          nodes: [],
          jobs: [{ ...j0, tier: j0.tier === Tier.Batch ? Tier.RealTime : j0.tier }],
        }).jobs;
        if (j === undefined) return;
        const anyFeasible = nodes.some((v) => feasible(j, v, NET, NOW, 15));
        const placed = new OptimisingPolicy().place(input([j], nodes));
        expect(placed.length).toBe(anyFeasible ? 1 : 0);
        const v = nodes.find((n) => n.node.nodeId === placed[0]?.nodeId);
        if (v !== undefined) expect(feasible(j, v, NET, NOW, 15)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps real-time work near its users and sends batch work to the clean, cheap region", () => {
    const east = node({ nodeId: "east", region: "east", carbonIntensity: 650, pricePerSecond: 12 });
    const west = node({ nodeId: "west", region: "west", carbonIntensity: 80, pricePerSecond: 9 });
    const rt = job({ jobId: "rt", tier: Tier.RealTime, latencyBoundMs: 30, deadline: NOW + 700 });
    const batch = job({ jobId: "batch", deadline: NOW + 36_000 });
    const placed = new OptimisingPolicy().place(input([rt, batch], [view(east), view(west)]));
    expect(new Map(placed.map((p) => [p.jobId, p.nodeId]))).toEqual(
      new Map([
        ["rt", "east"],
        ["batch", "west"],
      ]),
    );
  });

  it("lets an energy-heavy batch job with slack wait for a clean node, but places it when the deadline nears", () => {
    // 500 W per unit (an A100 with its host share): worth waiting for.
    const east = node({ nodeId: "east", carbonIntensity: 650, pricePerSecond: 12, wattsPerUnit: 500 });
    const westBusy = node({
      nodeId: "west",
      region: "west",
      carbonIntensity: 80,
      pricePerSecond: 9,
      wattsPerUnit: 500,
    });
    const nodes = [view(east), view(westBusy, 0)];
    const relaxed = job({ durationSec: 3600, deadline: NOW + 3600 + 10 * 3600 });
    expect(new OptimisingPolicy().place(input([relaxed], nodes))).toEqual([]);
    const urgent = job({ durationSec: 3600, deadline: NOW + 3600 + 600 });
    expect(new OptimisingPolicy().place(input([urgent], nodes))).toEqual([{ jobId: "j1", nodeId: "east" }]);
  });

  it("places light batch work (10 W per core) now rather than leave a node idle while it waits", () => {
    const east = node({ nodeId: "east", carbonIntensity: 650, pricePerSecond: 12, wattsPerUnit: 10 });
    const westBusy = node({ nodeId: "west", region: "west", carbonIntensity: 80, pricePerSecond: 9 });
    const relaxed = job({ durationSec: 3600, deadline: NOW + 3600 + 10 * 3600 });
    expect(new OptimisingPolicy().place(input([relaxed], [view(east), view(westBusy, 0)]))).toEqual([
      { jobId: "j1", nodeId: "east" },
    ]);
    // With a 5 W threshold the same job is "heavy" and waits for the clean node.
    const strict = new OptimisingPolicy({ ...DEFAULT_OPTIMISER_OPTIONS, deferMinWatts: 5 });
    expect(strict.place(input([relaxed], [view(east), view(westBusy, 0)]))).toEqual([]);
  });

  it("gives light batch work capacity in order of urgency, after urgent work", () => {
    const only = node({ nodeId: "only", cpuCores: 4 });
    const later = job({ jobId: "later", resources: 4, durationSec: 3600, deadline: NOW + 3600 + 8 * 3600 });
    const sooner = job({ jobId: "sooner", resources: 4, durationSec: 3600, deadline: NOW + 3600 + 3 * 3600 });
    expect(new OptimisingPolicy().place(input([later, sooner], [view(only)]))).toEqual([
      { jobId: "sooner", nodeId: "only" },
    ]);
  });

  it("gives scarce capacity to real-time work before batch work", () => {
    const only = node({ nodeId: "only", cpuCores: 4 });
    const rt = job({
      jobId: "rt",
      tier: Tier.RealTime,
      resources: 4,
      latencyBoundMs: 30,
      deadline: NOW + 700,
    });
    const batch = job({ jobId: "batch", resources: 4, deadline: NOW + 1200, submittedAt: NOW - 100 });
    expect(new OptimisingPolicy().place(input([batch, rt], [view(only)]))).toEqual([
      { jobId: "rt", nodeId: "only" },
    ]);
  });
});

describe("baselines", () => {
  const cheapFar = node({ nodeId: "far", region: "west", pricePerSecond: 5 });
  const nearDear = node({ nodeId: "near", region: "east", pricePerSecond: 15 });
  const rt = job({ tier: Tier.RealTime, latencyBoundMs: 30 });

  it("greedy-cheapest ignores latency; latency-greedy takes the nearest node", () => {
    const nodes = [view(cheapFar), view(nearDear)];
    expect(new GreedyCheapestPolicy().place(input([rt], nodes))).toEqual([{ jobId: "j1", nodeId: "far" }]);
    expect(new LatencyGreedyPolicy().place(input([rt], nodes))).toEqual([{ jobId: "j1", nodeId: "near" }]);
  });

  it("least-allocated spreads and round-robin cycles", () => {
    const a = view(node({ nodeId: "a" }), 4);
    const b = view(node({ nodeId: "b" }), 10);
    expect(new LeastAllocatedPolicy().place(input([job()], [a, b]))).toEqual([{ jobId: "j1", nodeId: "b" }]);
    const jobs = [0, 1, 2].map((i) => job({ jobId: `j${i}`, submittedAt: NOW + i }));
    expect(new RoundRobinPolicy().place(input(jobs, [a, b])).map((p) => p.nodeId)).toEqual(["a", "b", "a"]);
  });
});
