/**
 * Deployment modules: the hub (DAO, market, index, stake, reputation) and a region (registry, inbox,
 * receipts). They take an ethers Signer, so the same code deploys to in-process Hardhat chains and to any
 * JSON-RPC endpoint. Order: deployHub, deployRegion (per region), connectRegion (per region), handOverHub.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type ContractRunner, type Signer, zeroPadValue } from "ethers";
import {
  ComputeRegistry__factory,
  DirectiveHub__factory,
  DirectiveInbox__factory,
  IMessenger__factory,
  JobMarket__factory,
  LocalMessenger__factory,
  NodeIndex__factory,
  ReceiptRegistry__factory,
  Reputation__factory,
  SignatureReceiptVerifier__factory,
  StakeManager__factory,
  SuanliGovernor__factory,
  SuanliTimelock__factory,
  SuanliToken__factory,
  TestUSD__factory,
} from "../types/contracts/index.js";
import { DEV_PARAMS, type DeployParams } from "./params.js";

export interface HubOptions {
  /** Messenger of the hub chain; a LocalMessenger for this domain is deployed when omitted. */
  messenger?: string;
  /** Payment token (a 6-decimal permit token); TestUSD is deployed when omitted. */
  paymentToken?: string;
  /** Receives the whole SUAN supply. Defaults to the deployer. */
  tokenHolder?: string;
  /** Accounts granted the scheduler role. */
  schedulers?: string[];
  params?: DeployParams;
}

export interface RegionOptions {
  hubDomain: number;
  /** Messenger of the region chain; a LocalMessenger for this domain is deployed when omitted. */
  messenger?: string;
  /** Owner of the region's parameters (the region's GovernanceExecutor once the bridge is deployed). */
  owner?: string;
}

async function deployed<T extends { waitForDeployment(): Promise<T> }>(contract: Promise<T>): Promise<T> {
  return (await contract).waitForDeployment();
}

async function send(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}

async function chainDomain(signer: Signer): Promise<number> {
  const network = await signer.provider!.getNetwork();
  return Number(network.chainId);
}

async function messengerFor(signer: Signer, given: string | undefined): Promise<string> {
  if (given) return given;
  const m = await deployed(new LocalMessenger__factory(signer).deploy(await chainDomain(signer)));
  return m.getAddress();
}

/** The bridge domain of a deployment is its messenger's, which is the chain id except in same-chain tests. */
async function messengerDomain(signer: Signer, messenger: string): Promise<number> {
  return Number(await IMessenger__factory.connect(messenger, signer).localDomain());
}

export async function deployHub(signer: Signer, options: HubOptions = {}) {
  const p = options.params ?? DEV_PARAMS;
  const me = await signer.getAddress();
  const messenger = await messengerFor(signer, options.messenger);
  const paymentToken =
    options.paymentToken ?? (await (await deployed(new TestUSD__factory(signer).deploy())).getAddress());

  const token = await deployed(
    new SuanliToken__factory(signer).deploy(options.tokenHolder ?? me, p.token.supply),
  );
  const timelock = await deployed(
    new SuanliTimelock__factory(signer).deploy(p.governance.timelockDelay, [], [], me),
  );
  const timelockAddress = await timelock.getAddress();
  const governor = await deployed(
    new SuanliGovernor__factory(signer).deploy(
      await token.getAddress(),
      timelockAddress,
      p.governance.votingDelay,
      p.governance.votingPeriod,
      p.governance.proposalThreshold,
      p.governance.quorumPercent,
    ),
  );
  const nodeIndex = await deployed(new NodeIndex__factory(signer).deploy(messenger, me));
  const reputation = await deployed(new Reputation__factory(signer).deploy(me));
  const stakeManager = await deployed(
    new StakeManager__factory(signer).deploy(
      await token.getAddress(),
      await nodeIndex.getAddress(),
      p.stake.minStake,
      p.stake.unbondingDelay,
      timelockAddress,
      me,
    ),
  );
  const jobMarket = await deployed(
    new JobMarket__factory(signer).deploy(
      messenger,
      paymentToken,
      await nodeIndex.getAddress(),
      await stakeManager.getAddress(),
      await reputation.getAddress(),
      p.policy,
      timelockAddress,
      me,
    ),
  );
  const directiveHub = await deployed(
    new DirectiveHub__factory(signer).deploy(
      messenger,
      await jobMarket.getAddress(),
      await nodeIndex.getAddress(),
      await stakeManager.getAddress(),
      me,
    ),
  );

  await send(jobMarket.setDirectiveHub(await directiveHub.getAddress()));
  await send(stakeManager.setSlasher(await jobMarket.getAddress()));
  await send(reputation.setRecorder(await jobMarket.getAddress()));
  for (const scheduler of options.schedulers ?? [me]) {
    await send(directiveHub.grantRole(await directiveHub.SCHEDULER_ROLE(), scheduler));
  }
  const governorAddress = await governor.getAddress();
  await send(timelock.grantRole(await timelock.PROPOSER_ROLE(), governorAddress));
  await send(timelock.grantRole(await timelock.CANCELLER_ROLE(), governorAddress));
  // Anyone may execute a proposal once its delay has passed.
  await send(
    timelock.grantRole(await timelock.EXECUTOR_ROLE(), "0x0000000000000000000000000000000000000000"),
  );

  return {
    domain: await messengerDomain(signer, messenger),
    messenger,
    paymentToken,
    token,
    timelock,
    governor,
    nodeIndex,
    reputation,
    stakeManager,
    jobMarket,
    directiveHub,
  };
}

