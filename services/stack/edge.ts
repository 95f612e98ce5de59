/**
 * The edge of a running network of chains, for the local stack (`npm start`) and the edge integration test
 * (test/integration/edge.test.ts): development nodes registered on each region's ComputeRegistry (the
 * registration reaches the hub's NodeIndex through the bridge) and staked on the hub, one node agent process
 * per node (`services/agent/main.ts`) and one coordinator process per region (`services/coordinator/main.ts`),
 * each run exactly as an operator would run it. Contract addresses come from the deployment records
 * (`<deploymentsDir>/<chain>.json`); keys are the development accounts of services/stack/accounts.ts.
 *
 * The region's coordinator must already be the one appointed in its RegionalReporter (deploy option
 * `coordinators`), and the agents' image generator approved in ModelRegistry (deploy option `hub.models`,
 * see `GENERATOR_MODEL`), since both belong to governance once the deployment is handed over.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider, NonceManager, id, parseUnits } from "ethers";
import {
  ComputeRegistry__factory,
  NodeIndex__factory,
  StakeManager__factory,
  SuanliToken__factory,
} from "../../types/contracts/index.js";
import { GENERATOR, GENERATOR_COMMITMENT } from "../agent/workloads/aigc.js";
import { identityCommitment } from "../zk/index.js";
import type { Logger } from "../shared/logger.js";
import { DEV_ACCOUNTS, devWallet } from "./accounts.js";
import { startBlobStore } from "./blob-store.js";
import type { NamedPort, StackLayout } from "./ports.js";

export type EdgeRegion = keyof typeof DEV_ACCOUNTS.edgeOperators;
export const EDGE_REGIONS = Object.keys(DEV_ACCOUNTS.edgeOperators) as EdgeRegion[];

/** The agents' shipped image generator, to approve in ModelRegistry at deployment (`hub.models`). */
export const GENERATOR_MODEL = {
  weightsCommitment: GENERATOR_COMMITMENT,
  name: GENERATOR.name,
  version: GENERATOR.version,
};

/** Each region's coordinator address, to appoint at deployment (`coordinators`). */
export function edgeCoordinators(): Record<EdgeRegion, string> {
  return Object.fromEntries(
    EDGE_REGIONS.map((r) => [r, devWallet(DEV_ACCOUNTS.coordinators[r]).address]),
  ) as Record<EdgeRegion, string>;
}

/**
 * 24 hourly carbon intensities (gCO2/kWh, UTC) per region for the coordinators' reports: east a coal-heavy
 * grid, west hydro with a solar dip at midday. Illustrative curves, not measurements.
 */
export const CARBON_CURVES: Record<EdgeRegion, number[]> = {
  east: [
    620, 610, 600, 600, 610, 630, 650, 660, 640, 600, 560, 530, 520, 530, 560, 600, 650, 690, 700, 690, 670,
    650, 640, 630,
  ],
  west: [
    160, 150, 150, 150, 150, 140, 120, 100, 80, 60, 50, 40, 40, 45, 60, 80, 110, 140, 170, 180, 180, 175, 170,
    165,
  ],
};

/**
 * What the development nodes ask per resource-second: a job reaches the stack's agents when its `maxUnitPrice`
 * is at least this (the demo's buyer pays up to this + 10, scripts/demo-scenario.ts).
 */
export const EDGE_NODE_PRICE = 30n;

export interface EdgeNode {
  region: EdgeRegion;
  operatorIndex: number;
  /** The secret behind the node's identity commitment (development only: derived from a public label). */
  secret: bigint;
  nodeId: bigint;
}

export interface EdgeOptions {
  deploymentsDir: string;
  /** JSON-RPC URL per chain name: `hub` and every region. */
  rpc: Record<string, string>;
  /** Dev account holding SUAN on the hub, which funds each node's stake. */
  tokenHolderIndex: number;
  /** Stake per node, in SUAN (default 1000). */
  stake?: string;
  /** Bound by `onRegistered` to wait for the bridge to index each node on the hub (default 120 s). */
  timeoutMs?: number;
}

interface DeploymentRecord {
  chainId: number;
  [name: string]: string | number;
}

function readRecord(dir: string, name: string): DeploymentRecord {
  return JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8")) as DeploymentRecord;
}

