/**
 * Reference figures shared by the simulator and the chain adapter: approximate, typical values (sources in
 * docs/scheduler.md), used where the chains do not (yet) report a measurement.
 */
import type { Network } from "./types.js";

/** Round trips in ms (diagonal: inside a region) and access latency by node latency class 0..3. */
export const REFERENCE_NETWORK: Network = {
  rttMs: {
    "cn-east": { "cn-east": 8, "cn-west": 45, "eu-north": 210 },
    "cn-west": { "cn-east": 45, "cn-west": 8, "eu-north": 230 },
    "eu-north": { "cn-east": 210, "cn-west": 230, "eu-north": 8 },
  },
  accessMs: [1, 3, 8, 20],
};

/** Electrical power per busy resource unit, host share included, watts; by GPU model ("" = a CPU core). */
export const WATTS_PER_UNIT = { "": 10, t4: 110, a10: 200, a100: 500, h100: 850 } as const;
