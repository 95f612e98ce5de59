import { describe, expect, it } from "vitest";
import path from "node:path";
import { CheapestFeasiblePolicy, GreedyCheapestPolicy } from "../../services/scheduler/core/baselines.js";
import { OptimisingPolicy } from "../../services/scheduler/core/optimiser.js";
import { Tier } from "../../services/scheduler/core/types.js";
import { TRACE_EPOCH } from "../../services/scheduler/sim/params.js";
import { DEFAULT_SIM_OPTIONS, simulate } from "../../services/scheduler/sim/simulator.js";
import { loadScenario, parseScenarioCsv, parseScenarioJson } from "../../services/scheduler/sim/traceio.js";

const EXAMPLE = path.join("services", "scheduler", "sim", "example-trace");

const JOBS_CSV = `# relative times (seconds from the trace epoch), as in public cluster traces
job_id,submit_time,duration_sec,resources,tier,latency_bound_ms,deadline,max_unit_price,buyer_region,gpu_model
train-1,120,3600,4,batch,5000,40000,600,cn-east,a100
chat-1,60,600,1,real-time,40,800,300,eu-north,any
etl-1,0,1200,8,2,5000,9000,20,cn-west,
`;
const NODES_CSV = `node_id,region,operator,cpu_cores,memory_mb,gpu_model,gpu_count,latency_class,price_per_second,watts_per_unit,successes,sla_breaches,timeouts,stake,ack_miss_rate
1,cn-west,op1,96,1048576,a100,8,1,450,500,100,1,0,1000,0
2,eu-north,op2,48,262144,a10,4,0,200,200,50,0,0,1000,0
3,cn-west,op3,32,131072,,0,2,8,10,10,0,0,1000,0
`;

describe("trace loader", () => {
  it("reads the documented CSV format, sorts jobs and makes relative times absolute", () => {
    const s = parseScenarioCsv(JOBS_CSV, NODES_CSV);
    expect(s.jobs.map((j) => j.jobId)).toEqual(["etl-1", "chat-1", "train-1"]);
    const chat = s.jobs[1];
    expect(chat).toMatchObject({
      tier: Tier.RealTime,
      submittedAt: TRACE_EPOCH + 60,
      deadline: TRACE_EPOCH + 800,
    });
    expect(s.jobs[0]?.gpuModel).toBe("");
    expect(s.nodes.map((n) => [n.nodeId, n.gpuCount, n.cpuCores])).toEqual([
      ["1", 8, 96],
      ["2", 4, 48],
      ["3", 0, 32],
    ]);
    expect(s.start).toBe(TRACE_EPOCH);
  });

  it("reads the JSON format and runs it through the simulator", () => {
    const json = JSON.stringify({
      version: 1,
      nodes: [{ nodeId: "9", region: "cn-west", cpuCores: 16, pricePerSecond: 8, wattsPerUnit: 10 }],
      jobs: [
        {
          jobId: "a",
          submittedAt: 0,
          durationSec: 600,
          resources: 4,
          tier: 2,
          latencyBoundMs: 5000,
          deadline: 7200,
          maxUnitPrice: 10,
          buyerRegion: "cn-east",
        },
      ],
    });
    const s = parseScenarioJson(json);
    const r = simulate(s, new GreedyCheapestPolicy(), {
      ...DEFAULT_SIM_OPTIONS,
      mtbfHours: 1e9,
      warmupSec: 0,
    });
    expect(r.served).toBe(1);
    expect(r.violations).toBe(0);
    expect(r.buyerCost).toBeCloseTo((4 * 600 * 8) / 1e6);
  });

  it("names the bad line and field", () => {
    expect(() => parseScenarioCsv(JOBS_CSV.replace("3600,4,batch", "3600,-4,batch"), NODES_CSV)).toThrow(
      /jobs CSV line 3: resources/,
    );
    expect(() => parseScenarioCsv("job_id,colour\nx,red\n", NODES_CSV)).toThrow(/unknown column "colour"/);
    expect(() => parseScenarioJson(JSON.stringify({ version: 2, nodes: [], jobs: [] }))).toThrow(/version/);
  });

  it("rejects a GPU fraction on a job that asks for more than one unit", () => {
    const header =
      "job_id,submit_time,duration_sec,resources,gpu_fraction,tier,latency_bound_ms,deadline,max_unit_price,buyer_region,gpu_model";
    expect(() => parseScenarioCsv(`${header}\nx,0,60,2,0.5,1,100,900,300,cn-east,any\n`, NODES_CSV)).toThrow(
      /gpu_fraction 0.5 needs resources 1/,
    );
  });
});

describe("the committed example trace", () => {
  const scenario = loadScenario(path.join(EXAMPLE, "jobs.csv"), path.join(EXAMPLE, "nodes.csv"));

  it("carries estimates and actual run times, fractional GPUs, host resources and hidden node behaviour", () => {
    expect(scenario.jobs).toHaveLength(12);
    expect(scenario.jobs.find((j) => j.jobId === "chat-2")).toMatchObject({
      durationSec: 1800,
      actualDurationSec: 2100,
      gpuFraction: 0.5,
      cpuCores: 4,
      memoryMb: 24576,
      tier: Tier.RealTime,
    });
    expect(scenario.nodes.find((n) => n.nodeId === "5")?.ackMissRate).toBe(0.5);
    expect(scenario.nodes.find((n) => n.nodeId === "8")?.slowdownFactor).toBe(1.6);
  });

  it("replays through the simulator with every policy accounting for every job", () => {
    const options = { ...DEFAULT_SIM_OPTIONS, mtbfHours: 1e9, warmupSec: 0 };
    const ours = simulate(scenario, new OptimisingPolicy(), options);
    const greedy = simulate(scenario, new CheapestFeasiblePolicy(), options);
    for (const r of [ours, greedy]) {
      expect(r.served + r.dropped).toBe(12);
      expect(r.carbonKg).toBeGreaterThan(0);
    }
    // Both send the two short API jobs to node 8 before any settlement has shown it is slow (they finish late);
    // the greedy policy sends training to the cheapest A100, flaky node 5; the optimiser to the cleanest grid.
    expect(ours.violations).toBeLessThanOrEqual(greedy.violations);
    expect(ours.replacements["ack-timeout"]).toBeLessThanOrEqual(greedy.replacements["ack-timeout"]);
    expect(ours.carbonKg).toBeLessThan(greedy.carbonKg);
  });
});