export type HubDeployment = Awaited<ReturnType<typeof deployHub>>;

export async function deployRegion(signer: Signer, options: RegionOptions) {
  const owner = options.owner ?? (await signer.getAddress());
  const me = await signer.getAddress();
  const messenger = await messengerFor(signer, options.messenger);
  const registry = await deployed(
    new ComputeRegistry__factory(signer).deploy(messenger, options.hubDomain, me),
  );
  const inbox = await deployed(
    new DirectiveInbox__factory(signer).deploy(messenger, await registry.getAddress(), me),
  );
  const verifier = await deployed(new SignatureReceiptVerifier__factory(signer).deploy());
  const receipts = await deployed(
    new ReceiptRegistry__factory(signer).deploy(
      messenger,
      await registry.getAddress(),
      await inbox.getAddress(),
      await verifier.getAddress(),
      options.hubDomain,
      me,
    ),
  );
  return {
    domain: await messengerDomain(signer, messenger),
    hubDomain: options.hubDomain,
    owner,
    messenger,
    registry,
    inbox,
    verifier,
    receipts,
  };
}

export type RegionDeployment = Awaited<ReturnType<typeof deployRegion>>;

const asRemote = async (c: { getAddress(): Promise<string> }) => zeroPadValue(await c.getAddress(), 32);

/** Enrols each side as the other's only accepted remote. */
export async function connectRegion(
  hub: HubDeployment,
  region: RegionDeployment,
  hubRunner: ContractRunner,
  regionRunner: ContractRunner,
): Promise<void> {
  const regionDomain = region.domain;
  await send(hub.nodeIndex.connect(hubRunner).enrollRemote(regionDomain, await asRemote(region.registry)));
  await send(hub.jobMarket.connect(hubRunner).enrollRemote(regionDomain, await asRemote(region.receipts)));
  await send(hub.directiveHub.connect(hubRunner).enrollRemote(regionDomain, await asRemote(region.inbox)));
  await send(
    region.registry.connect(regionRunner).enrollRemote(region.hubDomain, await asRemote(hub.nodeIndex)),
  );
  await send(
    region.inbox.connect(regionRunner).enrollRemote(region.hubDomain, await asRemote(hub.directiveHub)),
  );
  await send(
    region.receipts.connect(regionRunner).enrollRemote(region.hubDomain, await asRemote(hub.jobMarket)),
  );
}

/** Gives every hub parameter to the Timelock and removes the deployer's rights. Irreversible. */
export async function handOverHub(hub: HubDeployment, signer: Signer): Promise<void> {
  const timelock = await hub.timelock.getAddress();
  const me = await signer.getAddress();
  for (const c of [hub.nodeIndex, hub.reputation, hub.stakeManager, hub.jobMarket]) {
    await send(c.connect(signer).transferOwnership(timelock));
  }
  const admin = await hub.directiveHub.DEFAULT_ADMIN_ROLE();
  await send(hub.directiveHub.connect(signer).grantRole(admin, timelock));
  await send(hub.directiveHub.connect(signer).renounceRole(admin, me));
  await send(hub.timelock.connect(signer).renounceRole(await hub.timelock.DEFAULT_ADMIN_ROLE(), me));
}

/** Gives the region's parameters to its owner (its GovernanceExecutor once the bridge exists). */
export async function handOverRegion(region: RegionDeployment, signer: Signer): Promise<void> {
  const me = await signer.getAddress();
  if (region.owner === me) return;
  for (const c of [region.registry, region.inbox, region.receipts]) {
    await send(c.connect(signer).transferOwnership(region.owner));
  }
}

async function addresses(record: Record<string, unknown>): Promise<Record<string, string | number>> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === "string" || typeof value === "number") out[key] = value;
    else if (value && typeof value === "object" && "getAddress" in value) {
      out[key] = await (value as { getAddress(): Promise<string> }).getAddress();
    }
  }
  return out;
}

/** Writes `<dir>/<name>.json` with the chain id and every contract address of a deployment. */
export async function recordDeployment(
  dir: string,
  name: string,
  deployment: HubDeployment | RegionDeployment,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  const body = { name, chainId: deployment.domain, ...(await addresses(deployment)) };
  await writeFile(file, JSON.stringify(body, null, 2) + "\n");
  return file;
}

export interface NetworkSigners {
  hub: Signer;
  regions: Record<string, Signer>;
}

/**
 * Deploys the hub and every region on their own chains, enrols them with each other, hands the hub to its
 * Timelock and records each chain's addresses in `recordDir` (when given). Messengers default to a
 * LocalMessenger per chain; the bridge's Mailbox addresses are passed in `messengers` once it exists.
 */
export async function deployNetworks(
  signers: NetworkSigners,
  options: { recordDir?: string; messengers?: Record<string, string>; hub?: HubOptions } = {},
) {
  const hub = await deployHub(signers.hub, { ...options.hub, messenger: options.messengers?.hub });
  const regions: Record<string, RegionDeployment> = {};
  for (const [name, signer] of Object.entries(signers.regions)) {
    regions[name] = await deployRegion(signer, {
      hubDomain: hub.domain,
      messenger: options.messengers?.[name],
    });
    await connectRegion(hub, regions[name], signers.hub, signer);
    await handOverRegion(regions[name], signer);
  }
  await handOverHub(hub, signers.hub);
  if (options.recordDir) {
    await recordDeployment(options.recordDir, "hub", hub);
    for (const [name, region] of Object.entries(regions))
      await recordDeployment(options.recordDir, name, region);
  }
  return { hub, regions };
}