const providerFor = (url: string) => new JsonRpcProvider(url, undefined, { cacheTimeout: -1 });

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  for (const started = Date.now(); ;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not seen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Registers `perRegion` development nodes in every region (operators from `DEV_ACCOUNTS.edgeOperators`), waits
 * until the bridge has indexed each on the hub, and stakes for it from the token holder's SUAN.
 */
export async function registerEdgeNodes(o: EdgeOptions, perRegion = 2): Promise<EdgeNode[]> {
  const hubRecord = readRecord(o.deploymentsDir, "hub");
  const hubProvider = providerFor(o.rpc.hub!);
  const holder = new NonceManager(devWallet(o.tokenHolderIndex).connect(hubProvider));
  const index = NodeIndex__factory.connect(hubRecord.nodeIndex as string, hubProvider);
  const stake = parseUnits(o.stake ?? "1000", 18);
  const nodes: EdgeNode[] = [];
  const providers = [hubProvider];
  try {
    for (const region of EDGE_REGIONS) {
      const record = readRecord(o.deploymentsDir, region);
      const provider = providerFor(o.rpc[region]!);
      providers.push(provider);
      for (const operatorIndex of DEV_ACCOUNTS.edgeOperators[region].slice(0, perRegion)) {
        const operator = devWallet(operatorIndex);
        const registry = ComputeRegistry__factory.connect(
          record.registry as string,
          operator.connect(provider),
        );
        const secret = BigInt(id(`suanli development node ${region} ${operatorIndex}`)) >> 8n;
        // A stack restarted against chains that outlive it (`npm start -- --chains external`) finds its nodes.
        const earlier = await registry.queryFilter(
          registry.filters.NodeRegistered(undefined, operator.address),
          Number(record.bridgeFromBlock ?? 0),
        );
        const known = earlier.find((e) => e.args.params.identityCommitment === identityCommitment(secret));
        if (known) {
          nodes.push({ region, operatorIndex, secret, nodeId: known.args.nodeId });
          continue;
        }
        const rcpt = await (
          await registry.register({
            cpuCores: 16,
            memoryMb: 65_536,
            gpuModel: "",
            gpuCount: 0,
            latencyClass: 1,
            energySource: region === "west" ? 1 : 0,
            carbonIntensity: CARBON_CURVES[region][12]!,
            pricePerSecond: EDGE_NODE_PRICE,
            identityCommitment: identityCommitment(secret),
            endpoint: `http://127.0.0.1/agent/${region}/${operatorIndex}`,
          })
        ).wait();
        const log = rcpt!.logs.find((l) => l.address.toLowerCase() === String(record.registry).toLowerCase());
        const nodeId = registry.interface.parseLog(log!)!.args.nodeId as bigint;
        nodes.push({ region, operatorIndex, secret, nodeId });
      }
    }
    for (const node of nodes) {
      const operator = devWallet(node.operatorIndex).connect(hubProvider);
      await until(
        `node ${node.nodeId} indexed on the hub`,
        async () => (await index.operatorOf(node.nodeId)) === operator.address,
        o.timeoutMs ?? 120_000,
      );
      const stakes = StakeManager__factory.connect(hubRecord.stakeManager as string, hubProvider);
      if ((await stakes.stakeOf(node.nodeId))[0] >= stake) continue; // staked by an earlier start
      const token = SuanliToken__factory.connect(hubRecord.token as string, holder);
      await (await token.transfer(operator.address, stake)).wait();
      await (await token.connect(operator).approve(hubRecord.stakeManager as string, stake)).wait();
      await (
        await StakeManager__factory.connect(hubRecord.stakeManager as string, operator).stake(
          node.nodeId,
          stake,
        )
      ).wait();
    }
    return nodes;
  } finally {
    for (const p of providers) p.destroy();
  }
}

export interface EdgeProcess {
  name: string;
  child: ChildProcess;
  port: number;
  url: string;
}

export interface RunningEdge {
  agents: (EdgeProcess & { node: EdgeNode })[];
  coordinators: (EdgeProcess & { region: EdgeRegion })[];
  stop(): Promise<void>;
}

export interface EdgeServiceOptions {
  deploymentsDir: string;
  rpc: Record<string, string>;
  /** SQLite files and outputs go under `<dataDir>/agent-<nodeId>/` and `<dataDir>/coordinator-<region>.sqlite`. */
  dataDir: string;
  /** The job input store (GET /v1/blobs/:commitment). */
  inputUrl: string;
  /** Where agents upload outputs (the buyers' API); none by default. */
  resultUrl?: string;
  /** Port of the i-th agent / coordinator; 0 (default) picks a free one. */
  agentPort?: (i: number) => number;
  coordinatorPort?: (i: number) => number;
  /** Extra environment for every agent (e.g. SUANLI_AGENT_RECEIPT_MODE) and every coordinator. */
  agentEnv?: Record<string, string>;
  coordinatorEnv?: Record<string, string>;
  /** Pass the services' JSON log lines on to this process's stdout (the stack); dropped otherwise. */
  inheritLogs?: boolean;
  /** Called when a service exits on its own (not by `stop`). */
  onExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

const ROOT = path.join(import.meta.dirname, "..", "..");

/**
 * Runs `main` (a service entry file) as its own process and resolves with its port once it logs `upMessage`.
 */
export function spawnService(
  name: string,
  main: string,
  env: Record<string, string>,
  upMessage: string,
  o: Pick<EdgeServiceOptions, "inheritLogs" | "onExit"> & { stopping?: () => boolean } = {},
): Promise<EdgeProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, main)], {
    cwd: ROOT,
    // Readiness is read from the service's "up" line, logged at info.
    env: { ...process.env, ...env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise<EdgeProcess>((resolve, reject) => {
    let buffered = "";
    let up = false;
    child.stdout.on("data", (chunk: Buffer) => {
      if (o.inheritLogs) process.stdout.write(chunk);
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) {
        if (up || !line.includes(`"msg":"${upMessage}"`)) continue;
        up = true;
        const port = (JSON.parse(line) as { port: number }).port;
        resolve({ name, child, port, url: `http://127.0.0.1:${port}` });
      }
    });
    child.once("exit", (code, signal) => {
      if (!up) reject(new Error(`${name} exited (${code ?? signal}) before it listened`));
      else if (!o.stopping?.()) o.onExit?.(name, code, signal);
    });
  });
}

