/**
 * The local stack: three JSON-RPC chains (hub, east, west) on 127.0.0.1, every contract deployed and wired by
 * the deploy modules and joined by the bridge, three validators (threshold 2) and the relayer, and the
 * scheduler service. Addresses go to deploy/deployments/local/, service state to .stack/. Ctrl-C stops it.
 *   npm start     (chains on 8545/8546/8547; SUANLI_STACK_BASE_PORT moves them)
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { network } from "hardhat";
import type { JsonRpcServer } from "hardhat/types/network";
import { HDNodeWallet, JsonRpcProvider, NonceManager, type Signer } from "ethers";
import { deployNetworks } from "../deploy/suanli.js";
import { startBridgeServices } from "../services/stack/bridge-services.js";
import { createLogger } from "../services/shared/logger.js";

const CHAINS = ["hub", "east", "west"] as const;
const basePort = Number(process.env.SUANLI_STACK_BASE_PORT ?? 8545);
if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65_533) {
  throw new Error(`SUANLI_STACK_BASE_PORT must be a port number, got ${process.env.SUANLI_STACK_BASE_PORT}`);
}
// Hardhat's development mnemonic: its simulated chains fund these accounts. Local use only, never elsewhere.
const DEV_MNEMONIC = "test test test test test test test test test test test junk";
const dev = (i: number) => HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`);
const ROLES = { deployer: 0, scheduler: 3, relayer: 9, validators: [10, 11, 12] } as const;

const root = path.join(import.meta.dirname, "..");
const logger = createLogger("stack");
const servers: JsonRpcServer[] = [];
const signers: Record<string, Signer> = {};
const urls: Record<string, string> = {};
for (const [i, name] of CHAINS.entries()) {
  const server = await network.createServer(name, "127.0.0.1", basePort + i);
  const { address, port } = await server.listen();
  servers.push(server);
  urls[name] = `http://${address}:${port}`;
  const provider = new JsonRpcProvider(urls[name], undefined, { cacheTimeout: -1 });
  signers[name] = new NonceManager(dev(ROLES.deployer).connect(provider));
  logger.info(
    { chain: name, chainId: Number((await provider.getNetwork()).chainId), url: urls[name] },
    "chain up",
  );
}

const recordDir = path.join(root, "deploy", "deployments", "local");
const validatorKeys = ROLES.validators.map((i) => dev(i).privateKey);
const net = await deployNetworks(
  { hub: signers.hub!, regions: { east: signers.east!, west: signers.west! } },
  {
    recordDir,
    bridge: { validators: ROLES.validators.map((i) => dev(i).address), threshold: 2 },
    hub: { schedulers: [dev(ROLES.scheduler).address] },
  },
);
logger.info({ recordDir, jobMarket: await net.hub.jobMarket.getAddress() }, "contracts deployed");

const dataDir = path.join(root, ".stack");
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
const bridge = await startBridgeServices({
  chains: await Promise.all(
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
  ),
  validatorKeys,
  relayerKey: dev(ROLES.relayer).privateKey,
  dataDir,
  validatorBasePort: 8701,
  relayerPort: 8700,
  logger,
});
logger.info(
  { relayer: "http://127.0.0.1:8700/v1/messages", validators: bridge.validators.map((v) => v.port) },
  "bridge services up",
);

// The scheduler runs as its own process, exactly as an operator would run it.
const scheduler = spawn(
  process.execPath,
  ["--import", "tsx", path.join(root, "services", "scheduler", "main.ts")],
  {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      SUANLI_SCHEDULER_KEY: dev(ROLES.scheduler).privateKey,
      SUANLI_HUB_RPC_URL: urls.hub,
      SUANLI_EAST_RPC_URL: urls.east,
      SUANLI_WEST_RPC_URL: urls.west,
      SUANLI_SCHEDULER_INTERVAL_MS: "2000",
    },
  },
);
logger.info("stack ready: scheduler http://127.0.0.1:8710/health; Ctrl-C stops everything");

const stop = async () => {
  scheduler.kill("SIGTERM");
  await bridge.stop();
  await Promise.all(servers.map((s) => s.close()));
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
