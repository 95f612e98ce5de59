import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { network } from "hardhat";
import { HDNodeWallet, JsonRpcProvider, NonceManager, type Signer, zeroPadValue } from "ethers";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { deployNetworks } from "../../deploy/suanli.js";

// Hardhat's default development mnemonic: the accounts its simulated chains fund.
const DEV_MNEMONIC = "test test test test test test test test test test test junk";

async function checkDeployment(d: Awaited<ReturnType<typeof deployNetworks>>, recordDir: string) {
  const { hub, regions } = d;
  expect(hub.domain).toBe(CHAIN_IDS.hub);
  const timelock = await hub.timelock.getAddress();
  for (const c of [hub.jobMarket, hub.stakeManager, hub.nodeIndex, hub.reputation]) {
    expect(await c.owner()).toBe(timelock);
  }
  expect(await hub.directiveHub.hasRole(await hub.directiveHub.DEFAULT_ADMIN_ROLE(), timelock)).toBe(true);
  expect(
    await hub.timelock.hasRole(await hub.timelock.PROPOSER_ROLE(), await hub.governor.getAddress()),
  ).toBe(true);
  expect(await hub.jobMarket.directiveHub()).toBe(await hub.directiveHub.getAddress());

  for (const [name, region] of Object.entries(regions)) {
    expect(region.domain).toBe(CHAIN_IDS[name as "east" | "west"]);
    expect(await hub.nodeIndex.remote(region.domain)).toBe(
      zeroPadValue(await region.registry.getAddress(), 32),
    );
    expect(await hub.jobMarket.remote(region.domain)).toBe(
      zeroPadValue(await region.receipts.getAddress(), 32),
    );
    expect(await hub.directiveHub.remote(region.domain)).toBe(
      zeroPadValue(await region.inbox.getAddress(), 32),
    );
    expect(await region.receipts.remote(hub.domain)).toBe(zeroPadValue(await hub.jobMarket.getAddress(), 32));
    const record = JSON.parse(await readFile(path.join(recordDir, `${name}.json`), "utf8"));
    expect(record.chainId).toBe(region.domain);
    expect(record.registry).toBe(await region.registry.getAddress());
  }
  const hubRecord = JSON.parse(await readFile(path.join(recordDir, "hub.json"), "utf8"));
  expect(hubRecord.jobMarket).toBe(await hub.jobMarket.getAddress());
  expect(hubRecord.governor).toBe(await hub.governor.getAddress());
}

describe("deployNetworks (the deploy engine behind in-process test worlds)", () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it("deploy hub, east and west to three in-process chains", async () => {
    const [hub, east, west] = await Promise.all(["hub", "east", "west"].map((n) => network.create(n)));
    const signer = async (c: typeof hub) => (await c!.ethers.getSigners())[0]!;
    const recordDir = await mkdtemp(path.join(tmpdir(), "suanli-deploy-"));
    const d = await deployNetworks(
      { hub: await signer(hub), regions: { east: await signer(east), west: await signer(west) } },
      { recordDir },
    );
    await checkDeployment(d, recordDir);
  });

  it("deploy hub, east and west to three local JSON-RPC nodes", async () => {
    const signers: Record<string, Signer> = {};
    for (const name of ["hub", "east", "west"]) {
      const server = await network.createServer(name, "127.0.0.1", 0);
      const { address, port } = await server.listen();
      closers.push(() => server.close());
      expect(address).toBe("127.0.0.1");
      const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, undefined, { cacheTimeout: -1 });
      closers.push(async () => provider.destroy());
      expect(Number((await provider.getNetwork()).chainId)).toBe(CHAIN_IDS[name as keyof typeof CHAIN_IDS]);
      signers[name] = new NonceManager(HDNodeWallet.fromPhrase(DEV_MNEMONIC).connect(provider));
    }
    const recordDir = await mkdtemp(path.join(tmpdir(), "suanli-deploy-rpc-"));
    const d = await deployNetworks(
      { hub: signers.hub!, regions: { east: signers.east!, west: signers.west! } },
      { recordDir },
    );
    await checkDeployment(d, recordDir);
  });
});