/** The environment of the agent of `node` (everything from the deployment records). */
function edgeAgentEnv(o: EdgeServiceOptions, node: EdgeNode, port: number): Record<string, string> {
  const hub = readRecord(o.deploymentsDir, "hub");
  const region = readRecord(o.deploymentsDir, node.region);
  const dataDir = path.join(o.dataDir, `agent-${node.nodeId}`);
  mkdirSync(dataDir, { recursive: true });
  return {
    SUANLI_AGENT_RPC_URL: o.rpc[node.region]!,
    SUANLI_AGENT_CHAIN_ID: String(region.chainId),
    SUANLI_AGENT_INBOX: region.inbox as string,
    SUANLI_AGENT_RECEIPTS: region.receipts as string,
    SUANLI_AGENT_NODE_ID: node.nodeId.toString(),
    SUANLI_AGENT_KEY: devWallet(node.operatorIndex).privateKey,
    SUANLI_AGENT_NODE_SECRET: node.secret.toString(),
    SUANLI_AGENT_COORDINATOR: devWallet(DEV_ACCOUNTS.coordinators[node.region]).address,
    SUANLI_AGENT_DATA_DIR: dataDir,
    SUANLI_AGENT_INPUT_URL: o.inputUrl,
    ...(o.resultUrl ? { SUANLI_AGENT_RESULT_URL: o.resultUrl } : {}),
    SUANLI_AGENT_PORT: String(port),
    SUANLI_AGENT_HUB_RPC_URL: o.rpc.hub!,
    SUANLI_AGENT_HUB_JOB_MARKET: hub.jobMarket as string,
    SUANLI_AGENT_HUB_MODELS: hub.modelRegistry as string,
    SUANLI_AGENT_HUB_PROVENANCE: hub.provenanceRegistry as string,
    SUANLI_AGENT_HUB_INFERENCE: hub.inferenceRegistry as string,
    ...o.agentEnv,
  };
}

/** Starts one agent per node, then one coordinator per region that has nodes, pointed at its agents. */
export async function startEdgeServices(o: EdgeServiceOptions, nodes: EdgeNode[]): Promise<RunningEdge> {
  let stopping = false;
  const spawnOptions = { inheritLogs: o.inheritLogs, onExit: o.onExit, stopping: () => stopping };
  const edge: RunningEdge = {
    agents: [],
    coordinators: [],
    async stop() {
      stopping = true;
      await Promise.all(
        [...edge.agents, ...edge.coordinators].map(async (p) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return;
          const exited = new Promise((r) => p.child.once("exit", r));
          p.child.kill("SIGTERM");
          await exited;
        }),
      );
    },
  };
  try {
    const started = await Promise.allSettled(
      nodes.map((node, i) => {
        const env = edgeAgentEnv(o, node, o.agentPort?.(i) ?? 0);
        const name = `agent-${node.region}-${node.nodeId}`;
        return spawnService(name, "services/agent/main.ts", env, "agent up", spawnOptions);
      }),
    );
    for (const [i, r] of started.entries())
      if (r.status === "fulfilled") edge.agents.push({ ...r.value, node: nodes[i]! });
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    const regions = EDGE_REGIONS.filter((r) => nodes.some((n) => n.region === r));
    for (const [i, region] of regions.entries()) {
      const record = readRecord(o.deploymentsDir, region);
      const agents = edge.agents
        .filter((a) => a.node.region === region)
        .map((a) => ({ nodeId: a.node.nodeId.toString(), url: a.url }));
      const env = {
        SUANLI_COORDINATOR_REGION: region,
        SUANLI_COORDINATOR_RPC_URL: o.rpc[region]!,
        SUANLI_COORDINATOR_CHAIN_ID: String(record.chainId),
        SUANLI_COORDINATOR_INBOX: record.inbox as string,
        SUANLI_COORDINATOR_REPORTER: record.reporter as string,
        SUANLI_COORDINATOR_KEY: devWallet(DEV_ACCOUNTS.coordinators[region]).privateKey,
        SUANLI_COORDINATOR_AGENTS: JSON.stringify(agents),
        SUANLI_COORDINATOR_CARBON_CURVE: JSON.stringify(CARBON_CURVES[region]),
        SUANLI_COORDINATOR_DB: path.join(o.dataDir, `coordinator-${region}.sqlite`),
        SUANLI_COORDINATOR_PORT: String(o.coordinatorPort?.(i) ?? 0),
        ...o.coordinatorEnv,
      };
      const name = `coordinator-${region}`;
      const p = await spawnService(name, "services/coordinator/main.ts", env, "coordinator up", spawnOptions);
      edge.coordinators.push({ ...p, region });
    }
  } catch (error) {
    await edge.stop();
    throw error;
  }
  return edge;
}

