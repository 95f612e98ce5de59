/**
 * A three-chain world for cross-chain governance: hub, east and west as separate in-process chains (their own
 * chain ids and clocks), the whole market, bridge and cross-chain governance deployed by deploy/suanli.ts
 * `deployNetworks` (the deploy engine: Mailbox + MultisigIsm, GovernanceDispatcher/Executor, gateways, vote pool,
 * Timelock handover), and a relay that attests each dispatched message with the validators' real signatures
 * and delivers it through `Mailbox.process` — what the validator and relayer services do.
 */
import { network } from "hardhat";
import { concat, getBytes, parseUnits, solidityPacked, Wallet, zeroPadValue, type Signer } from "ethers";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { deployNetworks } from "../../deploy/suanli.js";
import {
  encodeEnvelope,
  encodeMetadata,
  messageIdOf,
  signingDigest,
} from "../../services/shared/envelope.js";
import { interopAddress } from "../../services/shared/interop.js";
import type { Mailbox } from "../../types/contracts/index.js";

export const SUAN = (n: string | number) => parseUnits(String(n), 18);
/** Gas limit of relayed deliveries and bridging transactions (see `deliver`). */
export const GAS = 3_000_000n;
export const NAMES = ["hub", "east", "west"] as const;
export type Name = (typeof NAMES)[number];
export interface Relayed {
  from: Name;
  to: Name;
  messageId: string;
  message: string;
}

async function connect(name: Name) {
  const connection = await network.create(name);
  const signers = await connection.ethers.getSigners();
  return { name, chainId: CHAIN_IDS[name], provider: connection.ethers.provider, signers };
}

export async function governanceWorld() {
  const chains = {
    hub: await connect("hub"),
    east: await connect("east"),
    west: await connect("west"),
  };
  const deployerOf = (n: Name) => chains[n].signers[0]! as Signer;
  const validators = [0, 1, 2].map(() => Wallet.createRandom());
  const net = await deployNetworks(
    { hub: deployerOf("hub"), regions: { east: deployerOf("east"), west: deployerOf("west") } },
    { bridge: { validators: validators.map((v) => v.address), threshold: 2 } },
  );
  const bridges = net.bridges!;
  const gov = net.governance!;

  const mailbox = (n: Name) => bridges[n]!.mailbox as Mailbox;
  const byDomain = Object.fromEntries(NAMES.map((n) => [CHAIN_IDS[n], n])) as Record<number, Name>;
  const relayedFrom: Record<Name, number> = { hub: 0, east: 0, west: 0 };

  /** Every message dispatched on any chain since the last call, in dispatch order per chain. */
  async function collect(): Promise<Relayed[]> {
    const out: Relayed[] = [];
    for (const from of NAMES) {
      const box = mailbox(from);
      const head = await chains[from].provider.getBlockNumber();
      const logs = await box.queryFilter(box.filters.Dispatched(), relayedFrom[from], head);
      relayedFrom[from] = head + 1;
      for (const log of logs) {
        const { messageId, destination, message } = log.args;
        out.push({ from, to: byDomain[Number(destination)]!, messageId, message });
      }
    }
    return out;
  }

  /** Attests `m` (2 of 3 validators) and sends its `Mailbox.process` transaction. */
  async function deliver(m: Relayed) {
    const metadata = await attest(m.from, m.to, m.messageId);
    // A fixed gas limit: an estimate can fall short when the execution block gets a newer timestamp than the
    // estimate assumed (a new vote checkpoint costs more than rewriting the one of the same second).
    return mailbox(m.to).connect(deployerOf(m.to)).process(metadata, m.message, { gasLimit: GAS });
  }

  /** Where `collect` resumes per chain (restore it after reverting the chains to a snapshot). */
  const cursor = () => ({ ...relayedFrom });
  const setCursor = (c: Record<Name, number>) => Object.assign(relayedFrom, c);

  /** Delivers every message dispatched since the last call; returns them. */
  async function relay(): Promise<Relayed[]> {
    const out = await collect();
    for (const m of out) await (await deliver(m)).wait();
    return out;
  }

  /** A signer for `address` on chain `n` (Hardhat impersonation, funded): a governance owner in the tests. */
  async function impersonate(n: Name, address: string): Promise<Signer> {
    await chains[n].provider.send("hardhat_impersonateAccount", [address]);
    await chains[n].provider.send("hardhat_setBalance", [address, "0x56bc75e2d63100000"]);
    return chains[n].provider.getSigner(address);
  }

  /** The dev account `address` as a signer on chain `n`. */
  const on = (n: Name, address: string) => chains[n].signers.find((s) => s.address === address)!;

  /** MultisigIsm metadata for `messageId` from `from` to `to`, signed by two validators. */
  async function attest(from: Name, to: Name, messageId: string): Promise<string> {
    const digest = signingDigest(
      CHAIN_IDS[from],
      mailbox(from).target as string,
      mailbox(to).target as string,
      messageId,
    );
    const version = Number(await bridges[to]!.ism.currentVersion(CHAIN_IDS[from]));
    const attestations = await Promise.all(
      validators.slice(0, 2).map(async (v) => ({
        validator: v.address,
        signature: await v.signMessage(getBytes(digest)),
      })),
    );
    return encodeMetadata(version, attestations);
  }

  /** Moves every chain's clock to the same instant, `seconds` after the latest of them, and mines. */
  async function elapse(seconds: number): Promise<bigint> {
    const latest = await Promise.all(
      NAMES.map(async (n) => (await chains[n].provider.getBlock("latest"))!.timestamp),
    );
    const target = Math.max(...latest) + seconds;
    for (const n of NAMES) {
      await chains[n].provider.send("evm_setNextBlockTimestamp", [target]);
      await chains[n].provider.send("evm_mine", []);
    }
    return BigInt(target);
  }

  /** Sends `amount` SUAN from `holder` on the hub to `to` on region `region` (locks; relay to mint). */
  async function bridgeToRegion(holder: Signer, region: "east" | "west", to: string, amount: bigint) {
    const lockbox = gov.hub.tokenBridge;
    await (await net.hub.token.connect(holder).approve(lockbox, amount)).wait();
    await (
      await lockbox
        .connect(holder)
        .crosschainTransfer(interopAddress(CHAIN_IDS[region], to), amount, { gasLimit: GAS })
    ).wait();
  }

  return {
    chains,
    net,
    gov,
    bridges,
    validators,
    collect,
    cursor,
    setCursor,
    deliver,
    relay,
    attest,
    impersonate,
    on,
    elapse,
    bridgeToRegion,
    mailbox,
    deployerOf,
  };
}

