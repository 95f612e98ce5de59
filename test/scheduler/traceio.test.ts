import { describe, expect, it } from "vitest";
import { GreedyCheapestPolicy } from "../../services/scheduler/core/baselines.js";
import { Tier } from "../../services/scheduler/core/types.js";
import { TRACE_EPOCH } from "../../services/scheduler/sim/params.js";
import { DEFAULT_SIM_OPTIONS, simulate } from "../../services/scheduler/sim/simulator.js";
import { parseScenarioCsv, parseScenarioJson } from "../../services/scheduler/sim/traceio.js";

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
});