// ─── the local stack's edge (scripts/stack.ts) ───────────────────────────────

/** Development nodes per region in the local stack (SUANLI_STACK_NODES_PER_REGION may lower it to 1). */
export const STACK_NODES_PER_REGION = 2;

/** The ports the stack's edge binds (input store, agents, coordinators), checked before the stack starts. */
export function edgeStackPorts(layout: StackLayout): NamedPort[] {
  const agents = EDGE_REGIONS.length * STACK_NODES_PER_REGION;
  return [
    { name: "inputs", port: layout.port("blobs") },
    ...Array.from({ length: agents }, (_, i) => ({ name: `agent-${i}`, port: layout.port("agent", i) })),
    ...EDGE_REGIONS.map((r, i) => ({ name: `coordinator-${r}`, port: layout.port("coordinator", i) })),
  ];
}

export interface StackEdge {
  /** URLs for stack.json: the input store, each agent and each coordinator. */
  services: { inputs: string; agents: Record<string, string>; coordinators: Record<string, string> };
  stop(): Promise<void>;
}

/**
 * The stack's edge: the job input store, two development nodes per region registered and staked, their agents
 * (proven receipts, outputs uploaded to the buyers' API) and one coordinator per region (short epochs).
 */
export async function startStackEdge(o: {
  layout: StackLayout;
  rpc: Record<string, string>;
  apiUrl: string;
  logger: Logger;
  onExit: (name: string) => void;
  nodesPerRegion?: number;
}): Promise<StackEdge> {
  const { layout } = o;
  const inputs = await startBlobStore(layout.port("blobs"));
  try {
    const nodes = await registerEdgeNodes(
      { deploymentsDir: layout.deploymentsDir, rpc: o.rpc, tokenHolderIndex: DEV_ACCOUNTS.deployer },
      o.nodesPerRegion ?? STACK_NODES_PER_REGION,
    );
    o.logger.info(
      { nodes: nodes.map((n) => `${n.region}:${n.nodeId}`) },
      "development nodes registered and staked",
    );
    const edge = await startEdgeServices(
      {
        deploymentsDir: layout.deploymentsDir,
        rpc: o.rpc,
        dataDir: path.join(layout.dir, "edge"),
        inputUrl: inputs.url,
        resultUrl: o.apiUrl,
        agentPort: (i) => layout.port("agent", i),
        coordinatorPort: (i) => layout.port("coordinator", i),
        agentEnv: { SUANLI_AGENT_POLL_MS: "1000" },
        // Proving stalls an agent's event loop for seconds: silence is judged over a minute.
        coordinatorEnv: { SUANLI_COORDINATOR_EPOCH_MS: "15000", SUANLI_COORDINATOR_SILENT_AFTER_MS: "60000" },
        inheritLogs: true,
        onExit: (name, code, signal) => {
          o.logger.error({ code, signal }, `${name} exited`);
          o.onExit(name);
        },
      },
      nodes,
    );
    return {
      services: {
        inputs: inputs.url,
        agents: Object.fromEntries(edge.agents.map((a) => [a.node.nodeId.toString(), a.url])),
        coordinators: Object.fromEntries(edge.coordinators.map((c) => [c.region, c.url])),
      },
      async stop() {
        await edge.stop();
        await inputs.close();
      },
    };
  } catch (error) {
    await inputs.close();
    throw error;
  }
}
