/**
 * The demo scenario on three anvil nodes (Foundry's EVM, 1-second blocks) deployed by the deploy engine: the
 * bridge services (validators t = 2, relayer), the scheduler service (its own process), the REST API and the
 * stack's edge (services/stack/edge.ts: one development node per region with its agent, a coordinator per
 * region, the job input store) run against them. The provider registers and stakes with the `suanli` binary;
 * the buyer stores its AIGC input and submits with the SDK; an agent executes and proves the job and the hub
 * settles it: provider pay + fee + refund = escrow, the verified result downloaded; the buyer registers its
 * provenance with `suanli provenance register` and traces the agent's watermarked PNG (scripts/demo-scenario.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider } from "ethers";
import { type Anvil, startAnvil } from "../../deploy/anvil.js";
import { deploy } from "../../deploy/engine.js";
import { DEV_PARAMS } from "../../deploy/params.js";
import { loadApiConfig } from "../../services/api/config.js";
import { type RunningApi, startApi } from "../../services/api/service.js";
import { createLogger } from "../../services/shared/logger.js";
import { DEV_ACCOUNTS, DEV_FUNDS, devWallet } from "../../services/stack/accounts.js";
import { type BlobStore, startBlobStore } from "../../services/stack/blob-store.js";
import { type BridgeServices, startBridgeServices } from "../../services/stack/bridge-services.js";
import {
  edgeCoordinators,
  GENERATOR_MODEL,
  registerEdgeNodes,
  type RunningEdge,
  startEdgeServices,
} from "../../services/stack/edge.js";
import { SuanliToken__factory, TestUSD__factory } from "../../types/contracts/index.js";
import { generateImage } from "../../services/agent/workloads/aigc.js";
import { contentCommitment } from "../../services/zk/index.js";
import { scenario } from "../../scripts/demo-scenario.js";
import { ROOT } from "../cli/run.js";

const CHAINS = ["hub", "east", "west"] as const;

describe("the demo scenario on three anvil nodes (1-second blocks)", () => {
  const nodes: Anvil[] = [];
  const providers: JsonRpcProvider[] = [];
  let records: Record<string, Record<string, string | number>>;
  let bridge: BridgeServices | undefined;
  let api: RunningApi | undefined;
  let scheduler: ChildProcess | undefined;
  let inputs: BlobStore | undefined;
  let edge: RunningEdge | undefined;
  let rpcEnv: Record<string, string>;

  beforeAll(async () => {
    process.env.LOG_LEVEL = "silent";
    for (const i of CHAINS.keys()) nodes.push(await startAnvil(31_337 + i, 1));
    for (const n of nodes) providers.push(new JsonRpcProvider(n.url, undefined, { cacheTimeout: -1 }));
    const work = await mkdtemp(path.join(tmpdir(), "suanli-anvil-demo-"));
    const dir = path.join(work, "deployments");
    const wallets = Object.fromEntries(
      CHAINS.map((name, i) => [name, devWallet(DEV_ACCOUNTS.deployer).connect(providers[i]!)]),
    );
    ({ records } = await deploy({
      dir,
      wallets,
      params: DEV_PARAMS,
      validators: DEV_ACCOUNTS.validators.map((i) => devWallet(i).address),
      threshold: 2,
      schedulers: [devWallet(DEV_ACCOUNTS.scheduler).address],
      models: [GENERATOR_MODEL],
      coordinators: edgeCoordinators(),
    }));
    // The stack's starting balances (scripts/stack.ts): the provider's SUAN, the buyer's test USD.
    const hub = records.hub!;
    await (
      await SuanliToken__factory.connect(String(hub.token), wallets.hub!).transfer(
        devWallet(DEV_ACCOUNTS.provider).address,
        DEV_FUNDS.providerSuan,
      )
    ).wait();
    await (
      await TestUSD__factory.connect(String(hub.paymentToken), wallets.hub!).mint(
        devWallet(DEV_ACCOUNTS.buyer).address,
        DEV_FUNDS.buyerUsd,
      )
    ).wait();

    bridge = await startBridgeServices({
      chains: CHAINS.map((name, i) => ({
        name,
        domain: Number(records[name]!.domain),
        rpcUrl: nodes[i]!.url,
        mailbox: String(records[name]!.mailbox),
        ism: String(records[name]!.ism),
        fromBlock: Number(records[name]!.bridgeFromBlock),
        confirmations: 0,
      })),
      validatorKeys: DEV_ACCOUNTS.validators.map((i) => devWallet(i).privateKey),
      relayerKey: devWallet(DEV_ACCOUNTS.bridgeRelayer).privateKey,
      dataDir: work,
      pollMs: 250,
    });
    rpcEnv = {
      SUANLI_HUB_RPC_URL: nodes[0]!.url,
      SUANLI_EAST_RPC_URL: nodes[1]!.url,
      SUANLI_WEST_RPC_URL: nodes[2]!.url,
      SUANLI_DEPLOYMENTS_DIR: dir,
    };
    api = await startApi(
      loadApiConfig({
        ...rpcEnv,
        SUANLI_API_KEY: devWallet(DEV_ACCOUNTS.jobRelayer).privateKey,
        SUANLI_API_PORT: "0",
        SUANLI_API_DATA_DIR: path.join(work, "api"),
      }),
      createLogger("api"),
    );
    // The scheduler service as the stack runs it: its own process.
    scheduler = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "services/scheduler/main.ts")], {
      cwd: ROOT,
      stdio: "ignore",
      env: {
        ...process.env,
        ...rpcEnv,
        SUANLI_SCHEDULER_KEY: devWallet(DEV_ACCOUNTS.scheduler).privateKey,
        SUANLI_SCHEDULER_PORT: "0",
        SUANLI_SCHEDULER_INTERVAL_MS: "1000",
        SUANLI_SCHEDULER_START_DELAY_SEC: "0",
      },
    });
    // The stack's edge: one development node per region with its agent, the coordinators, the input store.
    const rpc = Object.fromEntries(CHAINS.map((name, i) => [name, nodes[i]!.url]));
    const edgeNodes = await registerEdgeNodes(
      { deploymentsDir: dir, rpc, tokenHolderIndex: DEV_ACCOUNTS.deployer, timeoutMs: 150_000 },
      1,
    );
    inputs = await startBlobStore();
    edge = await startEdgeServices(
      {
        deploymentsDir: dir,
        rpc,
        dataDir: path.join(work, "edge"),
        inputUrl: inputs.url,
        resultUrl: api.url,
        agentEnv: { SUANLI_AGENT_POLL_MS: "500" },
        coordinatorEnv: { SUANLI_COORDINATOR_EPOCH_MS: "15000", SUANLI_COORDINATOR_SILENT_AFTER_MS: "60000" },
      },
      edgeNodes,
    );
  }, 300_000);
  afterAll(async () => {
    await edge?.stop();
    await inputs?.close();
    scheduler?.kill("SIGTERM");
    await api?.stop();
    await bridge?.stop();
    for (const p of providers) p.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
  });

  it("a buyer's SDK job runs on an agent, the hub settles it, its image is registered and traced", async () => {
    const lines: string[] = [];
    const demo = scenario({
      cliEnv: { ...rpcEnv, SUANLI_API_URL: api!.url, SUANLI_STACK_BASE_PORT: "1999" },
      apiUrl: api!.url,
      hubRpc: providers[0]!,
      hub: records.hub as Record<string, string>,
      inputStoreUrl: inputs!.url,
      agentUrl: (nodeId) => edge!.agents.find((a) => a.node.nodeId === nodeId)?.url,
      log: (line) => lines.push(line),
      timeoutMs: 150_000,
    });
    const nodeId = await demo.provider();
    expect(BigInt(nodeId) >> 64n).toBe(31_338n);
    const job = await demo.job("one AIGC job on anvil", "a harbour at night", 3);
    // Placed on an edge node (the demo provider's node asks more than the buyer pays), proven, settled.
    expect(edge!.agents.map((a) => a.node.nodeId)).toContain(job.nodeId);
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
