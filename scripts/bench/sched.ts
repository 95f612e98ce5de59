/**
 * Scheduler benchmark: every policy on the same seeded trace at each offered load, the goals marked MET/MISSED
 * against the best baseline, then the optimiser alone on one large window. `--help` lists the options.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import {
  CarbonGreedyPolicy,
  CheapestFeasiblePolicy,
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

const USAGE = `Usage: npm run bench:sched -- [options]

Runs every scheduling policy through the simulator on the same trace and marks the optimiser's goals
MET or MISSED against the best baseline; on a generated trace it then times one 10,000-job x 1,000-node window.

Options:
  --load <x,y,...>       offered loads of the generated trace, each in (0, 2]   (default 0.7,0.9)
  --hours <n>            hours of generated arrivals, 1..168                      (default 12)
  --node-count <n>       nodes of the generated trace, 10..5000                   (default 600)
  --seed <n>             trace generator seed, a non-negative integer             (default 42)
  --trace <file.json>    replay a trace in the JSON format (docs/scheduler.md) instead of generating one
  --jobs <jobs.csv> --nodes <nodes.csv>
                         replay a trace in the CSV format (docs/scheduler.md)
  --window-runs <n>      timed runs of the large window, 0 skips it, 0..20        (default 5)
  --help                 print this and exit
`;

const int = (name: string, lo: number, hi: number) =>
  z
    .string()
    .regex(/^\d+$/, `--${name} must be an integer`)
    .transform(Number)
    .refine((n) => n >= lo && n <= hi, `--${name} must be between ${lo} and ${hi}`);

const optionsSchema = z
  .object({
    load: z
      .string()
      .transform((s) => s.split(",").map((x) => Number(x.trim())))
      .refine(
        (xs) => xs.every((x) => Number.isFinite(x) && x > 0 && x <= 2),
        "--load must be numbers in (0, 2], comma separated",
      )
      .default([0.7, 0.9]),
    hours: int("hours", 1, 168).default(12),
    "node-count": int("node-count", 10, 5000).default(DEFAULT_GENERATOR.nodes),
    seed: int("seed", 0, 2 ** 31).default(DEFAULT_GENERATOR.seed),
    trace: z.string().min(1, "--trace needs a file").optional(),
    jobs: z.string().min(1, "--jobs needs a file").optional(),
    nodes: z.string().min(1, "--nodes needs a file").optional(),
    "window-runs": int("window-runs", 0, 20).default(5),
    help: z.boolean().default(false),
  })
  .refine((o) => (o.jobs === undefined) === (o.nodes === undefined), "--jobs and --nodes go together")
  .refine((o) => o.trace === undefined || o.jobs === undefined, "--trace and --jobs exclude each other");

type Options = z.output<typeof optionsSchema>;

function parseOptions(argv: readonly string[]): Options {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        load: { type: "string" },
        hours: { type: "string" },
        "node-count": { type: "string" },
        seed: { type: "string" },
        trace: { type: "string" },
        jobs: { type: "string" },
        nodes: { type: "string" },
        "window-runs": { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) fail(parsed.error.issues[0]?.message ?? "invalid options");
  return parsed.data;
}

function fail(reason: string): never {
  console.error(`bench:sched: ${reason} (see --help)`);
  process.exit(2);
}

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
    "cost/budget",
    "util",
    "CO2 kg",
    "ms/window mean/p99/max",
    "re-placed",
  ];
  const rows = results.map((r) => [
    r.policy,
    `${r.served}/${r.jobs}`,
    pct(r.violationRate),
    r.violationRateByTier.map((v) => (v * 100).toFixed(1)).join("/"),
    pct(r.costPerBudget),
    pct(r.utilisation),
    r.carbonKg.toFixed(r.carbonKg < 100 ? 2 : 0),
    `${r.windowMsMean.toFixed(2)}/${r.windowMsP99.toFixed(1)}/${r.windowMsMax.toFixed(0)}`,
    `${r.replacements["ack-timeout"]}+${r.replacements["node-down"]}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  console.log(row(header, widths));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(row(r, widths));
}

const mark = (ok: boolean): string => (ok ? "MET   " : "MISSED");

function goals(results: readonly SimResult[], load: number | undefined): void {
  const get = (name: string): SimResult => {
    const r = results.find((x) => x.policy === name);
    if (r === undefined) throw new Error(`no result for ${name}`);
    return r;
  };
  const ours = get("optimiser");
  const baselines = results.filter((r) => r.policy !== "optimiser");
  const bestSla = baselines.reduce((a, b) => (b.violationRate < a.violationRate ? b : a));
  const feasibleGreedy = get("cheapest-feasible");
  const nearest = get("latency-greedy");
  const slaOk = ours.violationRate <= bestSla.violationRate / 2;
  console.log(
    `${mark(slaOk)} SLA violations <= 1/2 of the best baseline (${bestSla.policy}): ` +
      `${pct(ours.violationRate)} vs ${pct(bestSla.violationRate)} ` +
      `(ratio ${bestSla.violationRate > 0 ? (ours.violationRate / bestSla.violationRate).toFixed(2) : "n/a"}; ` +
      `cheapest-feasible ${pct(feasibleGreedy.violationRate)})`,
  );
  const carbonShare = ours.carbonKg / nearest.carbonKg;
  const costOver = ours.costPerBudget / feasibleGreedy.costPerBudget - 1;
  console.log(
    `${mark(carbonShare <= 0.7 && costOver <= 0.05)} carbon <= 70% of latency-greedy at cost <= ` +
      `cheapest-feasible + 5%: ${ours.carbonKg.toFixed(1)} kg vs ${nearest.carbonKg.toFixed(1)} kg ` +
      `(${pct(carbonShare)}), cost/budget ${pct(ours.costPerBudget)} vs ${pct(feasibleGreedy.costPerBudget)} ` +
      `(${costOver >= 0 ? "+" : ""}${pct(costOver)})`,
  );
  if (load === undefined || load >= 0.9) {
    const bestUtil = baselines.reduce((a, b) => (b.utilisation > a.utilisation ? b : a));
    console.log(
      `${mark(ours.utilisation >= 0.8)} utilisation >= 80%${load === undefined ? "" : ` at load ${load}`}: ` +
        `${pct(ours.utilisation)} (best baseline ${bestUtil.policy} ${pct(bestUtil.utilisation)})`,
    );
  }
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
      `median ${median.toFixed(0)} ms over ${runs} runs (min ${times[0]?.toFixed(0)}, max ` +
      `${times.at(-1)?.toFixed(0)}); machine load average ${loadavg()[0]?.toFixed(1)} on this host`,
  );
  console.log(`${mark(median <= 500)} 10,000-job x 1,000-node window in <= 500 ms: ${median.toFixed(0)} ms`);
}

function describe(scenario: Scenario, source: string): void {
  const tiers = [Tier.RealTime, Tier.Interactive, Tier.Batch].map(
    (t) => scenario.jobs.filter((j) => j.tier === t).length,
  );
  const fractional = scenario.jobs.filter((j) => j.gpuFraction !== undefined).length;
  const hours = (scenario.end - scenario.start) / 3600;
  console.log(
    `${source}: ${scenario.jobs.length} jobs (RT ${tiers[0]}, interactive ${tiers[1]}, batch ${tiers[2]}; ` +
      `${fractional} fractional-GPU) over ${hours.toFixed(0)} h, ${scenario.nodes.length} nodes in ` +
      `${scenario.regions.map((r) => r.name).join(", ")}; window ${DEFAULT_SIM_OPTIONS.windowSec} s, ` +
      `sim seed ${DEFAULT_SIM_OPTIONS.seed}`,
  );
}

function run(scenario: Scenario, load: number | undefined): void {
  const policies: PlacementPolicy[] = [
    new OptimisingPolicy(),
    new CheapestFeasiblePolicy(),
    new CarbonGreedyPolicy(),
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
  goals(results, load);
  console.log();
}

const options = parseOptions(process.argv.slice(2));
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (options.trace !== undefined || options.jobs !== undefined) {
  const scenario =
    options.trace !== undefined
      ? loadScenario(options.trace)
      : loadScenario(options.jobs ?? "", options.nodes);
  describe(scenario, `trace ${options.trace ?? `${options.jobs} + ${options.nodes}`}`);
  run(scenario, undefined);
} else {
  for (const load of options.load) {
    const params = {
      ...DEFAULT_GENERATOR,
      seed: options.seed,
      nodes: options["node-count"],
      hours: options.hours,
      load,
    };
    const scenario = generateScenario(params);
    describe(scenario, `generated trace, load ${load}, seed ${params.seed}`);
    run(scenario, load);
  }
  if (options["window-runs"] > 0) bigWindow(options["window-runs"]);
}
