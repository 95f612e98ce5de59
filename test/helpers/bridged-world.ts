/**
 * The multi-chain test world the API, CLI, dashboard and integration tests share: hub, east and west served as
 * JSON-RPC chains on loopback (test/bridge/chains.ts), the whole of Suanli deployed by the deploy engine
 * (`deployNetworks`) and joined by the bridge with three validators (threshold 2), and, unless `services` is
 * false, the validator and relayer services running against it (services/stack/bridge-services.ts).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deployNetworks } from "../../deploy/suanli.js";
import { type BridgeServices, startBridgeServices } from "../../services/stack/bridge-services.js";
import { startChains } from "../bridge/chains.js";
import { type ChainName, devAccount, type LocalChain, validatorKeys } from "../bridge/harness.js";

type DeployOptions = NonNullable<Parameters<typeof deployNetworks>[1]>;

export interface BridgedWorldOptions {
  /** Hub options of the deployment (schedulers, token holder, models). */
  hub?: DeployOptions["hub"];
  coordinators?: DeployOptions["coordinators"];
  /** Where the deployment records (and journal) go; none by default. */
  recordDir?: string;
  /** Start the validators and the relayer (default true). */
  services?: boolean;
  /** Key of the relayer service (default: development account 9). */
  relayerKey?: string;
  /** Folder of the services' SQLite files (default: a new temporary folder). */
  dataDir?: string;
  pollMs?: number;
}

export interface BridgedWorld {
  chains: Record<ChainName, LocalChain>;
  net: Awaited<ReturnType<typeof deployNetworks>>;
  bridge?: BridgeServices;
  close(): Promise<void>;
}

export async function startBridgedWorld(o: BridgedWorldOptions = {}): Promise<BridgedWorld> {
  const chains = await startChains();
  const keys = validatorKeys(3);
  const net = await deployNetworks(
    { hub: chains.hub.deployer, regions: { east: chains.east.deployer, west: chains.west.deployer } },
    {
      recordDir: o.recordDir,
      bridge: { validators: keys.map((k) => k.address), threshold: 2 },
      hub: o.hub,
      coordinators: o.coordinators,
    },
  );
  const bridge =
    o.services === false
      ? undefined
      : await startBridgeServices({
          chains: Object.values(chains).map((c) => ({
            name: c.name,
            domain: c.domain,
            rpcUrl: c.url,
            mailbox: String(net.records[c.name]!.mailbox),
            ism: String(net.records[c.name]!.ism),
            fromBlock: net.bridges[c.name]!.fromBlock,
            confirmations: 0,
          })),
          validatorKeys: keys.map((k) => k.privateKey),
          relayerKey: o.relayerKey ?? devAccount(9).privateKey,
          dataDir: o.dataDir ?? mkdtempSync(path.join(tmpdir(), "suanli-world-")),
          pollMs: o.pollMs ?? 50,
        });
  return {
    chains,
    net,
    bridge,
    async close() {
      await bridge?.stop();
      await Promise.all(Object.values(chains).map((c) => c.close()));
    },
  };
}
