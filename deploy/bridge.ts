/**
 * Deployment module of the bridge: a MultisigIsm and a Mailbox on every chain (domain = chain id), each ISM
 * told every other chain's Mailbox and validator set, settlement lanes into the hub rate-limited, and a
 * GovernanceExecutor on each region obeying only the hub Timelock's GovernanceDispatcher.
 */
import { type Signer, zeroPadValue } from "ethers";
import {
  type GovernanceDispatcher,
  GovernanceDispatcher__factory,
  GovernanceExecutor__factory,
  type Mailbox,
  Mailbox__factory,
  type MultisigIsm,
  MultisigIsm__factory,
  type ValidatorAnnounce,
  ValidatorAnnounce__factory,
} from "../types/contracts/index.js";

export interface BridgeOptions {
  /** Validator addresses attesting every origin. */
  validators: string[];
  /** Signatures required per message. */
  threshold: number;
  /** Seconds during which the previous validator set still verifies after a rotation. */
  gracePeriodSec?: number;
  /** Token bucket of value-bearing (settlement) messages per region lane into the hub. */
  settlementLimit?: { capacity: bigint; refillPerHour: bigint };
}

export interface ChainBridge {
  domain: number;
  mailbox: Mailbox;
  ism: MultisigIsm;
  /** Where this chain's validators publish their signature-store URLs (signed by their keys). */
  validatorAnnounce: ValidatorAnnounce;
  /** Hub only: numbers and sends the Timelock's calls to the regions' GovernanceExecutors. */
  governanceDispatcher?: GovernanceDispatcher;
  /** Block at which the bridge was deployed: where validators and relayers start following. */
  fromBlock: number;
}

/** Message kinds that move value into the hub (MessageLib.RECEIPT_VERIFIED, RECEIPTS_PROVEN). */
export const SETTLEMENT_KINDS = [19, 22] as const;

const DEFAULT_SETTLEMENT_LIMIT = { capacity: 500n, refillPerHour: 2_000n };

async function send(tx: Promise<{ wait(): Promise<unknown> }>): Promise<void> {
  await (await tx).wait();
}

/** Deploys and links the bridge on every chain of `signers`; the deployer owns it until handed over. */
export async function deployBridge(
  signers: Record<string, Signer>,
  options: BridgeOptions,
): Promise<Record<string, ChainBridge>> {
  const out: Record<string, ChainBridge> = {};
  for (const [name, signer] of Object.entries(signers)) {
    const owner = await signer.getAddress();
    const domain = Number((await signer.provider!.getNetwork()).chainId);
    const fromBlock = await signer.provider!.getBlockNumber();
    const ism = await (
      await new MultisigIsm__factory(signer).deploy(options.gracePeriodSec ?? 3_600, owner)
    ).waitForDeployment();
    const mailbox = await (
      await new Mailbox__factory(signer).deploy(domain, await ism.getAddress(), owner)
    ).waitForDeployment();
    const validatorAnnounce = await (
      await new ValidatorAnnounce__factory(signer).deploy()
    ).waitForDeployment();
    const governanceDispatcher =
      name === "hub"
        ? await (
            await new GovernanceDispatcher__factory(signer).deploy(await mailbox.getAddress(), owner)
          ).waitForDeployment()
        : undefined;
    out[name] = { domain, mailbox, ism, validatorAnnounce, fromBlock, governanceDispatcher };
  }
  for (const [name, here] of Object.entries(out)) {
    for (const [originName, origin] of Object.entries(out)) {
      if (originName === name) continue;
      const mailbox = zeroPadValue(await origin.mailbox.getAddress(), 32);
      await send(here.ism.connect(signers[name]!).setOriginMailbox(origin.domain, mailbox));
      await send(
        here.ism
          .connect(signers[name]!)
          .rotateValidators(origin.domain, options.validators, options.threshold),
      );
    }
  }
  return out;
}

/** Rate-limits every settlement kind on each region's lane into the hub. */
export async function limitSettlement(
  hub: ChainBridge,
  hubSigner: Signer,
  regionDomains: number[],
  limit = DEFAULT_SETTLEMENT_LIMIT,
): Promise<void> {
  for (const domain of regionDomains) {
    for (const kind of SETTLEMENT_KINDS) {
      await send(
        hub.mailbox.connect(hubSigner).setRateLimit(domain, kind, limit.capacity, limit.refillPerHour),
      );
    }
  }
}

/**
 * Deploys the region's GovernanceExecutor: it runs, in order, only the calls the hub's GovernanceDispatcher
 * (owned by the hub Timelock) sends through the bridge.
 */
export async function deployGovernanceExecutor(
  signer: Signer,
  bridge: ChainBridge,
  hubDomain: number,
  hubSender: string,
) {
  return (
    await new GovernanceExecutor__factory(signer).deploy(
      await bridge.mailbox.getAddress(),
      hubDomain,
      hubSender,
    )
  ).waitForDeployment();
}

/**
 * Hands a chain's Mailbox and ISM (and the hub's GovernanceDispatcher) to its governance (the hub Timelock or
 * a region's GovernanceExecutor).
 */
export async function handOverBridge(bridge: ChainBridge, signer: Signer, governance: string): Promise<void> {
  await send(bridge.mailbox.connect(signer).transferOwnership(governance));
  await send(bridge.ism.connect(signer).transferOwnership(governance));
  if (bridge.governanceDispatcher)
    await send(bridge.governanceDispatcher.connect(signer).transferOwnership(governance));
}
