/**
 * The local stack: three JSON-RPC chains (hub, east, west) on 127.0.0.1, every contract deployed and wired by
 * the deploy engine (deploy/engine.ts, the same plan as `suanli deploy`) and joined by the bridge, three
 * validators (threshold 2) and the relayer, the scheduler service, the buyers' REST API and the edge
 * (services/stack/edge.ts: development nodes, their agents, a coordinator per region, the job input store).
 * Ctrl-C stops it.   npm start
 *
 * With `--chains external` (or SUANLI_CHAINS=external) the chains are JSON-RPC nodes already running at
 * SUANLI_HUB_RPC_URL, SUANLI_EAST_RPC_URL and SUANLI_WEST_RPC_URL (anvil, `hardhat node`, …) instead of Hardhat
 * servers; the deployment then outlives the stack: a later start resumes or re-checks it from its journal.
 *
 * Every port comes from SUANLI_STACK_BASE_PORT (services/stack/ports.ts) and everything the stack writes goes to
 * `.stack/<base>/`. Before touching that folder it checks that every port is free and refuses otherwise, so a
 * second start cannot harm a stack that is already running.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { network } from "hardhat";
import type { JsonRpcServer } from "hardhat/types/network";
import { type HDNodeWallet, JsonRpcProvider } from "ethers";
import { deploy } from "../deploy/engine.js";
import { DEV_PARAMS } from "../deploy/params.js";
import { SuanliToken__factory, TestUSD__factory } from "../types/contracts/index.js";
import { startBridgeServices, type BridgeServices } from "../services/stack/bridge-services.js";
import { DEV_ACCOUNTS, DEV_FUNDS, devWallet } from "../services/stack/accounts.js";
import {
  edgeCoordinators,
  edgeStackPorts,
  GENERATOR_MODEL,
  STACK_NODES_PER_REGION,
  type StackEdge,
  startStackEdge,
} from "../services/stack/edge.js";
import { acquireStackLock } from "../services/stack/lock.js";
import { parseBasePort, stackLayout, unavailablePorts, type NamedPort } from "../services/stack/ports.js";
import { stackSummary } from "../services/stack/summary.js";
import { createLogger } from "../services/shared/logger.js";
import { intOption, parseCli, usageError } from "./args.js";

const { values } = parseCli(
  `
npm start [-- --chains local|external]   (or: ./scripts/dev.sh start)

Starts the local stack: chains hub, east, west; every contract deployed; 3 validators, the relayer, the
scheduler, the buyers' API, and the edge: 2 development nodes per region with their agents, a coordinator per
region and the job input store. State (deployment records, SQLite files, stack.json) goes to .stack/<base>/. Ctrl-C stops it.

  --chains local      (default) serve hub, east and west as Hardhat networks on the stack's ports
  --chains external   use JSON-RPC nodes already running at SUANLI_HUB_RPC_URL, SUANLI_EAST_RPC_URL and
                      SUANLI_WEST_RPC_URL (development chain ids 31337-31339 funding the development accounts,
                      e.g. anvil); the deployment in .stack/<base>/deployments is kept and resumed or re-checked
                      by the next start instead of being made again

Environment:
  SUANLI_STACK_BASE_PORT   base of every port (default 8545: chains 8545-8547, relayer 8700,
                           validators 8701-8703, scheduler 8710, API 8720, input store 8725,
                           coordinators 8730-8731, agents 8740-8743; see services/stack/ports.ts)
  SUANLI_CHAINS            local | external, as --chains (the option wins)
  SUANLI_STACK_NODES_PER_REGION   development nodes (with agents) per region, 1 or 2 (default 2)
  SUANLI_<HUB|EAST|WEST>_RPC_URL   the chains' JSON-RPC URLs with --chains external
  LOG_LEVEL                pino level of the services (default info)
`,
  { chains: { type: "string" } },
);

const CHAINS = ["hub", "east", "west"] as const;
const chainsMode = values.chains ?? process.env.SUANLI_CHAINS ?? "local";
if (chainsMode !== "local" && chainsMode !== "external") {
  usageError(`--chains (or SUANLI_CHAINS) must be local or external, got "${chainsMode}"`);
}
const external = chainsMode === "external";
const nodesPerRegion = intOption(
  "SUANLI_STACK_NODES_PER_REGION",
  process.env.SUANLI_STACK_NODES_PER_REGION,
  STACK_NODES_PER_REGION,
  1,
  STACK_NODES_PER_REGION,
);
/** The external chains' URLs, from SUANLI_<CHAIN>_RPC_URL (the names the services and hardhat.config.ts read). */
const externalUrls: Record<string, string> = {};
if (external) {
  for (const name of CHAINS) {
    const variable = `SUANLI_${name.toUpperCase()}_RPC_URL`;
    const url = process.env[variable];
    if (!url || !/^https?:\/\/\S+$/.test(url)) {
      usageError(`--chains external needs ${variable} (an http(s) JSON-RPC URL), got "${url ?? ""}"`);
    }
    externalUrls[name] = url;
  }
}
let base: number;
try {
  base = parseBasePort(process.env.SUANLI_STACK_BASE_PORT);
} catch (error) {
  usageError((error as Error).message);
}
const root = path.join(import.meta.dirname, "..");
const layout = stackLayout(root, base);

