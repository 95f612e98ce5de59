/**
 * The demo scenario on three anvil nodes (Foundry's EVM, 1-second blocks) run by the stack in external mode:
 * `scripts/stack.ts --chains external` (what `npm start -- --chains external` runs) deploys with the engine and
 * starts the bridge services (validators t = 2, relayer), the scheduler, the REST API with the dashboard and the
 * edge (development nodes with their agents, a coordinator per region, the job input store) against the anvil
 * nodes. The provider registers and stakes with the `suanli` binary; the buyer stores its AIGC input and submits
 * with the SDK; an agent executes and proves the job and the hub settles it: provider pay + fee + refund =
 * escrow, the verified result downloaded; the buyer registers its provenance with `suanli provenance register`
 * and traces the agent's watermarked PNG (scripts/demo-scenario.ts). The stack's printed "try this" lines name
 * this stack's base port.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider } from "ethers";
import { type Anvil, startAnvil } from "../../deploy/anvil.js";
import { stackLayout, type StackLayout } from "../../services/stack/ports.js";
import { generateImage } from "../../services/agent/workloads/aigc.js";
import { contentCommitment } from "../../services/zk/index.js";
import { scenario } from "../../scripts/demo-scenario.js";
import { freeBasePort, ROOT } from "../helpers/stack.js";

const CHAINS = ["hub", "east", "west"] as const;
const START_TIMEOUT_MS = 300_000;

interface Manifest {
  chains: Record<string, string>;
  services: { api: string; inputs: string; agents: Record<string, string> };
}

describe("the demo scenario on three anvil nodes (1-second blocks), the stack in external mode", () => {
  const nodes: Anvil[] = [];
  let hubRpc: JsonRpcProvider;
  let layout: StackLayout;
  let stack: ChildProcess | undefined;
  let stackExit: Promise<void>;
  let output = "";
  let manifest: Manifest;
  let hub: Record<string, string>;

  beforeAll(async () => {
    for (const i of CHAINS.keys()) nodes.push(await startAnvil(31_337 + i, 1));
    hubRpc = new JsonRpcProvider(nodes[0]!.url, undefined, { cacheTimeout: -1 });
    layout = stackLayout(ROOT, await freeBasePort());
    stack = spawn(process.execPath, ["--import", "tsx", "scripts/stack.ts", "--chains", "external"], {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        LOG_LEVEL: "warn",
        // One node (and agent) per region and no scheduler warm-up: the job needs no more, CI time counts.
        SUANLI_STACK_NODES_PER_REGION: "1",
        SUANLI_SCHEDULER_START_DELAY_SEC: "0",
        SUANLI_STACK_BASE_PORT: String(layout.base),
        SUANLI_HUB_RPC_URL: nodes[0]!.url,
        SUANLI_EAST_RPC_URL: nodes[1]!.url,
        SUANLI_WEST_RPC_URL: nodes[2]!.url,
      },
    });
    stack.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    stack.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    let exited = false;
    stackExit = new Promise((resolve) => stack!.once("close", () => ((exited = true), resolve())));
    for (const started = Date.now(); !existsSync(layout.manifest) || !/Try this:/.test(output);) {
      if (exited || Date.now() - started > START_TIMEOUT_MS) {
        throw new Error(`the stack did not start on the anvil nodes:\n${output.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    manifest = JSON.parse(readFileSync(layout.manifest, "utf8")) as Manifest;
    hub = JSON.parse(readFileSync(path.join(layout.deploymentsDir, "hub.json"), "utf8"));
  }, START_TIMEOUT_MS + 30_000);
  afterAll(async () => {
    if (stack?.pid !== undefined && stack.exitCode === null) {
      process.kill(-stack.pid, "SIGINT");
      const killed = setTimeout(() => process.kill(-stack!.pid!, "SIGKILL"), 30_000);
      await stackExit;
      clearTimeout(killed);
    }
    hubRpc?.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
    if (layout) rmSync(layout.dir, { recursive: true, force: true });
  }, 60_000);

  it("the stack ran against the anvil nodes and printed its doors for this base", () => {
    expect(manifest.chains).toEqual({ hub: nodes[0]!.url, east: nodes[1]!.url, west: nodes[2]!.url });
    expect(Number(hub.chainId)).toBe(31_337);
    expect(output).toContain(`SUANLI_STACK_BASE_PORT=${layout.base} npx suanli bridge status`);
    expect(output).toContain(`${manifest.services.api}/v1/quotes?`);
    expect(Object.keys(manifest.services.agents)).toHaveLength(2);
  });

  it("a buyer's SDK job runs on an agent, the hub settles it, its image is registered and traced", async () => {
    const lines: string[] = [];
    const demo = scenario({
      cliEnv: { SUANLI_STACK_BASE_PORT: String(layout.base) },
      apiUrl: manifest.services.api,
      hubRpc,
      hub,
      inputStoreUrl: manifest.services.inputs,
      agentUrl: (nodeId) => manifest.services.agents[nodeId.toString()],
      log: (line) => lines.push(line),
      timeoutMs: 150_000,
    });
    const nodeId = await demo.provider();
    expect(BigInt(nodeId) >> 64n).toBe(31_338n);
    const job = await demo.job("one AIGC job on anvil", "a harbour at night", 3);
    // Placed on an edge node (the demo provider's node asks more than the buyer pays), proven, settled.
    expect(Object.keys(manifest.services.agents)).toContain(job.nodeId.toString());
    expect(job.providerPay).toBeGreaterThan(0n);
    expect(job.fee).toBeGreaterThan(0n);
    expect(job.providerPay + job.fee + job.buyerRefund).toBe(job.escrow);
    expect(job.outputCommitment).toBe(contentCommitment(generateImage("a harbour at night", 3)));
    const log = lines.join("\n");
    expect(log).toMatch(/timeline: settled on hub/);
    expect(log).toMatch(/proven receipt from node/);
    const { recordId, traced } = await demo.provenance(job);
    expect(traced.recordId).toBe(recordId);
    expect((traced.record as Record<string, string>).linkedJobId).toBe(job.jobId.toString());
  }, 420_000);
});
