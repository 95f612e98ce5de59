/**
 * Cross-chain governance from a holder's own keys (docs/governance.md): SUAN moved hub → region by the hub
 * lockbox (`HubTokenBridge`, lock-and-mint) and back by the regional token (burn-and-unlock), delegation on any
 * chain, a hub proposal's state on a region's `SpokeVoteAggregator` (snapshot, cut-off, local tally), spoke
 * votes (`castVote`, `castVoteWithReason`, `castVoteBySig` with an EIP-712 ballot), the spoke's tally sent to the
 * hub, and the per-chain tallies the hub counted (`HubVotePool.spokeVotes`; the hub's direct votes are the
 * Governor's total minus the regions'). Every transaction is signed by the caller's signer; nothing goes
 * through the REST API.
 */
import { getAddress, type Provider, type Signer } from "ethers";
import {
  HubTokenBridge__factory,
  HubVotePool__factory,
  SpokeVoteAggregator__factory,
  SuanliGovernor__factory,
  SuanliToken__factory,
  SuanRegionalToken__factory,
} from "../../../types/contracts/index.js";
import { revertData } from "../../shared/errors.js";
import { interopAddress } from "../../shared/interop.js";
import { SuanliApiError } from "../errors.js";

/** The hub's governance contracts (deployment record `hub.json`). */
export interface HubGovernance {
  chainId: number;
  governor: string;
  token: string;
  tokenBridge: string;
  votePool: string;
}

/** One region's governance contracts (deployment record `<region>.json`). */
export interface RegionGovernance {
  chainId: number;
  /** Regional SUAN (`SuanRegionalToken`). */
  suan: string;
  voteAggregator: string;
}

/** 0 against, 1 for, 2 abstain (the Governor's and the aggregator's support values). */
export type Support = 0 | 1 | 2;

export interface Votes {
  against: bigint;
  for: bigint;
  abstain: bigint;
}

export interface Sent {
  txHash: string;
  blockNumber: number;
}

/** A chain that holds SUAN: the hub (its token) or a region (its `SuanRegionalToken`). */
export type SuanChain = { token: string } | RegionGovernance;

/** The SUAN token's address on `chain`. */
const suanOf = (chain: SuanChain): string => ("suan" in chain ? chain.suan : chain.token);

async function mined(tx: Promise<{ wait(): Promise<unknown> }>): Promise<Sent> {
  const receipt = (await (await tx).wait()) as { hash: string; blockNumber: number };
  return { txHash: receipt.hash, blockNumber: receipt.blockNumber };
}

const votes = (v: readonly [bigint, bigint, bigint] | bigint[]): Votes => ({
  against: v[0]!,
  for: v[1]!,
  abstain: v[2]!,
});

/**
 * Gas added to the estimate of a transfer into or out of the lockbox: the estimate may assume the vote
 * checkpoint of the same second (a cheap rewrite) while the block gets a new second (a new checkpoint slot).
 */
const CHECKPOINT_HEADROOM = 60_000n;

/**
 * Locks `amount` SUAN of the signer in the hub lockbox for `to` on `region` (approving the lockbox first when
 * its allowance is short). The regional SUAN is minted when the bridge delivers the message.
 */
export async function bridgeToRegion(
  signer: Signer,
  hub: HubGovernance,
  region: RegionGovernance,
  to: string,
  amount: bigint,
): Promise<Sent> {
  const token = SuanliToken__factory.connect(hub.token, signer);
  const owner = await signer.getAddress();
  if ((await token.allowance(owner, hub.tokenBridge)) < amount)
    await mined(token.approve(hub.tokenBridge, amount));
  const lockbox = HubTokenBridge__factory.connect(hub.tokenBridge, signer);
  const recipient = interopAddress(region.chainId, getAddress(to));
  const gas = await lockbox.crosschainTransfer.estimateGas(recipient, amount);
  return mined(lockbox.crosschainTransfer(recipient, amount, { gasLimit: gas + CHECKPOINT_HEADROOM }));
}

