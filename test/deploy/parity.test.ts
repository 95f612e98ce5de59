/**
 * The deploy engine (deploy/plan.ts + deploy/engine.ts) and the sequential modules (deploy/suanli.ts
 * `deployNetworks`, used by the in-process API and integration tests) must build the same system. Both deploy hub, east and west on fresh
 * anvil nodes with the same options; for every chain the engine's record must hold every key of the
 * `deployNetworks` record, and the owner/role/wiring facts read from the chains must be the same once each
 * address is replaced by the record key that names it.
 */
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataSlice, JsonRpcProvider, NonceManager, ZeroHash, id as keccakText } from "ethers";
import { type Anvil, startAnvil } from "../../deploy/anvil.js";
import { deploy } from "../../deploy/engine.js";
import { DEV_PARAMS } from "../../deploy/params.js";
import { deployNetworks } from "../../deploy/suanli.js";
import { DEV_ACCOUNTS, devWallet } from "../../services/stack/accounts.js";
import {
  DirectiveHub__factory,
  GovernanceExecutor__factory,
  JobMarket__factory,
  ModelRegistry__factory,
  NodeIndex__factory,
  RegionalReporter__factory,
  RegionReports__factory,
  StakeManager__factory,
  SuanliTimelock__factory,
} from "../../types/contracts/index.js";

const CHAINS = ["hub", "east", "west"] as const;
type Chain = (typeof CHAINS)[number];
type ChainRecord = Record<string, string | number>;

const deployer = devWallet(DEV_ACCOUNTS.deployer);
const validators = DEV_ACCOUNTS.validators.map((i) => devWallet(i).address);
const scheduler = devWallet(DEV_ACCOUNTS.scheduler).address;
const coordinators = { east: devWallet(DEV_ACCOUNTS.validators[0]!).address };
const models = [{ weightsCommitment: 12_345n, name: "parity-model", version: "1" }];

const HUB_TIMELOCK_OWNED = [
  "nodeIndex",
  "reputation",
  "stakeManager",
  "jobMarket",
  "modelRegistry",
  "provenanceRegistry",
  "inferenceRegistry",
  "regionReports",
  "mailbox",
  "ism",
  "governanceDispatcher",
];
const REGION_EXECUTOR_OWNED = ["registry", "inbox", "receipts", "reporter", "mailbox", "ism"];

/**
 * Owner, role and wiring facts of a deployment, with every address replaced by the name of the record key
 * holding it (hub keys prefixed `hub.`), so two deployments at different addresses compare equal.
 */
async function facts(
  records: Record<Chain, ChainRecord>,
  providers: Record<Chain, JsonRpcProvider>,
): Promise<Record<string, unknown>> {
  // One deployer on three chains: the same nonce gives the same address, so names are per chain. The
  // aliases `messenger` (the mailbox) and `owner` (the executor) are checked as facts, not used as names.
  const names = Object.fromEntries(
    CHAINS.map((chain) => {
      const m = new Map<string, string>([[deployer.address.toLowerCase(), "deployer"]]);
      for (const [key, value] of Object.entries(records[chain])) {
        if (key === "messenger" || key === "owner") continue;
        if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value))
          m.set(value.toLowerCase(), `${chain}.${key}`);
      }
      return [chain, m];
    }),
  ) as Record<Chain, Map<string, string>>;
  const named = (chain: Chain, a: string) => names[chain].get(a.toLowerCase()) ?? a.toLowerCase();
  const fromBytes32 = (chain: Chain, b: string) => named(chain, dataSlice(b, 12));
  const hub = records.hub;
  const at = (key: string) => String(hub[key]);
  const out: Record<string, unknown> = {};
  const ownerOf = async (chain: Chain, key: string) =>
    named(chain, await StakeManager__factory.connect(String(records[chain][key]), providers[chain]).owner());
  for (const chain of CHAINS) out[`${chain}.messenger`] = named(chain, String(records[chain].messenger));
  for (const key of HUB_TIMELOCK_OWNED) out[`hub.${key}.owner`] = await ownerOf("hub", key);
  const timelock = SuanliTimelock__factory.connect(at("timelock"), providers.hub);
  const directiveHub = DirectiveHub__factory.connect(at("directiveHub"), providers.hub);
  for (const [who, address] of [
    ["deployer", deployer.address],
    ["timelock", at("timelock")],
    ["governor", at("governor")],
    ["scheduler", scheduler],
  ] as const) {
    for (const role of ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"])
      out[`timelock.${role}.${who}`] = await timelock.hasRole(keccakText(role), address);
    out[`timelock.admin.${who}`] = await timelock.hasRole(ZeroHash, address);
    out[`directiveHub.admin.${who}`] = await directiveHub.hasRole(ZeroHash, address);
    out[`directiveHub.scheduler.${who}`] = await directiveHub.hasRole(keccakText("SCHEDULER_ROLE"), address);
  }
  out["timelock.minDelay"] = await timelock.getMinDelay();
  const jobMarket = JobMarket__factory.connect(at("jobMarket"), providers.hub);
  out["jobMarket.disputeWindow"] = await jobMarket.disputeWindow();
  out["modelRegistry.modelCount"] = await ModelRegistry__factory.connect(
    at("modelRegistry"),
    providers.hub,
  ).modelCount();
  const regionReports = RegionReports__factory.connect(at("regionReports"), providers.hub);
  for (const chain of ["east", "west"] as const) {
    const r = records[chain];
    const domain = Number(r.chainId);
    for (const key of REGION_EXECUTOR_OWNED) out[`${chain}.${key}.owner`] = await ownerOf(chain, key);
    out[`${chain}.owner`] = named(chain, String(r.owner));
    const executor = GovernanceExecutor__factory.connect(String(r.governanceExecutor), providers[chain]);
    out[`${chain}.executor.hubSender`] = fromBytes32("hub", await executor.hubSender());
    out[`${chain}.executor.mailbox`] = named(chain, await executor.mailbox());
    out[`hub.regionReports.remote.${chain}`] = fromBytes32(chain, await regionReports.remote(domain));
    out[`hub.nodeIndex.remote.${chain}`] = fromBytes32(
      chain,
      await NodeIndex__factory.connect(at("nodeIndex"), providers.hub).remote(domain),
    );
    const reporter = RegionalReporter__factory.connect(String(r.reporter), providers[chain]);
    out[`${chain}.reporter.remote.hub`] = fromBytes32("hub", await reporter.remote(Number(hub.chainId)));
    out[`${chain}.reporter.coordinator`] = named(chain, await reporter.coordinator());
  }
  return out;
}

