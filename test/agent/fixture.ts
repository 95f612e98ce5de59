/**
 * The agent tests' world: one Hardhat chain served over JSON-RPC on an ephemeral port (the agent is a JSON-RPC
 * client, in this process or as a child process), holding the hub and the east region told apart by two peered
 * LocalMessengers; the generator model approved in ModelRegistry before the hub is handed to its Timelock; and
 * the content-addressed input store over real HTTP (services/stack/blob-store.ts).
 */
import { HDNodeWallet, JsonRpcProvider, NonceManager, type Signer, Wallet, parseUnits } from "ethers";
import { network } from "hardhat";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { connectRegion, deployHub, deployRegion, handOverHub } from "../../deploy/suanli.js";
import { LocalMessenger__factory, TestUSD__factory } from "../../types/contracts/index.js";
import { GENERATOR, GENERATOR_COMMITMENT } from "../../services/agent/workloads/aigc.js";
import { type JobSpec, signJobWithPermit } from "../../services/shared/typed-data.js";
import { startBlobStore } from "../../services/stack/blob-store.js";
import { identityCommitment } from "../../services/zk/index.js";

const DEV_MNEMONIC = "test test test test test test test test test test test junk";
export const devWallet = (i: number) =>
  HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);

export async function agentWorld() {
  const server = await network.createServer("hub", "127.0.0.1", 0);
  const { port } = await server.listen();
  const rpcUrl = `http://127.0.0.1:${port}`;
  const provider = new JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1 });
  const chainId = (await provider.getNetwork()).chainId;
  const signer = (i: number): Signer => new NonceManager(devWallet(i).connect(provider));
  const [deployer, buyer, relayer, scheduler, voter] = [0, 1, 5, 3, 4].map(signer) as Signer[];

  const hubMessenger = await new LocalMessenger__factory(deployer).deploy(CHAIN_IDS.hub);
  const eastMessenger = await new LocalMessenger__factory(deployer).deploy(CHAIN_IDS.east);
  await (await hubMessenger.setPeer(await eastMessenger.getAddress())).wait();
  await (await eastMessenger.setPeer(await hubMessenger.getAddress())).wait();
  const hub = await deployHub(deployer!, {
    messenger: await hubMessenger.getAddress(),
    schedulers: [await scheduler!.getAddress()],
    tokenHolder: await voter!.getAddress(),
  });
  const east = await deployRegion(deployer!, {
    hubDomain: CHAIN_IDS.hub,
    messenger: await eastMessenger.getAddress(),
  });
  await connectRegion(hub, east, deployer!, deployer!);
  await (
    await hub.modelRegistry.approveModel(GENERATOR_COMMITMENT, GENERATOR.name, GENERATOR.version)
  ).wait();
  await handOverHub(hub, deployer!);
  const usd = TestUSD__factory.connect(hub.paymentToken, deployer!);
  await (await usd.mint(await buyer!.getAddress(), parseUnits("1000000", 6))).wait();
  const blobStore = await startBlobStore();

  const now = async () => BigInt((await provider.getBlock("latest"))!.timestamp);
  let nonce = 1n;

  /** Registers a node for `operator` (dev account index) with identity Poseidon(secret) and stakes for it. */
  async function registerNode(operatorIndex: number, secret: bigint, pricePerSecond = 20n) {
    const operator = signer(operatorIndex);
    const rcpt = await (
      await east.registry.connect(operator).register({
        cpuCores: 16,
        memoryMb: 65_536,
        gpuModel: "",
        gpuCount: 0,
        latencyClass: 1,
        energySource: 3,
        carbonIntensity: 30,
        pricePerSecond,
        identityCommitment: identityCommitment(secret),
        endpoint: "http://127.0.0.1",
      })
    ).wait();
    const nodeId = rcpt!.logs
      .map((l) => {
        try {
          return east.registry.interface.parseLog(l);
        } catch {
          return null;
        }
      })
      .find((l) => l?.name === "NodeRegistered")!.args.nodeId as bigint;
    const amount = parseUnits("1000", 18);
    await (await hub.token.connect(voter!).transfer(await operator.getAddress(), amount)).wait();
    await (await hub.token.connect(operator).approve(await hub.stakeManager.getAddress(), amount)).wait();
    await (await hub.stakeManager.connect(operator).stake(nodeId, amount)).wait();
    return { nodeId, operator, key: devWallet(operatorIndex).privateKey, secret };
  }

  /** Stores the input document, creates a signed job for it and returns the job id. */
  async function createJob(doc: unknown, overrides: Partial<JobSpec> = {}) {
    const inputCommitment = blobStore.put(Buffer.from(JSON.stringify(doc), "utf8"));
    const spec: JobSpec = {
      resources: 1,
      durationSec: 60,
      tier: 1,
      latencyBoundMs: 600_000,
      deadline: (await now()) + 3600n,
      maxUnitPrice: 25n,
      inputCommitment,
      ...overrides,
    };
    const market = await hub.jobMarket.getAddress();
    const expiry = (await now()) + 600n;
    const escrow = await hub.jobMarket.quote(spec);
    const n = nonce++;
    const token = {
      name: "Test USD",
      address: hub.paymentToken,
      nonce: await usd.nonces(await buyer!.getAddress()),
    };
    const { signature, permit } = await signJobWithPermit(buyer!, {
      chainId,
      market,
      token,
      spec,
      nonce: n,
      expiry,
      escrow,
    });
    await (
      await hub.jobMarket
        .connect(relayer!)
        .createJobWithSig(spec, await buyer!.getAddress(), n, expiry, signature, permit)
    ).wait();
    return { jobId: await hub.jobMarket.jobCount(), inputCommitment };
  }

  async function assign(jobId: bigint, nodeId: bigint) {
    const attempt = (await hub.jobMarket.job(jobId)).attempt + 1n;
    await (await hub.directiveHub.connect(scheduler!).assign(jobId, nodeId, attempt)).wait();
    return Number(attempt);
  }

  /** The environment a node agent needs in this world. */
  function agentEnv(
    node: { nodeId: bigint; key: string; secret: bigint },
    extra: Record<string, string> = {},
  ): Record<string, string> {
    return {
      SUANLI_AGENT_RPC_URL: rpcUrl,
      SUANLI_AGENT_CHAIN_ID: chainId.toString(),
      SUANLI_AGENT_INBOX: east.inbox.target as string,
      SUANLI_AGENT_RECEIPTS: east.receipts.target as string,
      SUANLI_AGENT_NODE_ID: node.nodeId.toString(),
      SUANLI_AGENT_KEY: node.key,
      SUANLI_AGENT_NODE_SECRET: node.secret.toString(),
      SUANLI_AGENT_COORDINATOR: coordinator.address,
      SUANLI_AGENT_DATA_DIR: mkdtempSync(path.join(tmpdir(), "suanli-agent-")),
      SUANLI_AGENT_INPUT_URL: blobStore.url,
      SUANLI_AGENT_RESULT_URL: blobStore.url,
      SUANLI_AGENT_RECEIPT_MODE: "signed",
      SUANLI_AGENT_POLL_MS: "200",
      SUANLI_AGENT_HUB_RPC_URL: rpcUrl,
      SUANLI_AGENT_HUB_JOB_MARKET: hub.jobMarket.target as string,
      SUANLI_AGENT_HUB_MODELS: hub.modelRegistry.target as string,
      SUANLI_AGENT_HUB_PROVENANCE: hub.provenanceRegistry.target as string,
      SUANLI_AGENT_HUB_INFERENCE: hub.inferenceRegistry.target as string,
      ...extra,
    };
  }

  const coordinator = Wallet.createRandom();

  return {
    server,
    rpcUrl,
    provider,
    chainId,
    hub,
    east,
    usd,
    blobStore,
    coordinator,
    signers: { deployer: deployer!, buyer: buyer!, relayer: relayer!, scheduler: scheduler!, voter: voter! },
    now,
    registerNode,
    createJob,
    assign,
    agentEnv,
    async close() {
      await blobStore.close();
      provider.destroy();
      await server.close();
    },
  };
}

