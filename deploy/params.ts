import { parseUnits } from "ethers";
import { AppError } from "../services/shared/errors.js";
import type { IJobMarket } from "../types/contracts/index.js";

/**
 * Chain ids that count as development: the local Hardhat networks of `hardhat.config.ts` (hub 31337,
 * east 31338, west 31339; Hardhat's in-process default is 31337 too). Only here may development parameters
 * and the unauthenticated-by-design `LocalMessenger` be deployed.
 */
export const DEVELOPMENT_CHAIN_IDS: readonly number[] = [31_337, 31_338, 31_339];

export const isDevelopmentChain = (chainId: number | bigint): boolean =>
  DEVELOPMENT_CHAIN_IDS.includes(Number(chainId));

/** Mirror of `JobMarket.RECEIPT_ALLOWANCE_SEC` (a test keeps them equal). */
export const RECEIPT_ALLOWANCE_SEC = 30;

/**
 * Who receives the SUAN supply. `holder` is an address, or "deployer" / "timelock" for the deploying
 * account and the DAO's own Timelock (treasury). The amounts must add up to the supply exactly.
 */
export interface Allocation {
  holder: string;
  amount: bigint;
}

export interface DeployParams {
  /** True for parameters only fit for development chains (see DEVELOPMENT_CHAIN_IDS). */
  development: boolean;
  token: { supply: bigint; distribution: Allocation[] };
  governance: {
    /** Seconds between proposal and vote start (the token's clock is the timestamp, ERC-6372). */
    votingDelay: bigint;
    /** Seconds the hub vote stays open. */
    votingPeriod: bigint;
    proposalThreshold: bigint;
    quorumPercent: bigint;
    /** Seconds between queue and execution. */
    timelockDelay: bigint;
    /** Seconds between the spokes' cut-off and the hub vote's end, for tallies to arrive (HubVotePool). */
    tallyWindow: bigint;
    /** Stakeholder chamber: vetoes that defeat a marked proposal, and seconds after the hub end to cast them. */
    vetoThreshold: bigint;
    vetoWindow: bigint;
  };
  policy: IJobMarket.PolicyStruct & { settlementGraceSec: number };
  /** Seconds a buyer has after a settlement to dispute the node's latency (0: settlement is final at once). */
  disputeWindowSec: number;
  stake: { minStake: bigint; unbondingDelay: bigint };
}

const SUPPLY = parseUnits("100000000", 18);

/**
 * Settlement lane of the bridge (messages, messages per hour): what the deploy plan installs on every region's
 * lane into the hub unless told otherwise, on development chains as on production ones.
 */
export const PRODUCTION_SETTLEMENT_LIMIT = { capacity: 500n, refillPerHour: 2_000n };

/** Time budget for validators to attest and the relayer to deliver a message, retries included. */
export const RELAY_BUDGET_SEC = 3_600;

/**
 * The longest an honest receipt the region accepted in time can take to reach the hub: the acceptance
 * allowance, a full settlement bucket draining at its refill rate (what rate limiting can add), and the relay
 * budget. The settlement grace must be at least this, so `settleTimedOut` cannot pre-empt such a receipt.
 */
export function settlementWorstCaseSec(
  limit: { capacity: bigint; refillPerHour: bigint },
  relayBudgetSec = RELAY_BUDGET_SEC,
): number {
  const drainSec = (limit.capacity * 3600n + limit.refillPerHour - 1n) / limit.refillPerHour;
  return RECEIPT_ALLOWANCE_SEC + Number(drainSec) + relayBudgetSec;
}

/**
 * Relay budget of the local bridge (the stack's validators and relayer on loopback deliver in seconds; two
 * minutes covers a restarted relayer catching up). Production assumes an hour (RELAY_BUDGET_SEC).
 */
export const DEV_RELAY_BUDGET_SEC = 120;

/**
 * Development parameters: short votes and delays so tests and the local stack run in minutes, and the whole
 * supply to the deployer (named explicitly). Refused on any chain outside DEVELOPMENT_CHAIN_IDS. The settlement
 * grace still covers the local bridge's worst case: the allowance, a full settlement bucket of the default lane
 * draining (900 s) and the local relay budget, 1,050 s in all.
 */