describe("deploy engine and deployNetworks build the same system", () => {
  const nodes: Record<"engine" | "modules", Anvil[]> = { engine: [], modules: [] };
  const providers: Record<"engine" | "modules", Record<Chain, JsonRpcProvider>> = {
    engine: {} as Record<Chain, JsonRpcProvider>,
    modules: {} as Record<Chain, JsonRpcProvider>,
  };
  let work: string;

  beforeAll(async () => {
    for (const side of ["engine", "modules"] as const) {
      for (const [i, chain] of CHAINS.entries()) {
        const node = await startAnvil(31_337 + i, 0);
        nodes[side].push(node);
        providers[side][chain] = new JsonRpcProvider(node.url, undefined, { cacheTimeout: -1 });
      }
    }
    work = await mkdtemp(path.join(tmpdir(), "suanli-deploy-parity-"));
  }, 60_000);
  afterAll(async () => {
    for (const side of ["engine", "modules"] as const) {
      for (const p of Object.values(providers[side])) p.destroy();
      await Promise.all(nodes[side].map((n) => n.stop()));
    }
  });

  it("same record keys and the same owners, roles and wiring on every chain", async () => {
    const modulesDir = path.join(work, "modules");
    const signer = (chain: Chain) => new NonceManager(deployer.connect(providers.modules[chain]));
    await deployNetworks(
      { hub: signer("hub"), regions: { east: signer("east"), west: signer("west") } },
      {
        recordDir: modulesDir,
        bridge: { validators, threshold: 2 },
        hub: { schedulers: [scheduler], models, params: DEV_PARAMS },
        coordinators,
      },
    );
    const engineDir = path.join(work, "engine");
    const result = await deploy({
      dir: engineDir,
      wallets: Object.fromEntries(CHAINS.map((c) => [c, deployer.connect(providers.engine[c])])),
      params: DEV_PARAMS,
      validators,
      threshold: 2,
      schedulers: [scheduler],
      models,
      coordinators,
      pollMs: 50,
    });

    const read = (dir: string) =>
      Object.fromEntries(
        CHAINS.map((c) => [c, JSON.parse(readFileSync(path.join(dir, `${c}.json`), "utf8")) as ChainRecord]),
      ) as Record<Chain, ChainRecord>;
    const modules = read(modulesDir);
    const engine = read(engineDir);
    for (const chain of CHAINS) {
      expect(engine[chain]).toEqual(result.records[chain]);
      const missing = Object.keys(modules[chain]).filter((k) => !(k in engine[chain]));
      expect(missing, `${chain}: keys of the deployNetworks record missing from the engine's`).toEqual([]);
    }
    const [fromModules, fromEngine] = await Promise.all([
      facts(modules, providers.modules),
      facts(engine, providers.engine),
    ]);
    // The facts themselves are those of a governed system, not merely equal.
    for (const key of HUB_TIMELOCK_OWNED) expect(fromModules[`hub.${key}.owner`]).toBe("hub.timelock");
    for (const chain of ["east", "west"]) {
      for (const key of REGION_EXECUTOR_OWNED)
        expect(fromModules[`${chain}.${key}.owner`]).toBe(`${chain}.governanceExecutor`);
      expect(fromModules[`${chain}.executor.hubSender`]).toBe("hub.governanceDispatcher");
      expect(fromModules[`hub.regionReports.remote.${chain}`]).toBe(`${chain}.reporter`);
      expect(fromModules[`${chain}.reporter.remote.hub`]).toBe("hub.regionReports");
    }
    expect(fromModules["hub.messenger"]).toBe("hub.mailbox");
    expect(fromModules["west.owner"]).toBe("west.governanceExecutor");
    expect(fromModules["east.reporter.coordinator"]).toBe(coordinators.east.toLowerCase());
    expect(fromModules["timelock.admin.deployer"]).toBe(false);
    expect(fromModules["directiveHub.admin.timelock"]).toBe(true);
    expect(fromModules["modelRegistry.modelCount"]).toBe(1n);
    expect(fromEngine).toEqual(fromModules);
  }, 600_000);
});
