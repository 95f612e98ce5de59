/**
 * HiGHS as an exact LP oracle: the optimiser's class-level transportation problem (with a wait option per job
 * class) is written as an LP and solved by HiGHS; the min-cost flow must reach the same optimum. The problem's
 * constraint matrix is totally unimodular, so the LP optimum is also the integer optimum.
 */
import fc from "fast-check";
import * as highsModule from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import { OptimisingPolicy, type ClassProblem } from "../../services/scheduler/core/optimiser.js";
import { Tier } from "../../services/scheduler/core/types.js";
import { generateScenario } from "../../services/scheduler/sim/trace.js";
import { input, job, node, NOW } from "./helpers.js";

// A CommonJS module: under Node's ESM interop `default` is module.exports, the loader function itself, while the
// typings describe it as the module object with the loader under `default` again.
const highsLoader = highsModule.default as unknown as typeof highsModule.default.default;
let highs: Awaited<ReturnType<typeof highsLoader>>;
beforeAll(async () => {
  highs = await highsLoader();
});

/** CPLEX LP text: x_a per arc, w_j per job class; supply rows (placed + waiting = demand), capacity rows. */
function lp(p: ClassProblem): string {
  const terms = [...p.arcs.map((a, i) => `${a.cost} x${i}`), ...p.jobs.map((j, i) => `${j.waitCost} w${i}`)];
  const rows: string[] = [];
  p.jobs.forEach((j, i) => {
    const placed = p.arcs.flatMap((a, k) => (a.job === i ? [`x${k}`] : []));
    rows.push(` d${i}: ${[...placed, `w${i}`].join(" + ")} = ${j.quanta}`);
  });
  p.nodes.forEach((n, c) => {
    const used = p.arcs.flatMap((a, k) => (a.node === c ? [`x${k}`] : []));
    if (used.length > 0) rows.push(` c${c}: ${used.join(" + ")} <= ${n.quanta}`);
  });
  return `Minimize\n obj: ${terms.join(" + ")}\nSubject To\n${rows.join("\n")}\nEnd\n`;
}

function checkAgainstHighs(problem: ClassProblem & { flowCost: number }): void {
  const solution = highs.solve(lp(problem));
  expect(solution.Status).toBe("Optimal");
  // Costs are integers up to ~2^40, so compare relative to the optimum's size.
  expect(Math.abs(problem.flowCost - solution.ObjectiveValue)).toBeLessThanOrEqual(
    1e-9 * Math.max(1, Math.abs(solution.ObjectiveValue)),
  );
}

describe("optimiser vs an exact LP (HiGHS)", () => {
  it("reaches the LP optimum on random small windows", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tier: fc.constantFrom(Tier.RealTime, Tier.Interactive, Tier.Batch),
            resources: fc.integer({ min: 1, max: 8 }),
            duration: fc.constantFrom(30, 600, 7200, 86_400),
            slack: fc.integer({ min: 0, max: 40_000 }),
            region: fc.constantFrom("east", "west"),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.array(
          fc.record({
            region: fc.constantFrom("east", "west"),
            cap: fc.integer({ min: 1, max: 16 }),
            price: fc.integer({ min: 1, max: 30 }),
            carbon: fc.integer({ min: 20, max: 800 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (jobs, nodes) => {
          const w = input(
            jobs.map((j, i) =>
              job({
                jobId: `j${i}`,
                tier: j.tier,
                resources: j.resources,
                durationSec: j.duration,
                latencyBoundMs: j.tier === Tier.Batch ? 5000 : 60,
                deadline: NOW + 15 + j.duration + j.slack,
                buyerRegion: j.region,
              }),
            ),
            nodes.map((n, i) => ({
              node: node({
                nodeId: `n${i}`,
                region: n.region,
                cpuCores: n.cap,
                pricePerSecond: n.price,
                carbonIntensity: n.carbon,
              }),
              freeUnits: n.cap,
            })),
          );
          checkAgainstHighs(new OptimisingPolicy().classProblem(w));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("reaches the LP optimum on a window of the generated trace", () => {
    const s = generateScenario({
      seed: 8,
      nodes: 120,
      hours: 2,
      load: 0.9,
      flakyShare: 0.03,
      slowShare: 0.05,
    });
    const now = s.start + 3600;
    const jobs = s.jobs.filter((j) => j.submittedAt <= now && j.deadline > now + j.durationSec + 15);
    const w = input(
      jobs,
      s.nodes.map((n) => ({ node: n, freeUnits: n.gpuCount || n.cpuCores })),
      { now, network: s.network },
    );
    const problem = new OptimisingPolicy().classProblem(w);
    expect(problem.jobs.length).toBeGreaterThan(20);
    checkAgainstHighs(problem);
  });
});
