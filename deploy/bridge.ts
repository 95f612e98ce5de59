/**
 * The bridge alone, for the bridge's own tests and `npm run bench:relay`: a MultisigIsm, a Mailbox and a
 * ValidatorAnnounce on every chain (domain = chain id), each ISM told every other chain's Mailbox and validator
 * set, the hub's GovernanceDispatcher; the deployer keeps them. The whole of Suanli (bridge included, settlement
 * lanes rate-limited, a GovernanceExecutor per region, everything handed to governance) is the plan of
 * deploy/plan.ts. Unlike that plan, this does not prepay each lane's first delivered-record word
 * (`Mailbox.prepayDeliveries`): that only makes a lane's first delivery cheaper, a gas figure no bridge test or
 * `bench:relay` measures, and every deployment (`npm start`, `suanli deploy`, deploy/suanli.ts) takes the plan.
 */
import { type Signer, zeroPadValue } from "ethers";
import {
  type GovernanceDispatcher,
  GovernanceDispatcher__factory,
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