export type AgentWorld = Awaited<ReturnType<typeof agentWorld>>;

/** Polls `probe` every 100 ms until it returns a value, or fails after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs `services/agent/main.ts` as its own process (as an operator would) and resolves once it listens.
 * Proving blocks an event loop for seconds, so tests that prove keep the agent out of the process that serves
 * the chain.
 */
export async function spawnAgentProcess(env: Record<string, string>) {
  const { spawn } = await import("node:child_process");
  const root = path.join(import.meta.dirname, "..", "..");
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(root, "services", "agent", "main.ts")],
    {
      cwd: root,
      env: { ...process.env, ...env, LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      for (const line of buffered.split("\n")) {
        if (line.includes('"msg":"agent up"')) resolve((JSON.parse(line) as { port: number }).port);
      }
      buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
    });
    child.once("exit", (code) => reject(new Error(`agent exited with ${code} before listening`)));
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    /** The agent's queue record of a job (newest attempt), from GET /v1/jobs/:jobId. */
    async job(jobId: bigint): Promise<Record<string, string | number | null> | undefined> {
      // The agent's event loop stalls while it proves; a probe that meets a reset connection just asks again.
      try {
        const res = await fetch(`http://127.0.0.1:${port}/v1/jobs/${jobId}`);
        return res.ok ? ((await res.json()) as Record<string, string | number | null>) : undefined;
      } catch {
        return undefined;
      }
    },
    /** GET `path` on the agent, asking again if the connection is reset while the agent proves. */
    async get(urlPath: string): Promise<Response> {
      return until(`GET ${urlPath}`, () =>
        fetch(`http://127.0.0.1:${port}${urlPath}`).catch(() => undefined),
      );
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