// Refuse before anything is written: a stack already running on these ports keeps its records and state.
const wanted: NamedPort[] = [
  ...(external ? [] : CHAINS.map((name) => ({ name, port: layout.port(name) }))),
  { name: "relayer", port: layout.port("relayer") },
  ...DEV_ACCOUNTS.validators.map((_, i) => ({ name: `validator-${i}`, port: layout.port("validator", i) })),
  { name: "scheduler", port: layout.port("scheduler") },
  { name: "api", port: layout.port("api") },
  ...edgeStackPorts(layout),
];
const untouched = `Nothing was changed in ${path.relative(process.cwd(), layout.dir)}.`;
const taken = await unavailablePorts(wanted);
if (taken.length > 0) {
  const list = taken.map((p) => `${p.port} (${p.name}: ${p.reason})`).join(", ");
  console.error(
    `stack: not started, port(s) ${list} unavailable; is a stack already running on base ${base}? ` +
      `Set SUANLI_STACK_BASE_PORT to another base. ${untouched}`,
  );
  process.exit(1);
}
let releaseLock: () => void;
try {
  releaseLock = acquireStackLock(layout);
} catch (error) {
  console.error(`stack: not started, ${(error as Error).message}. ${untouched}`);
  process.exit(1);
}
process.once("exit", () => releaseLock());

const logger = createLogger("stack", { basePort: base, chains: chainsMode });
// Everything but, on external chains that outlive the stack, their deployment (journal and records).
mkdirSync(layout.dir, { recursive: true });
for (const entry of readdirSync(layout.dir)) {
  const keep = external && path.join(layout.dir, entry) === layout.deploymentsDir;
  if (!keep) rmSync(path.join(layout.dir, entry), { recursive: true, force: true });
}

const servers: JsonRpcServer[] = [];
let bridge: BridgeServices | undefined;
let edge: StackEdge | undefined;
/** The services that run as their own processes (scheduler, API), stopped with the stack. */
const children: ReturnType<typeof spawn>[] = [];
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  await edge?.stop();
  await bridge?.stop();
  await Promise.all(servers.map((s) => s.close()));
  rmSync(layout.manifest, { force: true });
  process.exit(code);
};
process.once("SIGINT", () => void stop(0));
process.once("SIGTERM", () => void stop(0));

