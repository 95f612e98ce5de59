/**
 * One node agent (in this process) against a JSON-RPC chain: WebAssembly jobs placed on its node are read from
 * DirectiveInbox, acknowledged, run, stored, uploaded and receipted (signed), and the hub settles them; a
 * module that loops forever ends in a failure receipt within its limit and the agent goes on serving.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../services/shared/config.js";
import { createLogger } from "../../services/shared/logger.js";
import { agentConfigSchema } from "../../services/agent/config.js";
import { type RunningAgent, startAgent } from "../../services/agent/service.js";
import { blobCommitment } from "../../services/agent/core/content.js";
import { fnvModule, fnvReference } from "../../services/agent/workloads/wasm-samples.js";
import { type AgentWorld, agentWorld, until } from "./fixture.js";
import { LOOP_FOREVER } from "./hostile.js";

const SETTLED = 3n;
let w: AgentWorld;
let agent: RunningAgent;
let node: Awaited<ReturnType<AgentWorld["registerNode"]>>;
const logger = createLogger("agent-test");
logger.level = "warn";

beforeAll(async () => {
  w = await agentWorld();
  node = await w.registerNode(7, 0xa11cen);
  agent = await startAgent(
    parseConfig(agentConfigSchema, w.agentEnv(node, { SUANLI_AGENT_WASM_WALL_MS: "1500" })),
    logger,
  );
});

afterAll(async () => {
  await agent?.stop();
  await w?.close();
});

const settled = (jobId: bigint) =>
  until(`job ${jobId} settled`, async () =>
    (await w.hub.jobMarket.job(jobId)).status === SETTLED ? true : undefined,
  );

describe("node agent: WebAssembly jobs with signed receipts", () => {
  it("runs a job, serves and uploads the output, and the hub settles on its commitment", async () => {
    const module = w.blobStore.put(fnvModule());
    const input = Buffer.from("suanli edge job", "utf8");
    const { jobId } = await w.createJob({
      kind: "wasm",
      module: module.toString(),
      input: input.toString("base64"),
    });
    await w.assign(jobId, node.nodeId);
    await settled(jobId);
    const expected = blobCommitment(fnvReference(input));
    expect(await w.hub.jobMarket.verifiedOutputCommitment(jobId)).toBe(expected);
    const served = await fetch(`http://127.0.0.1:${agent.port}/v1/outputs/${expected}`);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(Buffer.from(fnvReference(input)));
    await until("upload", async () => (w.blobStore.blobs.has(expected.toString()) ? true : undefined));
    const row = agent.store.get(jobId, 1)!;
    expect(row).toMatchObject({ state: "submitted", kind: "wasm", outcome: "ok", completions: 1 });
    expect(row.energyJ).toBeGreaterThan(0);
  });

  it("ends a module that loops forever with a failure receipt, then serves the next job", async () => {
    const looping = w.blobStore.put(LOOP_FOREVER);
    const bad = await w.createJob({ kind: "wasm", module: looping.toString(), input: "" });
    await w.assign(bad.jobId, node.nodeId);
    const good = await w.createJob({
      kind: "wasm",
      module: w.blobStore.put(fnvModule()).toString(),
      input: Buffer.from("after the loop").toString("base64"),
    });
    await w.assign(good.jobId, node.nodeId);
    await settled(bad.jobId);
    await settled(good.jobId);
    const failed = agent.store.get(bad.jobId, 1)!;
    expect(failed).toMatchObject({ outcome: "failed", state: "submitted" });
    expect(failed.failure).toMatch(/^timeout: wall-clock limit 1500 ms/);
    expect(failed.runMs!).toBeLessThan(1500 + 2000);
    const doc = await fetch(`http://127.0.0.1:${agent.port}/v1/outputs/${failed.outputCommitment}`);
    expect(await doc.json()).toMatchObject({ status: "failed", kind: "wasm", reason: "timeout" });
    expect(await w.hub.jobMarket.verifiedOutputCommitment(bad.jobId)).toBe(failed.outputCommitment);
    expect(agent.store.get(good.jobId, 1)).toMatchObject({ outcome: "ok", state: "submitted" });
    const metrics = await (await fetch(`http://127.0.0.1:${agent.port}/metrics`)).text();
    expect(metrics).toMatch(
      /suanli_agent_runs_completed_total\{kind="wasm",outcome="failed",service="agent"\} 1/,
    );
    expect(metrics).toMatch(/suanli_agent_jobs\{state="submitted",service="agent"\} 3/);
    expect(metrics).toMatch(/suanli_agent_energy_joules_total\{kind="wasm",service="agent"\} [0-9.]+/);
  });

  it("reports health and refuses a malformed output commitment", async () => {
    const health = (await (await fetch(`http://127.0.0.1:${agent.port}/health`)).json()) as Record<
      string,
      unknown
    >;
    expect(health).toMatchObject({ status: "ok", nodeId: node.nodeId.toString() });
    const bad = await fetch(`http://127.0.0.1:${agent.port}/v1/outputs/0xzz`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("INVALID_COMMITMENT");
  });
});
