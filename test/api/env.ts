/**
 * A local stack for API tests: hub, east and west served as JSON-RPC nodes on loopback, every contract deployed
 * by the deploy engine and joined by the bridge (test/helpers/bridged-world.ts), optionally with the validators
 * (t = 2) and the relayer running, and the API's configuration for it. Tests play the scheduler and the node (there is no agent on this branch).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseUnits, type Signer } from "ethers";
import type { DeployParams } from "../../deploy/params.js";
import { deployNetworks } from "../../deploy/suanli.js";
import { TestUSD__factory } from "../../types/contracts/index.js";
import type { BridgeServices } from "../../services/stack/bridge-services.js";
import type { ApiConfig } from "../../services/api/config.js";
import { type ChainName, devAccount, type LocalChain, waitFor } from "../bridge/harness.js";
import { startBridgedWorld } from "../helpers/bridged-world.js";
import { NODE_PARAMS } from "../helpers/market.js";

export const ACTORS = { buyer: 1, provider: 2, scheduler: 3, voter: 4, gas: 5, relayer: 9 } as const;
export const WAIT_MS = 120_000; // generous: CI runs every suite in parallel on two cores

export interface ApiEnv {
  chains: Record<ChainName, LocalChain>;
  net: Awaited<ReturnType<typeof deployNetworks>>;
  bridge?: BridgeServices;
  signer(actor: keyof typeof ACTORS, chain: ChainName): Signer;
  apiConfig(overrides?: Partial<ApiConfig>): ApiConfig;
  /** Mints test USD to `to` on the hub. */
  fund(to: string, amount: bigint): Promise<void>;
  /** Registers a node on `region`, waits until the hub indexed it (bridge) and stakes it. */
  registerAndStake(region: "east" | "west", params?: Partial<typeof NODE_PARAMS>): Promise<bigint>;
  close(): Promise<void>;
}

/** `params`: deployment parameters of the hub (default DEV_PARAMS). */
export async function startApiEnv(o: { bridge: boolean; params?: DeployParams }): Promise<ApiEnv> {
  process.env.LOG_LEVEL = "silent";
  const { chains, net, bridge, close } = await startBridgedWorld({
    services: o.bridge,
    hub: {
      schedulers: [devAccount(ACTORS.scheduler).address],
      tokenHolder: devAccount(ACTORS.voter).address,
      ...(o.params && { params: o.params }),
    },
  });
  const signer = (actor: keyof typeof ACTORS, chain: ChainName) =>
    devAccount(ACTORS[actor]).connect(chains[chain].provider);
  const hub = net.hub;
  const hubAddresses = {
    jobMarket: await hub.jobMarket.getAddress(),
    nodeIndex: await hub.nodeIndex.getAddress(),
    reputation: await hub.reputation.getAddress(),
    provenanceRegistry: await hub.provenanceRegistry.getAddress(),
    modelRegistry: await hub.modelRegistry.getAddress(),
    paymentToken: hub.paymentToken,
    ...(net.governance && { votePool: await net.governance.hub.votePool.getAddress() }),
  };
  const regionAddresses = await Promise.all(
    (["east", "west"] as const).map(async (name) => ({
      name,
      inbox: await net.regions[name]!.inbox.getAddress(),
      receipts: await net.regions[name]!.receipts.getAddress(),
      ...(net.governance && {
        voteAggregator: await net.governance.regions[name]!.aggregator.getAddress(),
      }),
    })),
  );

  return {
    chains,
    net,
    bridge,
    signer,
    apiConfig: (overrides = {}) => ({
      key: devAccount(ACTORS.gas).privateKey,
      host: "127.0.0.1",
      port: 0,
      dataDir: mkdtempSync(path.join(tmpdir(), "suanli-api-")),
      pollMs: 50,
      rateLimitPerMinute: 1_000_000,
      blobLimitBytes: 65_536,
      quoteTtlSec: 600,
      wattsPerUnit: 300,
      hub: {
        name: "hub",
        domain: chains.hub.domain,
        rpcUrl: chains.hub.url,
        fromBlock: 0,
        confirmations: 0,
        ...hubAddresses,
      },
      regions: regionAddresses.map((r) => ({
        ...r,
        domain: chains[r.name].domain,
        rpcUrl: chains[r.name].url,
        fromBlock: 0,
        confirmations: 0,
      })),
      ...overrides,
    }),
    async fund(to, amount) {
      const usd = TestUSD__factory.connect(hub.paymentToken, chains.hub.deployer);
      await (await usd.mint(to, amount)).wait();
    },
    async registerAndStake(region, params = {}) {
      const operator = signer("provider", region);
      const registry = net.regions[region]!.registry.connect(operator);
      const rcpt = await (await registry.register({ ...NODE_PARAMS, ...params })).wait();
      const nodeId = registry.interface.parseLog(rcpt!.logs.find((l) => l.address === registry.target)!)!.args
        .nodeId as bigint;
      if (o.bridge) {
        await waitFor(
          async () => (await hub.nodeIndex.operatorOf(nodeId)) === devAccount(ACTORS.provider).address,
          WAIT_MS,
          "NodeRegistered on the hub",
        );
        const stake = parseUnits("1000", 18);
        const providerHub = signer("provider", "hub");
        await (await hub.token.connect(signer("voter", "hub")).transfer(providerHub, stake)).wait();
        await (await hub.token.connect(providerHub).approve(hub.stakeManager, stake)).wait();
        await (await hub.stakeManager.connect(providerHub).stake(nodeId, stake)).wait();
      }
      return nodeId;
    },
    close,
  };
}