/** Polls `probe` every 250 ms for up to 60 s; connection errors count as "not yet". */
async function until(what: string, probe: () => Promise<boolean>) {
  for (const started = Date.now(); Date.now() - started < 60_000;) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up within 60 s`);
}

/** Fails with one line when no JSON-RPC node answers `eth_chainId` at `url` within 10 s. */
async function answersJsonRpc(name: string, url: string) {
  const reply = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    signal: AbortSignal.timeout(10_000),
  }).catch((error: Error) => error);
  if (reply instanceof Error || !reply.ok) {
    const why =
      reply instanceof Error
        ? ((reply.cause as Error | undefined)?.message ?? reply.message)
        : `HTTP ${reply.status}`;
    throw new Error(`${name}: no JSON-RPC node answers at ${url} (${why})`);
  }
}

try {
  const wallets: Record<string, HDNodeWallet> = {};
  const urls: Record<string, string> = {};
  for (const name of CHAINS) {
    if (external) {
      urls[name] = externalUrls[name]!;
      await answersJsonRpc(name, urls[name]);
    } else {
      const server = await network.createServer(name, "127.0.0.1", layout.port(name));
      const { address, port } = await server.listen();
      servers.push(server);
      urls[name] = `http://${address}:${port}`;
    }
    const provider = new JsonRpcProvider(urls[name], undefined, { cacheTimeout: -1 });
    wallets[name] = devWallet(DEV_ACCOUNTS.deployer).connect(provider);
    logger.info(
      { chain: name, chainId: Number((await provider.getNetwork()).chainId), url: urls[name] },
      "chain up",
    );
  }

  // The deploy engine (the plan of deploy/plan.ts, also behind `suanli deploy`) writes the records
  // `<chain>.json` and its journal into the deployments folder. On external chains a journal left by an earlier
  // start is resumed: confirmed steps are checked, not sent again (a complete deployment sends nothing).
  const resumed = existsSync(path.join(layout.deploymentsDir, "journal.json"));
  const deployed = await deploy({
    dir: layout.deploymentsDir,
    wallets,
    params: DEV_PARAMS,
    validators: DEV_ACCOUNTS.validators.map((i) => devWallet(i).address),
    threshold: 2,
    schedulers: [devWallet(DEV_ACCOUNTS.scheduler).address],
    models: [GENERATOR_MODEL],
    coordinators: edgeCoordinators(),
    pollMs: 50,
  });
  const records = deployed.records;
  logger.info(
    {
      recordDir: layout.deploymentsDir,
      jobMarket: records.hub!.jobMarket,
      transactions: deployed.transactions,
      sent: deployed.sent,
      resumed,
    },
    "contracts deployed",
  );

  // The development accounts' starting balances (README): the demo provider's SUAN to stake, the demo
  // buyer's test USD to escrow; the deployer keeps the rest of the supply (and so the DAO's votes). On a resumed
  // deployment (external chains) they are given again only to an account holding less.
  const deployer = wallets.hub!;
  const suan = SuanliToken__factory.connect(String(records.hub!.token), deployer);
  const usd = TestUSD__factory.connect(String(records.hub!.paymentToken), deployer);
  const provider = devWallet(DEV_ACCOUNTS.provider).address;
  const buyer = devWallet(DEV_ACCOUNTS.buyer).address;
  if (!resumed || (await suan.balanceOf(provider)) < DEV_FUNDS.providerSuan) {
    await (await suan.transfer(provider, DEV_FUNDS.providerSuan)).wait();
  }
  if (!resumed || (await usd.balanceOf(buyer)) < DEV_FUNDS.buyerUsd) {
    await (await usd.mint(buyer, DEV_FUNDS.buyerUsd)).wait();
  }

  const bridgeChains = CHAINS.map((name) => ({
    name,
    domain: Number(records[name]!.domain),
    rpcUrl: urls[name]!,
    mailbox: String(records[name]!.mailbox),
    ism: String(records[name]!.ism),
    validatorAnnounce: String(records[name]!.validatorAnnounce),
    fromBlock: Number(records[name]!.bridgeFromBlock),
    confirmations: 0,
  }));
  bridge = await startBridgeServices({
    chains: bridgeChains,
    validatorKeys: DEV_ACCOUNTS.validators.map((i) => devWallet(i).privateKey),
    relayerKey: devWallet(DEV_ACCOUNTS.bridgeRelayer).privateKey,
    dataDir: layout.dir,
    validatorBasePort: layout.port("validator"),
    relayerPort: layout.port("relayer"),
    logger,
  });
  logger.info(
    { relayer: `${layout.url("relayer")}/v1/messages`, validators: bridge.validators.map((v) => v.port) },
    "bridge services up",
  );

  const rpcEnv = {
    SUANLI_HUB_RPC_URL: urls.hub,
    SUANLI_EAST_RPC_URL: urls.east,
    SUANLI_WEST_RPC_URL: urls.west,
    SUANLI_DEPLOYMENTS_DIR: layout.deploymentsDir,
  };
  /** Runs a service as its own process, exactly as an operator would run it; its exit stops the stack. */
  const runService = (name: string, main: string, env: Record<string, string>) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, main)], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, ...rpcEnv, ...env },
    });
    child.once("exit", (code, signal) => {
      if (stopping) return;
      logger.error({ code, signal }, `${name} exited; stopping the stack`);
      void stop(1);
    });
    children.push(child);
  };
  runService("scheduler", "services/scheduler/main.ts", {
    SUANLI_SCHEDULER_KEY: devWallet(DEV_ACCOUNTS.scheduler).privateKey,
    SUANLI_SCHEDULER_PORT: String(layout.port("scheduler")),
    SUANLI_SCHEDULER_INTERVAL_MS: "2000",
  });
  // The buyers' REST API with its indexer: its own gas account relays signed requests; it never holds a buyer key.
  runService("api", "services/api/main.ts", {
    SUANLI_API_KEY: devWallet(DEV_ACCOUNTS.jobRelayer).privateKey,
    SUANLI_API_PORT: String(layout.port("api")),
    SUANLI_API_DATA_DIR: path.join(layout.dir, "api"),
    // The dashboard's bridge view (docs/dashboard.md) reports on these.
    SUANLI_API_RELAYER_URL: layout.url("relayer"),
    SUANLI_API_VALIDATOR_URLS: DEV_ACCOUNTS.validators.map((_, i) => layout.url("validator", i)).join(","),
  });

  const services = {
    relayer: layout.url("relayer"),
    validators: DEV_ACCOUNTS.validators.map((_, i) => layout.url("validator", i)),
    scheduler: layout.url("scheduler"),
    api: layout.url("api"),
  };
  await until("scheduler /health", async () => (await fetch(`${services.scheduler}/health`)).ok);
  await until("api /health", async () => (await fetch(`${services.api}/health`)).ok);
  // The edge: development nodes with their agents and each region's coordinator (services/stack/edge.ts).
  edge = await startStackEdge({
    layout,
    rpc: urls,
    apiUrl: services.api,
    logger,
    nodesPerRegion,
    onExit: () => void stop(1),
  });
  writeFileSync(
    layout.manifest,
    JSON.stringify(
      {
        basePort: base,
        pid: process.pid,
        chains: urls,
        services: { ...services, ...edge.services },
        bridgeChains,
      },
      null,
      2,
    ) + "\n",
  );
  logger.info(
    {
      manifest: layout.manifest,
      scheduler: `${services.scheduler}/health`,
      api: `${services.api}/openapi.json`,
    },
    "stack ready; Ctrl-C stops everything",
  );
  console.log(stackSummary({ layout, chains: urls, services: { ...services, ...edge.services } }).join("\n"));
} catch (error) {
  logger.error({ err: error }, "stack failed to start");
  await stop(1);
}
