/**
 * The local stack: three JSON-RPC chains (hub, east, west) on 127.0.0.1, every contract deployed and wired by
 * the deploy modules and joined by the bridge, three validators (threshold 2) and the relayer, and the
 * scheduler service and the buyers' REST API. Ctrl-C stops it.   npm start
 *
 * Every port comes from SUANLI_STACK_BASE_PORT (services/stack/ports.ts) and everything the stack writes goes to
 * `.stack/<base>/`. Before touching that folder it checks that every port is free and refuses otherwise, so a
 * second start cannot harm a stack that is already running.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { network } from "hardhat";
import type { JsonRpcServer } from "hardhat/types/network";
import { JsonRpcProvider, NonceManager, type Signer } from "ethers";
import { deployNetworks } from "../deploy/suanli.js";
import { startBridgeServices, type BridgeServices } from "../services/stack/bridge-services.js";
import { DEV_ACCOUNTS, devWallet } from "../services/stack/accounts.js";
import { acquireStackLock } from "../services/stack/lock.js";
import { parseBasePort, stackLayout, unavailablePorts, type NamedPort } from "../services/stack/ports.js";
import { createLogger } from "../services/shared/logger.js";
import { parseCli, usageError } from "./args.js";

parseCli(
  `
npm start   (or: ./scripts/dev.sh start)

Starts the local stack: chains hub, east, west; every contract deployed; 3 validators, the relayer, the
scheduler and the buyers' API. State (deployment records, SQLite files, stack.json) goes to .stack/<base>/. Ctrl-C stops it.

Environment:
  SUANLI_STACK_BASE_PORT   base of every port (default 8545: chains 8545-8547, relayer 8700,
                           validators 8701-8703, scheduler 8710, API 8720; see services/stack/ports.ts)
  LOG_LEVEL                pino level of the services (default info)
`,
  {},
);

const CHAINS = ["hub", "east", "west"] as const;
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
  ...CHAINS.map((name) => ({ name, port: layout.port(name) })),
  { name: "relayer", port: layout.port("relayer") },
  ...DEV_ACCOUNTS.validators.map((_, i) => ({ name: `validator-${i}`, port: layout.port("validator", i) })),
  { name: "scheduler", port: layout.port("scheduler") },
  { name: "api", port: layout.port("api") },
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

const logger = createLogger("stack", { basePort: base });
rmSync(layout.dir, { recursive: true, force: true });
mkdirSync(layout.dir, { recursive: true });

const servers: JsonRpcServer[] = [];
let bridge: BridgeServices | undefined;
/** The services that run as their own processes (scheduler, API), stopped with the stack. */
const children: ReturnType<typeof spawn>[] = [];
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
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

try {
  const signers: Record<string, Signer> = {};
  const urls: Record<string, string> = {};
  for (const name of CHAINS) {
    const server = await network.createServer(name, "127.0.0.1", layout.port(name));
    const { address, port } = await server.listen();
    servers.push(server);
    urls[name] = `http://${address}:${port}`;
    const provider = new JsonRpcProvider(urls[name], undefined, { cacheTimeout: -1 });
    signers[name] = new NonceManager(devWallet(DEV_ACCOUNTS.deployer).connect(provider));
    logger.info(
      { chain: name, chainId: Number((await provider.getNetwork()).chainId), url: urls[name] },
      "chain up",
    );
  }

  const net = await deployNetworks(
    { hub: signers.hub!, regions: { east: signers.east!, west: signers.west! } },
    {
      recordDir: layout.deploymentsDir,
      bridge: { validators: DEV_ACCOUNTS.validators.map((i) => devWallet(i).address), threshold: 2 },
      hub: { schedulers: [devWallet(DEV_ACCOUNTS.scheduler).address] },
    },
  );
  logger.info(
    { recordDir: layout.deploymentsDir, jobMarket: await net.hub.jobMarket.getAddress() },
    "contracts deployed",
  );

  const bridgeChains = await Promise.all(
    CHAINS.map(async (name) => ({
      name,
      domain: net.bridges![name]!.domain,
      rpcUrl: urls[name]!,
      mailbox: await net.bridges![name]!.mailbox.getAddress(),
      ism: await net.bridges![name]!.ism.getAddress(),
      validatorAnnounce: await net.bridges![name]!.validatorAnnounce.getAddress(),
      fromBlock: net.bridges![name]!.fromBlock,
      confirmations: 0,
    })),
  );
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
  });

  const services = {
    relayer: layout.url("relayer"),
    validators: DEV_ACCOUNTS.validators.map((_, i) => layout.url("validator", i)),
    scheduler: layout.url("scheduler"),
    api: layout.url("api"),
  };
  await until("scheduler /health", async () => (await fetch(`${services.scheduler}/health`)).ok);
  await until("api /health", async () => (await fetch(`${services.api}/health`)).ok);
  writeFileSync(
    layout.manifest,
    JSON.stringify({ basePort: base, pid: process.pid, chains: urls, services, bridgeChains }, null, 2) +
      "\n",
  );
  logger.info(
    {
      manifest: layout.manifest,
      scheduler: `${services.scheduler}/health`,
      api: `${services.api}/openapi.json`,
    },
    "stack ready; Ctrl-C stops everything",
  );
} catch (error) {
  logger.error({ err: error }, "stack failed to start");
  await stop(1);
}
