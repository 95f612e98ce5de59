import { describe, expect, it } from "vitest";
import { ReputationLearner } from "../../services/scheduler/core/learning.js";
import { OptimisingPolicy } from "../../services/scheduler/core/optimiser.js";
import { Tier, type Node, type PlacementInput } from "../../services/scheduler/core/types.js";
import { DEFAULT_SIM_OPTIONS, simulate } from "../../services/scheduler/sim/simulator.js";
import { generateScenario, type Scenario } from "../../services/scheduler/sim/trace.js";
import { input, job, node, NOW } from "./helpers.js";

describe("ReputationLearner", () => {
  it("starts from the prior and follows recent acknowledgements and run times", () => {
    const l = new ReputationLearner();
    expect(l.estimate("n").ackMissRate).toBeCloseTo(0.02);
    expect(l.estimate("n").slowdown).toBeCloseTo(1);
    for (let i = 0; i < 50; i++) l.acknowledgement("n", true);
    const clean = l.estimate("n").ackMissRate;
    expect(clean).toBeLessThan(0.01);
    // A long clean history does not hide a node that starts missing: three misses are enough to stand out.
    for (let i = 0; i < 3; i++) l.acknowledgement("n", false);
    expect(l.estimate("n").ackMissRate).toBeGreaterThan(0.2);
    for (let i = 0; i < 20; i++) l.settlement("slow", 1000, 1600);
    expect(l.estimate("slow").slowdown).toBeGreaterThan(1.4);
  });

  it("rejects run times that are not positive, naming them", () => {
    expect(() => new ReputationLearner().settlement("n", 0, 10)).toThrow(/declared 0/);
  });
});

describe("learned reputation moves placements", () => {
  it("away from a node once it starts missing acknowledgements", () => {
    const learner = new ReputationLearner();
    const cheap = node({ nodeId: "cheap", pricePerSecond: 9, cpuCores: 64 });
    const other = node({ nodeId: "other", pricePerSecond: 10, cpuCores: 64 });
    const window = (): PlacementInput => {
      const nodes: Node[] = [cheap, other].map((n) => ({ ...n, learned: learner.estimate(n.nodeId) }));
      const jobs = [0, 1, 2, 3].map((i) =>
        job({ jobId: `rt${i}`, tier: Tier.RealTime, latencyBoundMs: 30, resources: 4, deadline: NOW + 700 }),
      );
      return input(
        jobs,
        nodes.map((n) => ({ node: n, freeUnits: 64 })),
      );
    };
    const onCheap = (): number =>
      new OptimisingPolicy().place(window()).filter((p) => p.nodeId === "cheap").length;

    // A good history: the cheap node gets the work.
    for (let i = 0; i < 20; i++) learner.acknowledgement("cheap", true);
    expect(onCheap()).toBe(4);
    // It starts missing acknowledgements: after a few misses nothing real-time is sent there any more.
    for (let i = 0; i < 4; i++) learner.acknowledgement("cheap", false);
    expect(onCheap()).toBe(0);
    // It recovers: acknowledged directives bring the work back.
    for (let i = 0; i < 30; i++) learner.acknowledgement("cheap", true);
    expect(onCheap()).toBe(4);
  });

  it("in the simulator: a node that starts failing half-way gets far fewer directives once its misses are seen", () => {
    const base = generateScenario({ seed: 5, nodes: 60, hours: 4, load: 0.8, flakyShare: 0, slowShare: 0 });
    const options = { ...DEFAULT_SIM_OPTIONS, warmupSec: 3600, drainSec: 6 * 3600 };
    const failAt = base.start + 2 * 3600;
    const record = (sent: Map<string, number[]>) => {
      const inner = new OptimisingPolicy();
      return {
        name: "recorder",
        place: (w: PlacementInput) => {
          const out = inner.place(w);
          for (const p of out) sent.set(p.nodeId, [...(sent.get(p.nodeId) ?? []), w.now]);
          return out;
        },
      };
    };
    // The node that gets the most work in the first two hours starts missing every acknowledgement then.
    const healthy = new Map<string, number[]>();
    simulate(base, record(healthy), options);
    const early = (times: number[] | undefined) => (times ?? []).filter((t) => t < failAt).length;
    const target = [...healthy.keys()].reduce((a, b) =>
      early(healthy.get(b)) > early(healthy.get(a)) ? b : a,
    );
    const scenario: Scenario = {
      ...base,
      nodes: base.nodes.map((n) => (n.nodeId === target ? { ...n, ackMissRate: 1, ackMissFrom: failAt } : n)),
    };
    const failing = new Map<string, number[]>();
    const r = simulate(scenario, record(failing), options);
    const sent = failing.get(target) ?? [];
    const before = sent.filter((t) => t < failAt).length;
    const after = sent.filter((t) => t >= failAt).length;
    expect(before).toBeGreaterThan(3);
    // A handful of directives until the misses are learned, then the node is avoided.
    expect(after).toBeLessThan(before / 2);
    expect(r.replacements["ack-timeout"]).toBe(after);
  });
});
