/**
 * The loop closed on chain: regional coordinators' reports (through RegionalReporter → messenger →
 * RegionReports) change where the scheduler places jobs. Two regions on one in-process chain (hub, east and
 * west told apart by peered LocalMessengers), one identical node in each. A batch job goes to the region reporting
 * the cleaner grid; after the carbon reports swap, the next job goes to the other region; a region reporting
 * full utilisation gets nothing; a node reported silent is taken offline and its acknowledged job re-placed.
 */
import { network } from "hardhat";
import { parseUnits } from "ethers";
import { beforeAll, describe, expect, it } from "vitest";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { connectRegion, deployHub, deployRegion, handOverHub } from "../../deploy/suanli.js";
import { EvmDirectiveSink, EvmMarketReader } from "../../services/scheduler/adapters/evm.js";
import { SchedulerLoop } from "../../services/scheduler/core/loop.js";
import { OptimisingPolicy } from "../../services/scheduler/core/optimiser.js";
import { signJobWithPermit } from "../../services/shared/typed-data.js";
import { LocalMessenger__factory, TestUSD__factory } from "../../types/contracts/index.js";

const { hub: HUB, east: EAST, west: WEST } = CHAIN_IDS;
const OPTIONS = { ackTimeoutSec: 600, startDelaySec: 0, inFlightTtlSec: 120 };

let world: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const { ethers } = await network.create("hub");
  const s = await ethers.getSigners();
  const [deployer, buyer, relayer, scheduler, voter, coordinator] = s;
  const messengers = await Promise.all(
    [HUB, EAST, WEST].map((d) => new LocalMessenger__factory(deployer).deploy(d)),
  );
  for (const a of messengers)
    for (const b of messengers) if (a !== b) await (await a.setPeer(await b.getAddress())).wait();
  const hub = await deployHub(deployer!, {
    messenger: await messengers[0]!.getAddress(),
    schedulers: [scheduler!.address],
    tokenHolder: voter!.address,
  });
  const regions = {
    east: await deployRegion(deployer!, {
      hubDomain: HUB,
      messenger: await messengers[1]!.getAddress(),
      coordinator: coordinator!.address,
    }),
    west: await deployRegion(deployer!, {
      hubDomain: HUB,
      messenger: await messengers[2]!.getAddress(),
      coordinator: coordinator!.address,
    }),
  };
  for (const r of Object.values(regions)) await connectRegion(hub, r, deployer!, deployer!);
  await handOverHub(hub, deployer!);
  const usd = TestUSD__factory.connect(hub.paymentToken, deployer!);
  await (await usd.mint(buyer!.address, parseUnits("1000", 6))).wait();
  const chainId = (await ethers.provider.getNetwork()).chainId;

  const nodes: Record<string, bigint> = {};
  for (const [i, [name, region]] of Object.entries(regions).entries()) {
    const operator = s[10 + i]!;
    const rcpt = await (
      await region.registry.connect(operator).register({
        cpuCores: 16,
        memoryMb: 65_536,
        gpuModel: "",
        gpuCount: 0,
        latencyClass: 0,
        energySource: 0,
        carbonIntensity: 300,
        pricePerSecond: 20n,
        identityCommitment: 1000n + BigInt(i),
        endpoint: `http://node.${name}`,
      })
    ).wait();
    const nodeId = region.registry.interface.parseLog(rcpt!.logs[0]!)!.args.nodeId as bigint;
    const amount = parseUnits("1000", 18);
    await (await hub.token.connect(voter!).transfer(operator.address, amount)).wait();
    await (await hub.token.connect(operator).approve(await hub.stakeManager.getAddress(), amount)).wait();
    await (await hub.stakeManager.connect(operator).stake(nodeId, amount)).wait();
    nodes[name] = nodeId;
  }

  let nonce = 1n;
  async function createJob() {
    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const spec = {
      resources: 4,
      durationSec: 60,
      tier: 2, // batch: the work that moves for cleaner power (real-time and interactive work do not pay for carbon)
      latencyBoundMs: 500,
      deadline: now + 3600n,
      maxUnitPrice: 25n,
      inputCommitment: 42n,
    };
    const escrow = await hub.jobMarket.quote(spec);
    const token = { name: "Test USD", address: hub.paymentToken, nonce: await usd.nonces(buyer!.address) };
    const n = nonce++;
    const { signature, permit } = await signJobWithPermit(buyer!, {
      chainId,
      market: await hub.jobMarket.getAddress(),
      token,
      spec,
      nonce: n,
      expiry: now + 600n,
      escrow,
    });
    await (
      await hub.jobMarket
        .connect(relayer!)
        .createJobWithSig(spec, buyer!.address, n, now + 600n, signature, permit)
    ).wait();
    return hub.jobMarket.jobCount();
  }

  let epoch = 0;
  async function report(
    name: "east" | "west",
    fields: { carbon: number; utilisationBps?: number; silent?: bigint[] },
  ) {
    await (
      await regions[name].reporter.connect(coordinator!).report({
        epoch: ++epoch,
        reportedAt: 0,
        utilisationBps: fields.utilisationBps ?? 0,
        queueLength: 0,
        energyWh: 0,
        carbonIntensity: fields.carbon,
        activeAgents: 1,
        silentNodes: fields.silent ?? [],
      })
    ).wait();
  }

  const loop = new SchedulerLoop(
    new EvmMarketReader({
      hub: {
        market: hub.jobMarket,
        index: hub.nodeIndex,
        reputation: hub.reputation,
        stake: hub.stakeManager,
        reports: hub.regionReports,
      },
      regions: [
        { domain: EAST, name: "cn-east", inbox: regions.east.inbox },
        { domain: WEST, name: "cn-west", inbox: regions.west.inbox },
      ],
    }),
    new EvmDirectiveSink(hub.directiveHub.connect(scheduler!)),
    new OptimisingPolicy(),
    OPTIONS,
  );

  /** Runs one scheduling window and returns where the job went. */
  async function place(jobId: bigint): Promise<string> {
    const tick = await loop.tick();
    const d = tick.outcomes.map((o) => o.directive).find((x) => x.jobId === jobId.toString());
    expect(d, `job ${jobId} was not placed`).toBeDefined();
    return d!.nodeId;
  }

  return { hub, regions, nodes, createJob, report, place, s };
}

