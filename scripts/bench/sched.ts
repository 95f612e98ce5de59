/**
 * Scheduler benchmark: every policy on the same seeded trace, then the optimiser alone on one large window.
 *   npm run bench:sched
 *   npm run bench:sched -- --load 0.85                    the generated trace at another offered load
 *   npm run bench:sched -- --trace scenario.json          replay a trace in the JSON format (docs/scheduler.md)
 *   npm run bench:sched -- --jobs jobs.csv --nodes nodes.csv   replay a trace in the CSV format
 */
import {
  GreedyCheapestPolicy,
  LatencyGreedyPolicy,
  LeastAllocatedPolicy,
  RandomPolicy,
  RoundRobinPolicy,
} from "../../services/scheduler/core/baselines.js";
import { OptimisingPolicy } from "../../services/scheduler/core/optimiser.js";
import { DEFAULT_WEIGHTS, Tier, type PlacementPolicy } from "../../services/scheduler/core/types.js";
import type { SimResult } from "../../services/scheduler/sim/metrics.js";
import { DEFAULT_SIM_OPTIONS, simulate } from "../../services/scheduler/sim/simulator.js";
import { DEFAULT_GENERATOR, generateScenario, type Scenario } from "../../services/scheduler/sim/trace.js";
import { loadScenario } from "../../services/scheduler/sim/traceio.js";

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
}

function table(results: readonly SimResult[]): void {
  const header = [
    "policy",
    "served",
    "SLA viol",
    "RT/IA/batch viol",
    "buyer cost",
    "cost/budget",
    "util",
    "CO2 t",
    "ms/window mean/p99/max",
    "re-placed",
  ];
  const rows = results.map((r) => [
    r.policy,
    `${r.served}/${r.jobs}`,
    pct(r.violationRate),
    r.violationRateByTier.map((v) => (v * 100).toFixed(1)).join("/"),
    r.buyerCost.toFixed(0),
    pct(r.costPerBudget),
    pct(r.utilisation),
    (r.carbonKg / 1000).toFixed(2),
    `${r.windowMsMean.toFixed(2)}/${r.windowMsP99.toFixed(2)}/${r.windowMsMax.toFixed(1)}`,
    `${r.replacements["ack-timeout"]}+${r.replacements["node-down"]}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  console.log(row(header, widths));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(row(r, widths));
}

function targets(results: readonly SimResult[]): void {
  const get = (name: string): SimResult => {
    const r = results.find((x) => x.policy === name);
    if (r === undefined) throw new Error(`no result for ${name}`);
    return r;
  };
  const ours = get("optimiser");
  const cheapest = get("greedy-cheapest");
  const nearest = get("latency-greedy");
  const checks: [string, boolean, string][] = [
    [
      "SLA violations <= 1/2 of greedy-cheapest",
      ours.violationRate <= cheapest.violationRate / 2,
      `${pct(ours.violationRate)} vs ${pct(cheapest.violationRate)} (ratio ${(ours.violationRate / cheapest.violationRate).toFixed(2)})`,
    ],
    [
      "carbon <= 70% of latency-greedy",
      ours.carbonKg <= 0.7 * nearest.carbonKg,
      `${(ours.carbonKg / 1000).toFixed(2)} t vs ${(nearest.carbonKg / 1000).toFixed(2)} t (${pct(ours.carbonKg / nearest.carbonKg)})`,
    ],
    [
      "buyer cost <= greedy-cheapest + 5% (per budget)",
      ours.costPerBudget <= cheapest.costPerBudget * 1.05,
      `${pct(ours.costPerBudget)} vs ${pct(cheapest.costPerBudget)} of budget (${pct(ours.costPerBudget / cheapest.costPerBudget - 1)})`,
    ],
    ["utilisation >= 80%", ours.utilisation >= 0.8, pct(ours.utilisation)],
  ];
  for (const [name, ok, detail] of checks) console.log(`${ok ? "MET   " : "MISSED"} ${name}: ${detail}`);
}

function bigWindow(runs: number): void {
  const scenario = generateScenario({ ...DEFAULT_GENERATOR, seed: 99, nodes: 1000, hours: 48 });
  const now = scenario.start;
  const jobs = scenario.jobs.slice(0, 10_000).map((j) => ({
    ...j,
    submittedAt: now,
    deadline: now + (j.deadline - j.submittedAt),
  }));
  if (jobs.length < 10_000) throw new Error(`only ${jobs.length} jobs generated for the big window`);
  const nodes = scenario.nodes.map((node) => ({ node, freeUnits: node.gpuCount || node.cpuCores }));
  const input = {
    now,
    jobs,
    nodes,
    network: scenario.network,
    weights: DEFAULT_WEIGHTS,
    startDelaySec: DEFAULT_SIM_OPTIONS.startDelaySec,
  };
  const times: number[] = [];
  let placed = 0;
  for (let k = 0; k < runs; k++) {
    const policy = new OptimisingPolicy();
    const began = performance.now();
    placed = policy.place(input).length;
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    `single window: ${jobs.length} jobs x ${nodes.length} nodes, optimiser placed ${placed}; ` +
      `median ${median.toFixed(0)} ms over ${runs} runs (min ${times[0]?.toFixed(0)}, max ${times.at(-1)?.toFixed(0)})`,
  );
  console.log(
    `${median <= 1000 ? "MET   " : "MISSED"} 10,000-job x 1,000-node window in <= 1 s: ${median.toFixed(0)} ms`,
  );
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

function describeTrace(): [Scenario, string] {
  const trace = arg("--trace");
  const jobsCsv = arg("--jobs");
  if (trace !== undefined) return [loadScenario(trace), `trace ${trace}`];
  if (jobsCsv !== undefined) {
    const nodesCsv = arg("--nodes");
    if (nodesCsv === undefined) throw new Error("--jobs needs --nodes");
    return [loadScenario(jobsCsv, nodesCsv), `trace ${jobsCsv} + ${nodesCsv}`];
  }
  const params = { ...DEFAULT_GENERATOR, load: Number(arg("--load") ?? DEFAULT_GENERATOR.load) };
  return [generateScenario(params), `generated trace: seed ${params.seed}, load ${params.load}`];
}

const [scenario, source] = describeTrace();
const tiers = [Tier.RealTime, Tier.Interactive, Tier.Batch].map(
  (t) => scenario.jobs.filter((j) => j.tier === t).length,
);
const hours = (scenario.end - scenario.start) / 3600;
console.log(
  `${source}, ${scenario.jobs.length} jobs (RT ${tiers[0]}, interactive ${tiers[1]}, batch ${tiers[2]}) ` +
    `over ${hours.toFixed(0)} h, ${scenario.nodes.length} nodes in ${scenario.regions.map((r) => r.name).join(", ")}; ` +
    `window ${DEFAULT_SIM_OPTIONS.windowSec} s, sim seed ${DEFAULT_SIM_OPTIONS.seed}`,
);
const policies: PlacementPolicy[] = [
  new OptimisingPolicy(),
  new GreedyCheapestPolicy(),
  new LatencyGreedyPolicy(),
  new LeastAllocatedPolicy(),
  new RoundRobinPolicy(),
  new RandomPolicy(DEFAULT_SIM_OPTIONS.seed),
];
const results = policies.map((p) => simulate(scenario, p, DEFAULT_SIM_OPTIONS));
console.log();
table(results);
console.log();
targets(results);
bigWindow(5);
