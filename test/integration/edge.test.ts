/**
 * The edge over the real bridge: hub, east and west served as JSON-RPC chains, every contract deployed by the
 * deploy engine and joined by Mailbox + MultisigIsm, three validators (t = 2) and the relayer; two development
 * nodes per region registered on their region (indexed on the hub through the bridge) and staked; one node
 * agent process per node, one coordinator process per region and the scheduler service process, all started
 * as the local stack starts them (services/stack/edge.ts). Nothing is delivered or assigned by the test itself.
 *
 * One world, three jobs (WebAssembly, verified inference, AIGC) placed by the scheduler, executed and proven by
 * the agents, settled on the hub; the inference job's settled output is the one its proof binds; the image is
 * traced to job, node and model. Every coordinator's RegionalReport reaches the hub's RegionReports through the
 * bridge, epoch after epoch. Then an agent is SIGKILLed after acknowledging a job and never restarted: its
 * coordinator reports it silent, the scheduler re-places the job on another node, which settles it.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Groth16Proof as SnarkProof } from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider, NonceManager, parseUnits } from "ethers";
import { deployNetworks } from "../../deploy/suanli.js";
import { TestUSD__factory } from "../../types/contracts/index.js";
import { aigcJobInput, creatorSecretOf, registerProvenance } from "../../services/sdk/index.js";
import { GENERATOR, generateImage } from "../../services/agent/workloads/aigc.js";
import { TINY_MLP } from "../../services/agent/workloads/inference.js";
import { fnvModule } from "../../services/agent/workloads/wasm-samples.js";
import { carbonIntensityAt } from "../../services/coordinator/core/carbon.js";
import { type JobSpec, signJobWithPermit } from "../../services/shared/typed-data.js";
import { DEV_ACCOUNTS, devWallet } from "../../services/stack/accounts.js";
import { type BlobStore, startBlobStore } from "../../services/stack/blob-store.js";
import {
  CARBON_CURVES,
  EDGE_REGIONS,
  type EdgeNode,
  type EdgeProcess,
  type RunningEdge,
  EDGE_NODE_PRICE,
  edgeCoordinators,
  GENERATOR_MODEL,
  registerEdgeNodes,
  spawnService,
  startEdgeServices,
} from "../../services/stack/edge.js";
import {
  contentCommitment,
  creatorCommitment,
  extractWatermark,
  infer,
  inferenceInputCommitment,
  inferenceOutputCommitment,
  modelCommitment,
  verify,
} from "../../services/zk/index.js";
import type { ChainName, LocalChain } from "../bridge/harness.js";
import { type BridgedWorld, startBridgedWorld } from "../helpers/bridged-world.js";
import { until } from "../agent/fixture.js";

const SETTLED = 3n;
let chains: Record<ChainName, LocalChain>;
let net: Awaited<ReturnType<typeof deployNetworks>>;
let world: BridgedWorld;
let blobs: BlobStore;
let nodes: EdgeNode[];
let edge: RunningEdge;
let scheduler: EdgeProcess;
let hubRpc: JsonRpcProvider;

beforeAll(async () => {
  process.env.LOG_LEVEL = "silent";
  const dir = mkdtempSync(path.join(tmpdir(), "suanli-edge-"));
  const deploymentsDir = path.join(dir, "deployments");
  world = await startBridgedWorld({
    recordDir: deploymentsDir,
    hub: {
      schedulers: [devWallet(DEV_ACCOUNTS.scheduler).address],
      tokenHolder: devWallet(DEV_ACCOUNTS.deployer).address,
      models: [GENERATOR_MODEL],
    },
    coordinators: edgeCoordinators(),
    relayerKey: devWallet(DEV_ACCOUNTS.bridgeRelayer).privateKey,
    dataDir: dir,
    pollMs: 100,
  });
  ({ chains, net } = world);
  const rpc = { hub: chains.hub.url, east: chains.east.url, west: chains.west.url };
  nodes = await registerEdgeNodes({ deploymentsDir, rpc, tokenHolderIndex: DEV_ACCOUNTS.deployer });
  blobs = await startBlobStore();
  edge = await startEdgeServices(
    {
      deploymentsDir,
      rpc,
      dataDir: dir,
      inputUrl: blobs.url,
      agentEnv: { SUANLI_AGENT_POLL_MS: "500", SUANLI_AGENT_BATCH_WINDOW_MS: "1000" },
      // Proving stalls an agent's event loop for seconds: silence is judged over 20 s.
      coordinatorEnv: {
        SUANLI_COORDINATOR_EPOCH_MS: "4000",
        SUANLI_COORDINATOR_HEARTBEAT_MS: "500",
        SUANLI_COORDINATOR_SILENT_AFTER_MS: "20000",
        SUANLI_COORDINATOR_POLL_MS: "500",
      },
    },
    nodes,
  );
  scheduler = await spawnService(
    "scheduler",
    "services/scheduler/main.ts",
    {
      SUANLI_SCHEDULER_KEY: devWallet(DEV_ACCOUNTS.scheduler).privateKey,
      SUANLI_HUB_RPC_URL: rpc.hub,
      SUANLI_EAST_RPC_URL: rpc.east,
      SUANLI_WEST_RPC_URL: rpc.west,
      SUANLI_DEPLOYMENTS_DIR: deploymentsDir,
      SUANLI_SCHEDULER_PORT: "0",
      SUANLI_SCHEDULER_INTERVAL_MS: "1000",
      SUANLI_SCHEDULER_START_DELAY_SEC: "0",
    },
    "scheduler configured",
  );
  hubRpc = new JsonRpcProvider(chains.hub.url, undefined, { cacheTimeout: -1 });
}, 300_000);

afterAll(async () => {
  if (scheduler && scheduler.child.exitCode === null) {
    const exited = new Promise((r) => scheduler.child.once("exit", r));
    scheduler.child.kill("SIGTERM");
    await exited;
  }
  await edge?.stop();
  await blobs?.close();
  hubRpc?.destroy();
  await world?.close();
}, 120_000);

let nonce = 1n;
/** Stores the input document and has the buyer sign the job; the job-relayer account submits it. */
async function createJob(doc: unknown): Promise<bigint> {
  const inputCommitment = blobs.put(Buffer.from(JSON.stringify(doc), "utf8"));
  const buyer = devWallet(DEV_ACCOUNTS.buyer);
  const relayer = new NonceManager(devWallet(DEV_ACCOUNTS.jobRelayer).connect(hubRpc));
  const usd = TestUSD__factory.connect(net.hub.paymentToken, chains.hub.deployer);
  await (await usd.mint(buyer.address, parseUnits("1000", 6))).wait();
  const now = BigInt((await hubRpc.getBlock("latest"))!.timestamp);
  const spec: JobSpec = {
    resources: 1,
    durationSec: 60,
    tier: 1,
    latencyBoundMs: 600_000,
    deadline: now + 3600n,
    maxUnitPrice: EDGE_NODE_PRICE + 10n,
    inputCommitment,
  };
  const n = nonce++;
  const { signature, permit } = await signJobWithPermit(buyer, {
    chainId: BigInt(chains.hub.domain),
    market: await net.hub.jobMarket.getAddress(),
    token: { name: "Test USD", address: net.hub.paymentToken, nonce: await usd.nonces(buyer.address) },
    spec,
    nonce: n,
    expiry: now + 600n,
    escrow: await net.hub.jobMarket.quote(spec),
  });
  await (
    await net.hub.jobMarket
      .connect(relayer)
      .createJobWithSig(spec, buyer.address, n, now + 600n, signature, permit)
  ).wait();
  return net.hub.jobMarket.jobCount();
}

