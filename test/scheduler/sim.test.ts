import { describe, expect, it } from "vitest";
import { GreedyCheapestPolicy, LatencyGreedyPolicy } from "../../services/scheduler/core/baselines.js";
import { OptimisingPolicy } from "../../services/scheduler/core/optimiser.js";
import { Tier, type PlacementPolicy } from "../../services/scheduler/core/types.js";
import { EventQueue } from "../../services/scheduler/sim/events.js";
import type { SimResult } from "../../services/scheduler/sim/metrics.js";
import { REGIONS } from "../../services/scheduler/sim/params.js";
import { DEFAULT_SIM_OPTIONS, simulate } from "../../services/scheduler/sim/simulator.js";
import { carbonAt, generateScenario } from "../../services/scheduler/sim/trace.js";

const small = { seed: 3, nodes: 80, hours: 3, load: 0.9, flakyShare: 0.1, slowShare: 0.05 };
const options = { ...DEFAULT_SIM_OPTIONS, warmupSec: 3600, mtbfHours: 50 };

/** A result without the wall-clock timings, which legitimately differ between runs. */
const outcome = (r: SimResult): Omit<SimResult, "windowMsMean" | "windowMsP99" | "windowMsMax"> => {
  const { windowMsMean: _a, windowMsP99: _b, windowMsMax: _c, ...rest } = r;
  return rest;
};

describe("trace generator", () => {
  it("is reproducible for a seed and differs across seeds", () => {
    const a = generateScenario(small);
    expect(generateScenario(small)).toEqual(a);
    expect(generateScenario({ ...small, seed: 4 }).jobs).not.toEqual(a.jobs);
  });

  it("produces the job mix, regions and heterogeneous nodes the simulator needs", () => {
    const s = generateScenario(small);
    expect(new Set(s.jobs.map((j) => j.tier))).toEqual(
      new Set([Tier.RealTime, Tier.Interactive, Tier.Batch]),
    );
    expect(new Set(s.nodes.map((n) => n.region))).toEqual(new Set(REGIONS.map((r) => r.name)));
    expect(new Set(s.nodes.map((n) => n.gpuModel)).size).toBeGreaterThanOrEqual(4);
    for (const j of s.jobs) {
      expect(j.deadline).toBeGreaterThan(j.submittedAt + j.durationSec);
      expect(j.submittedAt).toBeGreaterThanOrEqual(s.start);
      expect(j.submittedAt).toBeLessThan(s.end);
    }
  });

  it("follows the solar cycle where the mix has solar and stays flat-ish where it does not", () => {
    const west = REGIONS.find((r) => r.name === "cn-west");
    if (west === undefined) throw new Error("cn-west missing");
    const noonWest = Date.UTC(2026, 0, 5, 4) / 1000; // 12:00 at UTC+8
    const midnightWest = Date.UTC(2026, 0, 5, 16) / 1000;
    expect(carbonAt(west, noonWest)).toBeCloseTo(west.carbonDay);
    expect(carbonAt(west, midnightWest)).toBeCloseTo(west.carbonNight);
  });
});

describe("simulator", () => {
  it("is deterministic for a seed and accounts for every job", () => {
    const s = generateScenario(small);
    const a = simulate(s, new OptimisingPolicy(), options);
    const b = simulate(s, new OptimisingPolicy(), options);
    expect(outcome(b)).toEqual(outcome(a));
    expect(a.jobs).toBe(s.jobs.length);
    expect(a.served + a.dropped).toBe(a.jobs);
    expect(a.violations).toBeGreaterThanOrEqual(a.dropped);
    expect(a.replacements["node-down"] + a.replacements["ack-timeout"]).toBeGreaterThan(0);
    expect(a.utilisation).toBeGreaterThan(0);
    expect(a.utilisation).toBeLessThanOrEqual(1);
  });

  it("the optimiser beats a price-only market on SLA and latency-greedy on carbon", () => {
    const s = generateScenario(small);
    const ours = simulate(s, new OptimisingPolicy(), options);
    const cheapest = simulate(s, new GreedyCheapestPolicy(), options);
    const nearest = simulate(s, new LatencyGreedyPolicy(), options);
    expect(ours.violationRate).toBeLessThan(cheapest.violationRate / 2);
    expect(ours.carbonKg).toBeLessThan(nearest.carbonKg);
  });
});

describe("simulator guards", () => {
  it("rejects a policy that breaks a market rule", () => {
    const s = generateScenario(small);
    const cheat: PlacementPolicy = {
      name: "cheat",
      place: (input) => {
        const j = input.jobs[0];
        const n = input.nodes.find((v) => j !== undefined && v.node.pricePerSecond > j.maxUnitPrice);
        return j === undefined || n === undefined ? [] : [{ jobId: j.jobId, nodeId: n.node.nodeId }];
      },
    };
    expect(() => simulate(s, cheat, options)).toThrow(/breaks a market rule/);
  });
});

describe("EventQueue", () => {
  it("pops by time, then by insertion order", () => {
    const q = new EventQueue<string>();
    q.push(5, "c");
    q.push(1, "a");
    q.push(5, "d");
    q.push(3, "b");
    const out: string[] = [];
    for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e.value);
    expect(out).toEqual(["a", "b", "c", "d"]);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});