beforeAll(async () => {
  world = await setup();
});

describe("scheduler placement follows the regions' reports", () => {
  it("places on the cleaner region, and moves when the carbon reports swap", async () => {
    const { nodes, createJob, report, place, hub } = world;
    await report("east", { carbon: 900 });
    await report("west", { carbon: 40 });
    expect((await hub.regionReports.latest(WEST)).carbonIntensity).toBe(40n);
    const first = await createJob();
    expect(await place(first)).toBe(nodes.west!.toString());

    await report("east", { carbon: 40 });
    await report("west", { carbon: 900 });
    const second = await createJob();
    expect(await place(second)).toBe(nodes.east!.toString());
  });

  it("keeps work away from a region that reports full utilisation", async () => {
    const { nodes, createJob, report, place } = world;
    await report("east", { carbon: 900 });
    await report("west", { carbon: 40, utilisationBps: 10_000 });
    const job = await createJob();
    expect(await place(job)).toBe(nodes.east!.toString());
  });

  it("re-places the acknowledged job of a node its coordinator reports silent", async () => {
    const { nodes, createJob, report, place, regions, hub, s } = world;
    await report("west", { carbon: 40 });
    await report("east", { carbon: 900 });
    const job = await createJob();
    expect(await place(job)).toBe(nodes.west!.toString());
    await (await regions.west.inbox.connect(s[11]!).acknowledge(job)).wait();
    await report("west", { carbon: 40, silent: [nodes.west!] });
    expect(await place(job)).toBe(nodes.east!.toString());
    expect((await hub.jobMarket.job(job)).attempt).toBe(2n);
  });
});
