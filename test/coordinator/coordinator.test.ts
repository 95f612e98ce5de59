/**
 * A regional coordinator with two node agents on a JSON-RPC chain (hub and east region, peered messengers):
 * it pushes a directive the agents would otherwise only find on their slow poll, so the job settles at once;
 * every epoch it sends a RegionalReport through RegionalReporter that the hub's RegionReports keeps; when one
 * agent stops answering, a report naming its node reaches the hub without waiting for the epoch.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../services/shared/config.js";
import { createLogger } from "../../services/shared/logger.js";
import { agentConfigSchema } from "../../services/agent/config.js";
import { type RunningAgent, startAgent } from "../../services/agent/service.js";
import { fnvModule } from "../../services/agent/workloads/wasm-samples.js";
import { coordinatorConfigSchema } from "../../services/coordinator/config.js";
import { carbonIntensityAt } from "../../services/coordinator/core/carbon.js";
import { type RunningCoordinator, startCoordinator } from "../../services/coordinator/service.js";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { type AgentWorld, agentWorld, until } from "../agent/fixture.js";

const CURVE = Array.from({ length: 24 }, (_, h) => 100 + h * 10);
let w: AgentWorld;
let agents: RunningAgent[] = [];
let coordinator: RunningCoordinator;
let nodes: bigint[];
const logger = createLogger("coordinator-test");
logger.level = "warn";

beforeAll(async () => {
  w = await agentWorld();
  await (await w.east.reporter.setCoordinator(w.coordinator.address)).wait();
  await (await w.signers.deployer.sendTransaction({ to: w.coordinator.address, value: 10n ** 18n })).wait();
  const a = await w.registerNode(7, 0xc0a1n);
  const b = await w.registerNode(8, 0xc0a2n);
  nodes = [a.nodeId, b.nodeId];
  // A one-minute poll: only the coordinator's push makes an agent start soon.
  for (const n of [a, b]) {
    agents.push(
      await startAgent(
        parseConfig(agentConfigSchema, w.agentEnv(n, { SUANLI_AGENT_POLL_MS: "60000" })),
        logger,
      ),
    );
  }
  coordinator = await startCoordinator(
    parseConfig(coordinatorConfigSchema, {
      SUANLI_COORDINATOR_REGION: "east",
      SUANLI_COORDINATOR_RPC_URL: w.rpcUrl,
      SUANLI_COORDINATOR_CHAIN_ID: w.chainId.toString(),
      SUANLI_COORDINATOR_INBOX: w.east.inbox.target as string,
      SUANLI_COORDINATOR_REPORTER: w.east.reporter.target as string,
      SUANLI_COORDINATOR_KEY: w.coordinator.privateKey,
      SUANLI_COORDINATOR_AGENTS: JSON.stringify(
        agents.map((x, i) => ({ nodeId: nodes[i]!.toString(), url: `http://127.0.0.1:${x.port}` })),
      ),
      SUANLI_COORDINATOR_CARBON_CURVE: JSON.stringify(CURVE),
      SUANLI_COORDINATOR_EPOCH_MS: "10000",
      SUANLI_COORDINATOR_HEARTBEAT_MS: "300",
      SUANLI_COORDINATOR_SILENT_AFTER_MS: "1500",
      SUANLI_COORDINATOR_POLL_MS: "300",
      SUANLI_COORDINATOR_DB: `${w.agentEnv(a).SUANLI_AGENT_DATA_DIR}/coordinator.sqlite`,
    }),
    logger,
  );
});

afterAll(async () => {
  await coordinator?.stop();
  for (const a of agents) await a.stop();
  await w?.close();
});

describe("regional coordinator", () => {
  it("pushes a directive to the assigned agent, which runs it long before its own poll", async () => {
    const { jobId } = await w.createJob({
      kind: "wasm",
      module: w.blobStore.put(fnvModule()).toString(),
      input: "",
    });
    await w.assign(jobId, nodes[0]!);
    await until(
      "settled",
      async () => ((await w.hub.jobMarket.job(jobId)).status === 3n ? true : undefined),
      30_000,
    );
    expect(agents[0]!.store.get(jobId, 1)).toMatchObject({ source: "push", completions: 1 });
    const metrics = await (await fetch(`http://127.0.0.1:${coordinator.port}/metrics`)).text();
    expect(metrics).toMatch(
      /suanli_coordinator_pushes_total\{result="delivered",service="coordinator"\} [1-9]/,
    );
  });

  it("sends an epoch report that the hub keeps, with the curve's carbon intensity", async () => {
    const report = await until("an epoch report on the hub", async () => {
      const r = await w.hub.regionReports.latest(CHAIN_IDS.east);
      return r.epoch >= 1n && r.activeAgents === 2n ? r : undefined;
    });
    // The coordinator reads the curve at the latest block's time; the reporter stamps the block that includes
    // the report, a few seconds later on a loaded machine. So the value is the curve's at one of those seconds.
    const reportedAt = Number(report.reportedAt);
    const curveValues = new Set(
      Array.from({ length: 31 }, (_, back) => carbonIntensityAt(CURVE, reportedAt - back)),
    );
    expect(curveValues).toContain(Number(report.carbonIntensity));
    expect(report.silentNodes).toEqual([]);
    expect(report.energyWh).toBeGreaterThanOrEqual(0n);
  });

  it("reports a silent agent's node to the hub at once", async () => {
    await agents[1]!.stop();
    agents = agents.slice(0, 1);
    const report = await until(
      "a report naming the silent node",
      async () => {
        const r = await w.hub.regionReports.latest(CHAIN_IDS.east);
        return r.silentNodes.includes(nodes[1]!) ? r : undefined;
      },
      30_000,
    );
    expect(report.activeAgents).toBe(1n);
    const health = (await (await fetch(`http://127.0.0.1:${coordinator.port}/health`)).json()) as {
      agents: { nodeId: string; alive: boolean }[];
    };
    expect(health.agents.find((a) => a.nodeId === nodes[1]!.toString())?.alive).toBe(false);
    // The hub can hold the report before the coordinator has seen its transaction confirmed and counted it.
    const counted = await until("the silence report counted in /metrics", async () => {
      const metrics = await (await fetch(`http://127.0.0.1:${coordinator.port}/metrics`)).text();
      return /suanli_coordinator_reports_total\{reason="silence",service="coordinator"\} 1\b/.test(metrics)
        ? metrics
        : undefined;
    });
    expect(counted).toMatch(/suanli_coordinator_reports_total\{reason="silence",service="coordinator"\} 1\b/);
  });
});
