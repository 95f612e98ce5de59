import { describe, expect, it } from "vitest";
import { unitCost } from "../../services/scheduler/core/scoring.js";
import { DEFAULT_WEIGHTS, Tier } from "../../services/scheduler/core/types.js";
import { job, NET, node } from "./helpers.js";

const REFS = { unitPrice: 10, gramsPerUnitSecond: 0.001 };
const dirty = node({ nodeId: "dirty", carbonIntensity: 700, pricePerSecond: 10 });
const clean = node({ nodeId: "clean", carbonIntensity: 50, pricePerSecond: 11 });

describe("carbon term by tier", () => {
  it("batch work pays for carbon and moves to the clean node despite its price", () => {
    const batch = job({ tier: Tier.Batch });
    expect(unitCost(batch, clean, NET, REFS, DEFAULT_WEIGHTS)).toBeLessThan(
      unitCost(batch, dirty, NET, REFS, DEFAULT_WEIGHTS),
    );
  });

  it("real-time and interactive work do not: only price, SLA risk and reputation tell the nodes apart", () => {
    for (const tier of [Tier.RealTime, Tier.Interactive]) {
      const j = job({ tier, latencyBoundMs: 100 });
      const diff =
        unitCost(j, clean, NET, REFS, DEFAULT_WEIGHTS) - unitCost(j, dirty, NET, REFS, DEFAULT_WEIGHTS);
      expect(diff, `tier ${tier}`).toBeCloseTo((DEFAULT_WEIGHTS.price * (11 - 10)) / REFS.unitPrice, 12);
    }
  });
});