/** Burns `amount` regional SUAN of the signer on `region`; the hub lockbox unlocks it to `to` on delivery. */
export async function bridgeToHub(
  signer: Signer,
  hub: HubGovernance,
  region: RegionGovernance,
  to: string,
  amount: bigint,
): Promise<Sent> {
  const suan = SuanRegionalToken__factory.connect(region.suan, signer);
  const recipient = interopAddress(hub.chainId, getAddress(to));
  const gas = await suan.crosschainTransfer.estimateGas(recipient, amount);
  return mined(suan.crosschainTransfer(recipient, amount, { gasLimit: gas + CHECKPOINT_HEADROOM }));
}

/** SUAN balance of `account` on the hub (`chain` = the hub) or on a region (its regional SUAN). */
export async function suanBalance(runner: Provider, chain: SuanChain, account: string) {
  return SuanliToken__factory.connect(suanOf(chain), runner).balanceOf(account);
}

/** Delegates the signer's votes of SUAN on one chain (hub SUAN or a region's) to `delegatee`. */
export async function delegateOn(signer: Signer, chain: SuanChain, delegatee: string): Promise<Sent> {
  return mined(SuanliToken__factory.connect(suanOf(chain), signer).delegate(delegatee));
}

/** Votes of `account` on one chain now (the ERC20Votes checkpoint, timestamp clock). */
export async function votesOn(runner: Provider, chain: SuanChain, account: string) {
  return SuanliToken__factory.connect(suanOf(chain), runner).getVotes(account);
}

/** How long `announceProposal` waits, by default, for a proposal's snapshot to pass. */
export const ANNOUNCE_WAIT_SEC = 120;

/**
 * Sends a hub proposal's (id, snapshot, cut-off) to `region`'s aggregator through the bridge; anyone may. The
 * pool announces only once the snapshot is past (it fixes the regions' weight then: `HubVotePoolSnapshotNotPast`),
 * so this waits, up to `maxWaitSec`, until the chain's next block would be past it (asking the node: a
 * development chain's clock may run ahead of this machine's). A snapshot further away on the chain's clock is
 * refused at once (`ANNOUNCE_TOO_EARLY`: come back after it); an unknown proposal is left to the pool's error.
 */
