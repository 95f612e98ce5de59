import { parseUnits } from "ethers";
import type { IJobMarket } from "../types/contracts/index.js";

/** Default protocol parameters of a development deployment. Every one is later owned by the Timelock. */
export const DEV_PARAMS = {
  token: { supply: parseUnits("100000000", 18) },
  governance: {
    /** Blocks between proposal and vote start. */
    votingDelay: 1n,
    /** Blocks the vote stays open. */
    votingPeriod: 50n,
    proposalThreshold: 0n,
    quorumPercent: 4n,
    /** Seconds between queue and execution. */
    timelockDelay: 3600n,
  },
  policy: {
    tierMultiplierBps: [30_000, 15_000, 10_000],
    latencyPenaltyBps: 5_000,
    protocolFeeBps: 200,
    settlementGraceSec: 600,
    timeoutSlash: parseUnits("100", 18),
  } satisfies IJobMarket.PolicyStruct,
  stake: { minStake: parseUnits("1000", 18), unbondingDelay: 7n * 24n * 3600n },
} as const;

export type DeployParams = typeof DEV_PARAMS;