export const DEV_PARAMS: DeployParams = {
  development: true,
  token: { supply: SUPPLY, distribution: [{ holder: "deployer", amount: SUPPLY }] },
  governance: {
    votingDelay: 1n,
    votingPeriod: 50n,
    proposalThreshold: 0n,
    quorumPercent: 4n,
    timelockDelay: 3600n,
    tallyWindow: 10n,
    vetoThreshold: 1n,
    vetoWindow: 30n,
  },
  policy: {
    tierMultiplierBps: [30_000, 15_000, 10_000],
    latencyPenaltyBps: 5_000,
    protocolFeeBps: 200,
    settlementGraceSec: settlementWorstCaseSec(PRODUCTION_SETTLEMENT_LIMIT, DEV_RELAY_BUDGET_SEC),
    timeoutSlash: parseUnits("100", 18),
  },
  disputeWindowSec: 0,
  stake: { minStake: parseUnits("1000", 18), unbondingDelay: 7n * 24n * 3600n },
};

/**
 * Production parameters for a given token distribution: day-long voting, a two-day Timelock delay, a proposal
 * threshold, two weeks of unbonding, a settlement grace that covers the bridge's worst case and a one-day window
 * for buyers to dispute a node's latency.
 */
export function productionParams(distribution: Allocation[]): DeployParams {
  return {
    development: false,
    token: { supply: SUPPLY, distribution },
    governance: {
      votingDelay: 24n * 3600n,
      votingPeriod: 7n * 24n * 3600n,
      proposalThreshold: parseUnits("100000", 18),
      quorumPercent: 10n,
      timelockDelay: 2n * 24n * 3600n,
      tallyWindow: BigInt(RELAY_BUDGET_SEC) * 6n, // tallies sent at the cut-off arrive within six relay budgets
      vetoThreshold: 3n,
      vetoWindow: 3n * 24n * 3600n,
    },
    policy: {
      tierMultiplierBps: [30_000, 15_000, 10_000],
      latencyPenaltyBps: 5_000,
      protocolFeeBps: 200,
      settlementGraceSec: settlementWorstCaseSec(PRODUCTION_SETTLEMENT_LIMIT) + 3_600,
      timeoutSlash: parseUnits("100", 18),
    },
    disputeWindowSec: 24 * 3600,
    stake: { minStake: parseUnits("10000", 18), unbondingDelay: 14n * 24n * 3600n },
  };
}

function refuse(message: string, details: Record<string, unknown>): never {
  throw new AppError("DEPLOY_PARAMS_REFUSED", message, { status: 400, details });
}

/**
 * Refuses parameters that do not fit the chain: development parameters (or any LocalMessenger) outside the
 * development chains; a distribution that does not add up to the supply; on a shared chain, any SUAN for the
 * deployer, any single non-Timelock holder reaching the quorum, or a grace shorter than the bridge's worst case.
 */
export function checkParams(
  params: DeployParams,
  chainId: number | bigint,
  settlementLimit = PRODUCTION_SETTLEMENT_LIMIT,
): void {
  const dev = isDevelopmentChain(chainId);
  if (params.development && !dev) {
    refuse("development parameters on a non-development chain", { chainId: Number(chainId) });
  }
  const { supply, distribution } = params.token;
  if (distribution.length === 0) refuse("the token distribution must be given explicitly", {});
  const total = distribution.reduce((sum, a) => sum + a.amount, 0n);
  if (total !== supply) refuse("the token distribution does not add up to the supply", { total, supply });
  if (dev) return;
  for (const a of distribution) {
    if (a.holder === "deployer") refuse("the deployer may not receive SUAN on a shared chain", {});
    if (a.holder !== "timelock" && a.amount * 100n >= supply * params.governance.quorumPercent) {
      refuse("one holder would reach the quorum alone", { holder: a.holder, amount: a.amount });
    }
  }
  const needed = settlementWorstCaseSec(settlementLimit);
  if (params.policy.settlementGraceSec < needed) {
    refuse("the settlement grace does not cover the bridge's worst case", {
      settlementGraceSec: params.policy.settlementGraceSec,
      needed,
    });
  }
}
