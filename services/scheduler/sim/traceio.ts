import { readFileSync } from "node:fs";
import { z } from "zod";
import { REFERENCE_NETWORK } from "../core/reference.js";
import { Tier } from "../core/types.js";
import { REGIONS, TRACE_EPOCH, type RegionProfile } from "./params.js";
import { carbonAt, type Scenario, type TraceJob, type TraceNode } from "./trace.js";

/** Times below this are taken as seconds from TRACE_EPOCH (public cluster traces start at 0). */
const RELATIVE_TIME_LIMIT = 1_000_000_000;
const absolute = (t: number): number => (t < RELATIVE_TIME_LIMIT ? TRACE_EPOCH + t : t);

const tierSchema = z.union([
  z.coerce.number().int().min(0).max(2),
  z
    .enum(["real-time", "interactive", "batch"])
    .transform((t) => ["real-time", "interactive", "batch"].indexOf(t)),
]);

const jobSchema = z.object({
  jobId: z.string().min(1),
  submittedAt: z.coerce.number().nonnegative(),
  durationSec: z.coerce.number().int().positive(),
  actualDurationSec: z.coerce.number().int().positive().optional(),
  resources: z.coerce.number().int().positive(),
  gpuFraction: z.coerce.number().gt(0).lt(1).optional(),
  cpuCores: z.coerce.number().int().nonnegative().optional(),
  memoryMb: z.coerce.number().int().nonnegative().optional(),
  tier: tierSchema,
  latencyBoundMs: z.coerce.number().positive(),
  deadline: z.coerce.number().positive(),
  maxUnitPrice: z.coerce.number().positive(),
  buyerRegion: z.string().min(1),
  gpuModel: z.string().default(""),
});

const nodeSchema = z.object({
  nodeId: z.string().min(1),
  region: z.string().min(1),
  operator: z.string().default(""),
  cpuCores: z.coerce.number().int().nonnegative(),
  memoryMb: z.coerce.number().int().nonnegative().default(0),
  gpuModel: z.string().default(""),
  gpuCount: z.coerce.number().int().nonnegative().default(0),
  latencyClass: z.coerce.number().int().min(0).max(3).default(1),
  pricePerSecond: z.coerce.number().positive(),
  wattsPerUnit: z.coerce.number().positive(),
  successes: z.coerce.number().int().nonnegative().default(0),
  slaBreaches: z.coerce.number().int().nonnegative().default(0),
  timeouts: z.coerce.number().int().nonnegative().default(0),
  stake: z.coerce.number().nonnegative().default(0),
  ackMissRate: z.coerce.number().min(0).max(1).default(0),
  ackMissFrom: z.coerce.number().nonnegative().optional(),
  slowdownFactor: z.coerce.number().positive().optional(),
});

const regionSchema = z.object({
  name: z.string().min(1),
  utcOffsetHours: z.number(),
  carbonDay: z.number().nonnegative(),
  carbonNight: z.number().nonnegative(),
  electricityUsdPerKwh: z.number().nonnegative(),
  siteMarkup: z.number().positive(),
  energySource: z.string(),
  buyerShare: z.number().nonnegative(),
  nodeShare: z.number().nonnegative(),
  kindShares: z.record(z.string(), z.number().nonnegative()),
});

const scenarioSchema = z.object({
  version: z.literal(1),
  regions: z.array(regionSchema).min(1).optional(),
  network: z
    .object({
      rttMs: z.record(z.string(), z.record(z.string(), z.number().nonnegative())),
      accessMs: z.array(z.number().nonnegative()).length(4),
    })
    .optional(),
  nodes: z.array(nodeSchema),
  jobs: z.array(jobSchema),
});

/** Column names of the CSV formats (snake_case of the JSON fields), in the order they are documented. */
const JOB_COLUMNS: Record<string, keyof z.input<typeof jobSchema>> = {
  job_id: "jobId",
  submit_time: "submittedAt",
  duration_sec: "durationSec",
  actual_duration_sec: "actualDurationSec",
  resources: "resources",
  gpu_fraction: "gpuFraction",
  cpu_cores: "cpuCores",
  memory_mb: "memoryMb",
  tier: "tier",
  latency_bound_ms: "latencyBoundMs",
  deadline: "deadline",
  max_unit_price: "maxUnitPrice",
  buyer_region: "buyerRegion",
  gpu_model: "gpuModel",
};
const NODE_COLUMNS: Record<string, keyof z.input<typeof nodeSchema>> = {
  node_id: "nodeId",
  region: "region",
  operator: "operator",
  cpu_cores: "cpuCores",
  memory_mb: "memoryMb",
  gpu_model: "gpuModel",
  gpu_count: "gpuCount",
  latency_class: "latencyClass",
  price_per_second: "pricePerSecond",
  watts_per_unit: "wattsPerUnit",
  successes: "successes",
  sla_breaches: "slaBreaches",
  timeouts: "timeouts",
  stake: "stake",
  ack_miss_rate: "ackMissRate",
  ack_miss_from: "ackMissFrom",
  slowdown_factor: "slowdownFactor",
};

/** A record from a headed CSV (comma separated, no quoting), keyed by field name, with its 1-based line number. */
interface CsvRecord {
  readonly line: number;
  readonly fields: Record<string, string>;
}

