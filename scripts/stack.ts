/**
 * The local stack: three JSON-RPC chains (hub, east, west) on 127.0.0.1, every contract deployed and wired
 * by the deploy modules, addresses recorded in deploy/deployments/local/. Runs until Ctrl-C.
 *   npm start                      (ports 8545/8546/8547; SUANLI_STACK_BASE_PORT moves them)
 */
import path from "node:path";
import { network } from "hardhat";
import type { JsonRpcServer } from "hardhat/types/network";
import { HDNodeWallet, JsonRpcProvider, NonceManager, type Signer } from "ethers";
import { deployNetworks } from "../deploy/suanli.js";

const CHAINS = ["hub", "east", "west"] as const;
const basePort = Number(process.env.SUANLI_STACK_BASE_PORT ?? 8545);
if (!Number.isInteger(basePort) || basePort < 1 || basePort > 65_533) {
  throw new Error(`SUANLI_STACK_BASE_PORT must be a port number, got ${process.env.SUANLI_STACK_BASE_PORT}`);
}
// Hardhat's development mnemonic: its simulated chains fund these accounts. Local use only.
const DEV_MNEMONIC = "test test test test test test test test test test test junk";

const servers: JsonRpcServer[] = [];
const signers: Record<string, Signer> = {};
for (const [i, name] of CHAINS.entries()) {
  const server = await network.createServer(name, "127.0.0.1", basePort + i);
  const { address, port } = await server.listen();
  servers.push(server);
  const url = `http://${address}:${port}`;
  const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1 });
  signers[name] = new NonceManager(HDNodeWallet.fromPhrase(DEV_MNEMONIC).connect(provider));
  console.log(`chain ${name.padEnd(4)} chainId ${(await provider.getNetwork()).chainId}  ${url}`);
}

const recordDir = path.join(import.meta.dirname, "..", "deploy", "deployments", "local");
const { hub, regions } = await deployNetworks(
  { hub: signers.hub!, regions: { east: signers.east!, west: signers.west! } },
  { recordDir },
);
console.log(
  `deployed: hub JobMarket ${await hub.jobMarket.getAddress()}, Governor ${await hub.governor.getAddress()}`,
);
for (const [name, r] of Object.entries(regions)) {
  console.log(`deployed: ${name} ComputeRegistry ${await r.registry.getAddress()}`);
}
console.log(`addresses recorded in ${recordDir}; Ctrl-C stops the stack`);

const stop = async () => {
  await Promise.all(servers.map((s) => s.close()));
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