const settled = (jobId: bigint, timeoutMs = 240_000) =>
  until(
    `job ${jobId} settled on the hub`,
    async () => {
      const job = await net.hub.jobMarket.job(jobId);
      return job.status === SETTLED ? job : undefined;
    },
    timeoutMs,
  );

const agentOf = (nodeId: bigint) => edge.agents.find((a) => a.node.nodeId === nodeId)!;
const regionOf = (nodeId: bigint) => nodes.find((n) => n.nodeId === nodeId)!.region;

/** GET on an agent, asking again while its event loop is busy proving. */
const agentGet = (nodeId: bigint, urlPath: string) =>
  until(`GET ${urlPath}`, () =>
    fetch(`${agentOf(nodeId).url}${urlPath}`)
      .then((r) => (r.ok ? r : undefined))
      .catch(() => undefined),
  );

describe("the edge over the real bridge: two regions, two agents each, scheduler, coordinators", () => {
  it("places, executes, proves and settles one job of each workload kind", async () => {
    const x = [5, -3, 17, 100, -128, 127, 0, 1, 2, 3, -4, 55, 66, -77, 8, 9];
    const wasm = await createJob({
      kind: "wasm",
      module: blobs.put(fnvModule(4)).toString(),
      input: Buffer.alloc(1024, 3).toString("base64"),
    });
    const inference = await createJob({ kind: "inference", model: modelCommitment(TINY_MLP).toString(), x });
    // The buyer's AIGC input names the generator's model id (1: the model approved at deployment).
    const aigcInput = aigcJobInput("terraced fields in the west", 11, 1n);
    const aigc = await createJob(aigcInput.doc);

    const ids = nodes.map((n) => n.nodeId);
    for (const jobId of [wasm, inference, aigc]) {
      const job = await settled(jobId);
      expect(ids).toContain(job.nodeId);
      // The receipt came from the region of the node the scheduler chose, proven (not signed).
      const region = net.regions[regionOf(job.nodeId)]!;
      const proven = await region.receipts.queryFilter(region.receipts.filters.ReceiptProven(jobId));
      expect(proven).toHaveLength(1);
      expect(proven[0]!.args.nodeId).toBe(job.nodeId);
      const row = (await (await agentGet(job.nodeId, `/v1/jobs/${jobId}`)).json()) as { state: string };
      expect(["submitted", "registered"]).toContain(row.state);
    }

    // Inference: the settled output commitment is Poseidon(f(x)), the first public signal of its proof.
    const inferenceNode = (await net.hub.jobMarket.job(inference)).nodeId;
    const settledOutput = await net.hub.jobMarket.verifiedOutputCommitment(inference);
    expect(settledOutput).toBe(inferenceOutputCommitment(infer(TINY_MLP, x)));
    const doc = (await (await agentGet(inferenceNode, `/v1/outputs/${settledOutput}`)).json()) as {
      proof: SnarkProof;
      publicSignals: string[];
    };
    const signals = doc.publicSignals.map(BigInt);
    expect(signals).toEqual([settledOutput, modelCommitment(TINY_MLP), inferenceInputCommitment(x)]);
    expect(await verify("VerifiedInference", doc.proof, signals)).toBe(true);
    // The agent submitted that proof to the hub's InferenceRegistry, which checked it against the settled output.
    await until(
      "inference attested on the hub",
      async () => {
        const r = (await (await agentGet(inferenceNode, `/v1/jobs/${inference}`)).json()) as {
          state: string;
        };
        return r.state === "registered" ? true : undefined;
      },
      180_000,
    );
    const attested = await net.hub.inferenceRegistry.attestation(inference);
    expect([attested.outputCommitment, attested.modelCommitment, attested.xCommitment]).toEqual([
      settledOutput,
      modelCommitment(TINY_MLP),
      inferenceInputCommitment(x),
    ]);

    // AIGC: the buyer registers the settled image (ZK v2: only the job's buyer may); the agent then publishes
    // the PNG watermarked with the record id, which leads back to job, node and model.
    const aigcJob = await net.hub.jobMarket.job(aigc);
    const content = generateImage("terraced fields in the west", 11);
    expect(await net.hub.jobMarket.verifiedOutputCommitment(aigc)).toBe(contentCommitment(content));
    const buyer = devWallet(DEV_ACCOUNTS.buyer).connect(hubRpc);
    const registered = await registerProvenance(
      buyer,
      {
        provenanceRegistry: await net.hub.provenanceRegistry.getAddress(),
        modelRegistry: await net.hub.modelRegistry.getAddress(),
      },
      { jobId: aigc, content, input: aigcInput.doc },
    );
    const row = await until(
      "watermarked PNG published",
      async () => {
        const r = (await (await agentGet(aigcJob.nodeId, `/v1/jobs/${aigc}`)).json()) as Record<
          string,
          string
        >;
        return r.state === "registered" ? r : undefined;
      },
      180_000,
    );
    expect(BigInt(row.recordId!)).toBe(registered.recordId);
    const png = Buffer.from(
      await (await agentGet(aigcJob.nodeId, `/v1/outputs/${row.outputCommitment}/image.png`)).arrayBuffer(),
    );
    const mark = extractWatermark(png);
    expect(mark).toMatchObject({ found: true, recordId: registered.recordId });
    const record = await net.hub.provenanceRegistry.record(registered.recordId);
    expect(record.linkedJobId).toBe(aigc);
    expect(record.contentCommitment).toBe(contentCommitment(content));
    expect(record.creatorCommitment).toBe(creatorCommitment(await creatorSecretOf(buyer)));
    expect(record.registrant).toBe(buyer.address);
    expect(nodes.map((n) => n.nodeId)).toContain(aigcJob.nodeId);
    const model = await net.hub.modelRegistry.model(record.modelId);
    expect([model.name, model.version, model.approved]).toEqual([GENERATOR.name, GENERATOR.version, true]);
  }, 600_000);

  it("every coordinator's RegionalReport reaches the hub through the bridge, epoch after epoch", async () => {
    for (const region of EDGE_REGIONS) {
      const domain = net.regions[region]!.domain;
      const first = await until(`a report of ${region} on the hub`, async () => {
        const r = await net.hub.regionReports.latest(domain);
        return r.epoch > 0n ? r : undefined;
      });
      const next = await until(
        `a later epoch of ${region} on the hub`,
        async () => {
          const r = await net.hub.regionReports.latest(domain);
          return r.epoch > first.epoch ? r : undefined;
        },
        60_000,
      );
      expect(next.activeAgents).toBeGreaterThanOrEqual(1n);
      // The carbon intensity is the region's curve at the region chain's time of the report.
      expect(Number(next.carbonIntensity)).toBe(
        carbonIntensityAt(CARBON_CURVES[region], Number(next.reportedAt)),
      );
      const sent = await net.regions[region]!.reporter.queryFilter(
        net.regions[region]!.reporter.filters.ReportSent(),
      );
      const delivered = await net.hub.regionReports.queryFilter(
        net.hub.regionReports.filters.RegionReported(domain),
      );
      expect(delivered.length).toBeGreaterThanOrEqual(2);
      // Every delivered epoch was sent by the region's reporter (the bridge carried them, nothing else).
      const sentEpochs = new Set(sent.map((e) => e.args.epoch));
      for (const d of delivered) expect(sentEpochs.has(d.args.epoch)).toBe(true);
    }
  }, 120_000);

  it("an agent SIGKILLed after acknowledging and never restarted: the job is re-placed and settled elsewhere", async () => {
    // A run of a few seconds, so the kill lands after the acknowledgement and before any receipt.
    const jobId = await createJob({
      kind: "wasm",
      module: blobs.put(fnvModule(40_000)).toString(),
      input: Buffer.alloc(32 * 1024, 9).toString("base64"),
    });
    const first = await until("first placement acknowledged", async () => {
      const job = await net.hub.jobMarket.job(jobId);
      if (job.attempt !== 1n) return undefined;
      const inbox = net.regions[regionOf(job.nodeId)]!.inbox;
      return (await inbox.assignment(jobId)).acknowledged ? job : undefined;
    });
    const victim = agentOf(first.nodeId);
    const exited = new Promise((r) => victim.child.once("exit", r));
    victim.child.kill("SIGKILL");
    await exited;

    const job = await settled(jobId, 300_000);
    expect(job.attempt).toBeGreaterThanOrEqual(2n);
    expect(job.nodeId).not.toBe(first.nodeId);
    const region = net.regions[regionOf(job.nodeId)]!;
    const proven = await region.receipts.queryFilter(region.receipts.filters.ReceiptProven(jobId));
    expect(proven.map((e) => e.args.nodeId)).toEqual([job.nodeId]);
    // The silent node was named in a report that reached the hub.
    const reports = await net.hub.regionReports.queryFilter(
      net.hub.regionReports.filters.RegionReported(net.regions[regionOf(first.nodeId)]!.domain),
    );
    expect(reports.some((e) => e.args.report.silentNodes.includes(first.nodeId))).toBe(true);
  }, 420_000);
});