export async function announceProposal(
  signer: Signer,
  hub: HubGovernance,
  region: RegionGovernance,
  proposalId: bigint,
  maxWaitSec = ANNOUNCE_WAIT_SEC,
): Promise<Sent> {
  const pool = HubVotePool__factory.connect(hub.votePool, signer);
  const snapshot = await SuanliGovernor__factory.connect(hub.governor, signer).proposalSnapshot(proposalId);
  const latest = (await signer.provider!.getBlock("latest"))!.timestamp;
  if (snapshot !== 0n && Number(snapshot) - latest > maxWaitSec)
    throw new SuanliApiError(
      409,
      "ANNOUNCE_TOO_EARLY",
      `proposal ${proposalId}'s vote opens at ${snapshot}, ${Number(snapshot) - latest} s from the chain's ` +
        `latest block: announce it after that`,
      { proposalId: proposalId.toString(), snapshot: Number(snapshot) },
    );
  const until = Date.now() + maxWaitSec * 1000;
  for (;;) {
    try {
      await pool.announce.estimateGas(proposalId, region.chainId);
      break;
    } catch (error) {
      const data = revertData(error);
      const early =
        data !== undefined && pool.interface.parseError(data)?.name === "HubVotePoolSnapshotNotPast";
      if (!early || Date.now() >= until) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return mined(pool.announce(proposalId, region.chainId));
}

export interface SpokeProposal {
  /** False until the announcement has been delivered to the region. */
  announced: boolean;
  /** The hub proposal's snapshot (seconds); votes weigh the regional SUAN delegated at that instant. */
  snapshot: number;
  /** The spoke's cut-off (seconds): votes are taken in (snapshot, cut-off]. */
  cutoff: number;
  /** The region's tally so far (not necessarily sent to the hub yet). */
  votes: Votes;
}

/** A hub proposal as `region`'s aggregator knows it. */
export async function spokeProposal(
  runner: Provider,
  region: RegionGovernance,
  proposalId: bigint,
): Promise<SpokeProposal> {
  const aggregator = SpokeVoteAggregator__factory.connect(region.voteAggregator, runner);
  const [[snapshot, cutoff], tally] = await Promise.all([
    aggregator.proposalTimes(proposalId),
    aggregator.proposalVotes(proposalId),
  ]);
  return {
    announced: snapshot !== 0n,
    snapshot: Number(snapshot),
    cutoff: Number(cutoff),
    votes: votes(tally),
  };
}

/** The signer's vote on `region`, weighed at the proposal's snapshot; with a reason when one is given. */
export async function castSpokeVote(
  signer: Signer,
  region: RegionGovernance,
  proposalId: bigint,
  support: Support,
  reason?: string,
): Promise<Sent> {
  const aggregator = SpokeVoteAggregator__factory.connect(region.voteAggregator, signer);
  return mined(
    reason === undefined
      ? aggregator.castVote(proposalId, support)
      : aggregator.castVoteWithReason(proposalId, support, reason),
  );
}

/**
 * The voter's EIP-712 ballot for `region`'s aggregator (domain: that chain and aggregator, so the signature is
 * worthless on any other chain), for anyone to submit with `castSpokeVoteBySig`.
 */
export async function signSpokeBallot(
  voter: Signer,
  runner: Provider,
  region: RegionGovernance,
  proposalId: bigint,
  support: Support,
): Promise<{ voter: string; signature: string }> {
  const address = await voter.getAddress();
  const nonce = await SpokeVoteAggregator__factory.connect(region.voteAggregator, runner).nonces(address);
  const signature = await voter.signTypedData(
    {
      name: "SpokeVoteAggregator",
      version: "1",
      chainId: region.chainId,
      verifyingContract: region.voteAggregator,
    },
    {
      Ballot: [
        { name: "proposalId", type: "uint256" },
        { name: "support", type: "uint8" },
        { name: "voter", type: "address" },
        { name: "nonce", type: "uint256" },
      ],
    },
    { proposalId, support, voter: address, nonce },
  );
  return { voter: address, signature };
}

/** Submits a signed ballot on `region`; the signer only pays the gas. */
export async function castSpokeVoteBySig(
  signer: Signer,
  region: RegionGovernance,
  proposalId: bigint,
  support: Support,
  voter: string,
  signature: string,
): Promise<Sent> {
  const aggregator = SpokeVoteAggregator__factory.connect(region.voteAggregator, signer);
  return mined(aggregator.castVoteBySig(proposalId, support, voter, signature));
}

/** Sends `region`'s cumulative tally of the proposal to the hub vote pool through the bridge; anyone may. */
export async function sendSpokeTally(
  signer: Signer,
  region: RegionGovernance,
  proposalId: bigint,
): Promise<Sent> {
  return mined(SpokeVoteAggregator__factory.connect(region.voteAggregator, signer).sendTally(proposalId));
}

export interface ChainTallies {
  /** Everything the Governor counted. */
  total: Votes;
  /** Votes cast on the hub directly (total minus what the vote pool cast for the regions). */
  hub: Votes;
  /** Per region (by name): what the hub counted from its tallies. */
  regions: Record<string, Votes>;
}

/** The hub's tally of a proposal split by chain. */
export async function chainTallies(
  runner: Provider,
  hub: HubGovernance,
  regions: Record<string, RegionGovernance>,
  proposalId: bigint,
): Promise<ChainTallies> {
  const governor = SuanliGovernor__factory.connect(hub.governor, runner);
  const pool = HubVotePool__factory.connect(hub.votePool, runner);
  const names = Object.keys(regions);
  const [total, ...perRegion] = await Promise.all([
    governor.proposalVotes(proposalId).then(votes),
    ...names.map((n) => pool.spokeVotes(proposalId, regions[n]!.chainId).then(votes)),
  ]);
  const sum = (k: keyof Votes) => perRegion.reduce((s, v) => s + v[k], 0n);
  return {
    total: total!,
    hub: {
      against: total!.against - sum("against"),
      for: total!.for - sum("for"),
      abstain: total!.abstain - sum("abstain"),
    },
    regions: Object.fromEntries(names.map((n, i) => [n, perRegion[i]!])),
  };
}