/** Parses a headed CSV; blank lines and lines starting with # are skipped but still counted. */
function parseCsv(text: string, columns: Record<string, string>, what: string): CsvRecord[] {
  const lines = text
    .split(/\r?\n/)
    .map((t, i) => ({ t, line: i + 1 }))
    .filter(({ t }) => t.trim() !== "" && !t.startsWith("#"));
  const header = (lines[0]?.t ?? "").split(",").map((h) => h.trim());
  for (const h of header) {
    if (!(h in columns)) throw new Error(`${what} CSV: unknown column "${h}"`);
  }
  return lines.slice(1).map(({ t, line }) => {
    const cells = t.split(",");
    if (cells.length !== header.length) {
      throw new Error(`${what} CSV line ${line}: ${cells.length} cells, header has ${header.length}`);
    }
    const fields: Record<string, string> = {};
    header.forEach((h, k) => {
      const cell = (cells[k] ?? "").trim();
      if (cell !== "" || h === "gpu_model") fields[columns[h] as string] = cell;
    });
    return { line, fields };
  });
}

function validate<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new Error(`${where}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "invalid"}`);
  }
  return r.data;
}

function toJob(j: z.output<typeof jobSchema>): TraceJob {
  const { actualDurationSec, gpuFraction, cpuCores, memoryMb, ...rest } = j;
  if (gpuFraction !== undefined && j.resources !== 1) {
    throw new Error(`job ${j.jobId}: gpu_fraction ${gpuFraction} needs resources 1, not ${j.resources}`);
  }
  return {
    ...rest,
    tier: j.tier as Tier,
    submittedAt: absolute(j.submittedAt),
    deadline: absolute(j.deadline),
    actualDurationSec: actualDurationSec ?? j.durationSec,
    ...(gpuFraction === undefined ? {} : { gpuFraction }),
    ...(cpuCores === undefined ? {} : { cpuCores }),
    ...(memoryMb === undefined ? {} : { memoryMb }),
  };
}

function toNode(n: z.output<typeof nodeSchema>, regions: readonly RegionProfile[]): TraceNode {
  const region = regions.find((r) => r.name === n.region);
  if (region === undefined) throw new Error(`node ${n.nodeId}: unknown region ${n.region}`);
  return {
    nodeId: n.nodeId,
    region: n.region,
    operator: n.operator,
    cpuCores: n.cpuCores,
    memoryMb: n.memoryMb,
    gpuModel: n.gpuModel,
    gpuCount: n.gpuCount,
    latencyClass: n.latencyClass,
    energySource: region.energySource,
    carbonIntensity: carbonAt(region, TRACE_EPOCH),
    pricePerSecond: n.pricePerSecond,
    status: "active",
    online: true,
    reputation: { successes: n.successes, slaBreaches: n.slaBreaches, timeouts: n.timeouts },
    stake: n.stake,
    wattsPerUnit: n.wattsPerUnit,
    ackMissRate: n.ackMissRate,
    ...(n.ackMissFrom === undefined ? {} : { ackMissFrom: absolute(n.ackMissFrom) }),
    ...(n.slowdownFactor === undefined ? {} : { slowdownFactor: n.slowdownFactor }),
  };
}

function assemble(
  regions: readonly RegionProfile[],
  network: Scenario["network"],
  nodes: TraceNode[],
  jobs: TraceJob[],
): Scenario {
  for (const j of jobs) {
    if (network.rttMs[j.buyerRegion] === undefined)
      throw new Error(`job ${j.jobId}: unknown region ${j.buyerRegion}`);
  }
  const sorted = [...jobs].sort((a, b) => a.submittedAt - b.submittedAt || (a.jobId < b.jobId ? -1 : 1));
  const first = sorted[0]?.submittedAt ?? TRACE_EPOCH;
  const last = sorted.at(-1)?.submittedAt ?? TRACE_EPOCH;
  return { regions, network, nodes, jobs: sorted, start: first - (first % 3600), end: last };
}

/** A scenario from the JSON format (see docs/scheduler.md); regions and network default to the built-in ones. */
export function parseScenarioJson(text: string): Scenario {
  const raw = validate(scenarioSchema, JSON.parse(text), "scenario JSON");
  const regions = raw.regions ?? REGIONS;
  return assemble(
    regions,
    raw.network ?? REFERENCE_NETWORK,
    raw.nodes.map((n) => toNode(n, regions)),
    raw.jobs.map(toJob),
  );
}

/** A scenario from a jobs CSV and a nodes CSV (see docs/scheduler.md), with the built-in regions and network. */
export function parseScenarioCsv(jobsCsv: string, nodesCsv: string): Scenario {
  const jobs = parseCsv(jobsCsv, JOB_COLUMNS, "jobs").map((r) =>
    toJob(validate(jobSchema, r.fields, `jobs CSV line ${r.line}`)),
  );
  const nodes = parseCsv(nodesCsv, NODE_COLUMNS, "nodes").map((r) =>
    toNode(validate(nodeSchema, r.fields, `nodes CSV line ${r.line}`), REGIONS),
  );
  return assemble(REGIONS, REFERENCE_NETWORK, nodes, jobs);
}

/** Reads a scenario from a `.json` file, or from a jobs CSV plus a nodes CSV. */
export function loadScenario(path: string, nodesCsvPath?: string): Scenario {
  if (nodesCsvPath === undefined) return parseScenarioJson(readFileSync(path, "utf8"));
  return parseScenarioCsv(readFileSync(path, "utf8"), readFileSync(nodesCsvPath, "utf8"));
}
