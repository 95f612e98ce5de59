import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MinCostFlow } from "../../services/scheduler/core/mincostflow.js";

/** Min-cost flow on an assignment problem: rows → columns, unit capacities; returns [sent, cost]. */
function solve(costs: number[][], cols: number): [number, number] {
  const rows = costs.length;
  const f = new MinCostFlow(2 + rows + cols);
  const arcs: [number, number][] = [];
  costs.forEach((row, i) => {
    f.addArc(0, 2 + i, 1, 0);
    row.forEach((c, j) => arcs.push([f.addArc(2 + i, 2 + rows + j, 1, c), c]));
  });
  for (let j = 0; j < cols; j++) f.addArc(2 + rows + j, 1, 1, 0);
  const sent = f.run(0, 1, rows);
  return [sent, arcs.reduce((s, [a, c]) => s + f.flowOn(a) * c, 0)];
}

/** Brute force: the cheapest way to give every row a distinct column (rows <= cols). */
function bruteForce(costs: number[][], cols: number): number {
  let best = Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(cols).fill(false);
  const go = (i: number, acc: number): void => {
    if (i === costs.length) {
      best = Math.min(best, acc);
      return;
    }
    for (let j = 0; j < cols; j++) {
      if (used[j]) continue;
      used[j] = true;
      go(i + 1, acc + (costs[i]?.[j] ?? 0));
      used[j] = false;
    }
  };
  go(0, 0);
  return best;
}

describe("MinCostFlow", () => {
  it("solves a transportation problem exactly and respects capacities", () => {
    // Two sources of 5 units, two sinks of capacity 4 and 10; crossing is cheap one way only.
    const f = new MinCostFlow(6);
    f.addArc(0, 2, 5, 0);
    f.addArc(0, 3, 5, 0);
    const a = f.addArc(2, 4, 5, 1);
    const b = f.addArc(2, 5, 5, 3);
    const c = f.addArc(3, 4, 5, 2);
    const d = f.addArc(3, 5, 5, 10);
    f.addArc(4, 1, 4, 0);
    f.addArc(5, 1, 10, 0);
    expect(f.run(0, 1, 10)).toBe(10);
    // Optimum: source 3 must use sink 4 (cost 2 vs 10); sink 4 holds 4, so 1 unit of source 3 pays 10.
    expect([f.flowOn(a), f.flowOn(b), f.flowOn(c), f.flowOn(d)]).toEqual([0, 5, 4, 1]);
  });

  it("stops at the maximum flow when the limit cannot be reached", () => {
    const f = new MinCostFlow(3);
    f.addArc(0, 2, 3, 1);
    f.addArc(2, 1, 2, 1);
    expect(f.run(0, 1, 10)).toBe(2);
  });

  it("rejects negative or fractional costs", () => {
    const f = new MinCostFlow(2);
    expect(() => f.addArc(0, 1, 1, -1)).toThrow(/non-negative integer/);
    expect(() => f.addArc(0, 1, 1, 0.5)).toThrow(/non-negative integer/);
  });

  it("matches brute force on random assignment problems", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((rows) =>
          fc.tuple(
            fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 5, maxLength: 5 }), {
              minLength: rows,
              maxLength: rows,
            }),
            fc.integer({ min: rows, max: 5 }),
          ),
        ),
        ([costs, cols]) => {
          const trimmed = costs.map((r) => r.slice(0, cols));
          const [sent, cost] = solve(trimmed, cols);
          expect(sent).toBe(trimmed.length);
          expect(cost).toBe(bruteForce(trimmed, cols));
        },
      ),
      { numRuns: 200 },
    );
  });
});