export type GovernanceWorld = Awaited<ReturnType<typeof governanceWorld>>;

/**
 * The world with the cast the attack and chamber tests share: the hub deployer, alice, bob, carol and mallory
 * (dev accounts 1–4, the same address on every chain) and the hub Timelock's address as a signer
 * (impersonated: governance-owned settings without a proposal each).
 */
export async function governanceCast() {
  const w = await governanceWorld();
  const [deployer, a, b, c, m] = w.chains.hub.signers;
  const timelock = await w.impersonate("hub", await w.net.hub.timelock.getAddress());
  return {
    w,
    deployer: deployer!,
    alice: a!.address,
    bob: b!.address,
    carol: c!.address,
    mallory: m!.address,
    timelock,
  };
}

/**
 * A message east's gateway never sent, as a quorum of east's validators could attest it: an ERC-7786 message
 * (gateway sequence `sequence`) from `sender` on east to `recipient` on the hub, in a Mailbox envelope with `nonce`;
 * `data` is the gateway's part of the body.
 */
export async function forgedFromEast(
  w: GovernanceWorld,
  nonce: number,
  sequence: bigint,
  sender: string,
  recipient: string,
  payload: string,
): Promise<Relayed & { data: string }> {
  const data = solidityPacked(
    ["uint64", "address", "address", "bytes"],
    [sequence, sender, recipient, payload],
  );
  const message = encodeEnvelope({
    version: 1,
    nonce,
    origin: CHAIN_IDS.east,
    sender: zeroPadValue(await w.gov.regions.east!.gateway.getAddress(), 32),
    destination: CHAIN_IDS.hub,
    recipient: zeroPadValue(await w.gov.hub.gateway.getAddress(), 32),
    body: concat(["0x01", "0x20", data]), // MessageLib: version 1, kind ERC7786_MESSAGE (32)
  });
  return { from: "east", to: "hub", messageId: messageIdOf(message), message, data };
}
