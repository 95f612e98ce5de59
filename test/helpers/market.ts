/**
 * Fixture: the whole market on one in-process chain. Hub and region are told apart by two peered
 * LocalMessengers with the hub's and east's domains, so every message goes through the real codec and
 * endpoint authentication, delivered synchronously.
 */
import { network } from "hardhat";
import { type Signer, parseUnits } from "ethers";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { connectRegion, deployHub, deployRegion, handOverHub } from "../../deploy/suanli.js";
import type { DeployParams } from "../../deploy/params.js";
import {
  BlockingUSD__factory,
  LocalMessenger__factory,
  type TestUSD,
  TestUSD__factory,
} from "../../types/contracts/index.js";
import {
  type JobSpec,
  type Receipt,
  signJobWithPermit,
  signReceipt,
} from "../../services/shared/typed-data.js";

export const HUB = CHAIN_IDS.hub;
export const EAST = CHAIN_IDS.east;
export const USD = (n: string) => parseUnits(n, 6);

export const NODE_PARAMS = {
  cpuCores: 32,
  memoryMb: 131_072,
  gpuModel: "H100",
  gpuCount: 8,
  latencyClass: 1,
  energySource: 3,
  carbonIntensity: 24,
  pricePerSecond: 20n,
  identityCommitment: 123456789n,
  endpoint: "https://node-1.east.example:8443",
};

export interface MarketOptions {
  /** Deployment parameters (development ones by default). */
  params?: DeployParams;
  /** Pay in BlockingUSD (a TestUSD with a blacklist) instead of TestUSD. */
  blockingToken?: boolean;
}

export async function marketFixture(options: MarketOptions = {}) {
  const connection = await network.create("hub");
  const { ethers } = connection;
  const [deployer, buyer, provider, relayer, stranger, scheduler, voter] = await ethers.getSigners();
  const chainId = (await ethers.provider.getNetwork()).chainId;

  const hubMessenger = await new LocalMessenger__factory(deployer).deploy(HUB);
  const eastMessenger = await new LocalMessenger__factory(deployer).deploy(EAST);
  await (await hubMessenger.setPeer(await eastMessenger.getAddress())).wait();
  await (await eastMessenger.setPeer(await hubMessenger.getAddress())).wait();

  const blocking = options.blockingToken
    ? await (await new BlockingUSD__factory(deployer).deploy()).waitForDeployment()
    : undefined;
  const hub = await deployHub(deployer!, {
    params: options.params,
    paymentToken: await blocking?.getAddress(),
    messenger: await hubMessenger.getAddress(),
    schedulers: [await scheduler!.getAddress()],
    tokenHolder: await voter!.getAddress(),
  });
  const east = await deployRegion(deployer!, { hubDomain: HUB, messenger: await eastMessenger.getAddress() });
  await connectRegion(hub, east, deployer!, deployer!);
  await handOverHub(hub, deployer!);

  const usd = TestUSD__factory.connect(hub.paymentToken, deployer!) as TestUSD;
  await (await usd.mint(await buyer!.getAddress(), USD("1000"))).wait();

  const now = async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);

  async function registerAndStake(params = NODE_PARAMS, operator: Signer = provider!) {
    const tx = await east.registry.connect(operator).register(params);
    const rcpt = await tx.wait();
    const log = rcpt!.logs
      .map((l) => {
        try {
          return east.registry.interface.parseLog(l);
        } catch {
          return null;
        }
      })
      .find((l) => l?.name === "NodeRegistered");
    const nodeId = log!.args.nodeId as bigint;
    const amount = parseUnits("1000", 18);
    // The voter holds the SUAN supply and funds each operator's stake.
    await (await hub.token.connect(voter!).transfer(await operator.getAddress(), amount)).wait();
    await (await hub.token.connect(operator).approve(await hub.stakeManager.getAddress(), amount)).wait();
    await (await hub.stakeManager.connect(operator).stake(nodeId, amount)).wait();
    return nodeId;
  }

  async function spec(overrides: Partial<JobSpec> = {}): Promise<JobSpec> {
    return {
      resources: 4,
      durationSec: 600,
      tier: 1,
      latencyBoundMs: 200,
      deadline: (await now()) + 3600n,
      maxUnitPrice: 25n,
      inputCommitment: 42n,
      ...overrides,
    };
  }

  /** Buyer signs request and permit; the relayer submits. Returns the job id. */
  async function createJobWithSig(s: JobSpec, nonce = 1n, from: Signer = buyer!) {
    const market = await hub.jobMarket.getAddress();
    const expiry = (await now()) + 600n;
    const escrow = await hub.jobMarket.quote(s);
    const token = { name: "Test USD", address: hub.paymentToken, nonce: await usd.nonces(from) };
    const { signature: sig, permit } = await signJobWithPermit(from, {
      chainId,
      market,
      token,
      spec: s,
      nonce,
      expiry,
      escrow,
    });
    const tx = await hub.jobMarket
      .connect(relayer!)
      .createJobWithSig(s, await from.getAddress(), nonce, expiry, sig, permit);
    await tx.wait();
    return { jobId: await hub.jobMarket.jobCount(), escrow, sig, permit, expiry, tx };
  }

  async function receiptFor(
    jobId: bigint,
    nodeId: bigint,
    overrides: Partial<Receipt> = {},
  ): Promise<Receipt> {
    const a = await east.inbox.assignment(jobId);
    return {
      jobId,
      nodeId,
      attempt: Number(a.attempt),
      inputCommitment: a.inputCommitment,
      outputCommitment: 777n,
      latencyMs: 150,
      finishTime: await now(),
      energyWh: 1200,
      ...overrides,
    };
  }

  async function submitSigned(receipt: Receipt, operator: Signer = provider!, submitter: Signer = provider!) {
    const sig = await signReceipt(operator, chainId, await east.verifier.getAddress(), receipt);
    return east.receipts.connect(submitter).submitReceipt(receipt, sig);
  }

  return {
    connection,
    ethers,
    chainId,
    hub,
    east,
    usd,
    hubMessenger,
    eastMessenger,
    signers: {
      deployer: deployer!,
      buyer: buyer!,
      provider: provider!,
      relayer: relayer!,
      stranger: stranger!,
      scheduler: scheduler!,
      voter: voter!,
    },
    now,
    registerAndStake,
    spec,
    createJobWithSig,
    receiptFor,
    submitSigned,
  };
}

export type MarketFixture = Awaited<ReturnType<typeof marketFixture>>;
