import { describe, expect, it } from "vitest";
import {
  capacityUnits,
  feasible,
  hardwareFits,
  latencyMs,
  marketFits,
  slackSec,
} from "../../services/scheduler/core/feasibility.js";
import { reputationScore, unitCost } from "../../services/scheduler/core/scoring.js";
import { ANY_NODE, DEFAULT_WEIGHTS, Tier } from "../../services/scheduler/core/types.js";
import { job, NET, node, NOW, view } from "./helpers.js";

describe("feasibility", () => {
  it("matches hardware: CPU jobs on CPU nodes, 'any' on any GPU, a model on that model only, ANY_NODE anywhere", () => {
    const cpu = node();
    const a100 = node({ gpuModel: "a100", gpuCount: 8 });
    expect(hardwareFits(job(), cpu)).toBe(true);
    expect(hardwareFits(job(), a100)).toBe(false);
    expect(hardwareFits(job({ gpuModel: "any" }), a100)).toBe(true);
    expect(hardwareFits(job({ gpuModel: "any" }), cpu)).toBe(false);
    expect(hardwareFits(job({ gpuModel: "h100" }), a100)).toBe(false);
    expect(hardwareFits(job({ gpuModel: ANY_NODE }), cpu)).toBe(true);
    expect(hardwareFits(job({ gpuModel: ANY_NODE }), a100)).toBe(true);
    expect(capacityUnits(a100)).toBe(8);
    expect(capacityUnits(cpu)).toBe(16);
  });

  it("adds the node's access latency to the region round trip; unknown regions are unreachable", () => {
    expect(latencyMs(job(), node({ region: "west", latencyClass: 2 }), NET)).toBe(45 + 8);
    expect(latencyMs(job({ buyerRegion: "mars" }), node(), NET)).toBe(Number.POSITIVE_INFINITY);
  });

  it("enforces the market rules: capacity, max price, status, liveness, exclusion", () => {
    const j = job({ resources: 4, maxUnitPrice: 10 });
    expect(marketFits(j, view(node()))).toBe(true);
    expect(marketFits(j, view(node(), 3))).toBe(false);
    expect(marketFits(j, view(node({ pricePerSecond: 10.01 })))).toBe(false);
    expect(marketFits(j, view(node({ status: "paused" })))).toBe(false);
    expect(marketFits(j, view(node({ online: false })))).toBe(false);
    expect(marketFits(j, view(node()), new Set(["n1"]))).toBe(false);
  });

  it("checks the SLA: latency bound with network latency, deadline with the start delay", () => {
    const rt = job({ tier: Tier.RealTime, latencyBoundMs: 30 });
    expect(feasible(rt, view(node()), NET, NOW, 15)).toBe(true);
    expect(feasible(rt, view(node({ region: "west" })), NET, NOW, 15)).toBe(false);
    const tight = job({ deadline: NOW + 615 });
    expect(slackSec(tight, NOW, 15)).toBe(0);
    expect(feasible(tight, view(node()), NET, NOW, 15)).toBe(true);
    expect(feasible(tight, view(node()), NET, NOW + 1, 15)).toBe(false);
  });
});

describe("scoring", () => {
  it("smooths reputation: 0.5 for a new node, lower with timeouts", () => {
    expect(reputationScore({ successes: 0, slaBreaches: 0, timeouts: 0 })).toBe(0.5);
    expect(reputationScore({ successes: 98, slaBreaches: 0, timeouts: 0 })).toBeCloseTo(0.99);
    expect(reputationScore({ successes: 50, slaBreaches: 0, timeouts: 50 })).toBeLessThan(0.51);
  });

  it("costs more for a dirtier, pricier, less reputable or closer-to-the-bound node", () => {
    const refs = { unitPrice: 10, gramsPerUnitSecond: (10 * 300) / 3_600_000 };
    const base = unitCost(job(), node(), NET, refs, DEFAULT_WEIGHTS);
    expect(unitCost(job(), node({ carbonIntensity: 50 }), NET, refs, DEFAULT_WEIGHTS)).toBeLessThan(base);
    expect(unitCost(job(), node({ pricePerSecond: 20 }), NET, refs, DEFAULT_WEIGHTS)).toBeGreaterThan(base);
    expect(
      unitCost(
        job(),
        node({ reputation: { successes: 5, slaBreaches: 0, timeouts: 5 } }),
        NET,
        refs,
        DEFAULT_WEIGHTS,
      ),
    ).toBeGreaterThan(base);
    const rt = job({ tier: Tier.RealTime, latencyBoundMs: 60 });
    expect(unitCost(rt, node({ region: "west" }), NET, refs, DEFAULT_WEIGHTS)).toBeGreaterThan(
      unitCost(rt, node(), NET, refs, DEFAULT_WEIGHTS),
    );
    // Within half the bound the margin is ample: 6 ms and 13 ms against 60 ms cost the same.
    expect(unitCost(rt, node({ latencyClass: 2 }), NET, refs, DEFAULT_WEIGHTS)).toBe(
      unitCost(rt, node(), NET, refs, DEFAULT_WEIGHTS),
    );
  });
});
