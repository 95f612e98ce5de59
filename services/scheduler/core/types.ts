/**
 * Domain types of the scheduler core. They mirror the on-chain market (hub JobMarket, regional ComputeRegistry)
 * closely so the chain adapter is a thin mapping; amounts are plain numbers here, bigint lives at the adapter edge.
 */

/** SLA tier as encoded on chain. */
export enum Tier {
  RealTime = 0,
  Interactive = 1,
  Batch = 2,
}

/** An open job as the market reports it. */
export interface Job {
  readonly jobId: string;
  /** Integer resource units: CPU cores on a CPU node, GPUs on a GPU node. */
  readonly resources: number;
  readonly durationSec: number;
  readonly tier: Tier;
  /** Upper bound on the network latency between the buyer's region and the node, in milliseconds. */
  readonly latencyBoundMs: number;
  /** Unix seconds by which the job must have finished. */
  readonly deadline: number;
  /** Highest acceptable unit price: token micro-units (6 decimals) per resource-unit-second. */
  readonly maxUnitPrice: number;
  /** Region name of the buyer (where the users or the data are). */
  readonly buyerRegion: string;
  /** "" = CPU only, "any" = any GPU, ANY_NODE = any node (units are generic), otherwise an exact GPU model. */
  readonly gpuModel: string;
  /** Unix seconds when the job was opened on chain. */
  readonly submittedAt: number;
  /**
   * Share of one GPU when the job needs less than a whole one (0 < gpuFraction < 1; `resources` is then 1): it
   * shares a GPU with other fractional jobs but never spans two. Absent: `resources` whole units.
   */
  readonly gpuFraction?: number;
  /** Host CPU cores a GPU job needs beside its GPUs (on a CPU node `resources` are the cores); default 0. */
  readonly cpuCores?: number;
  /** Memory the job needs on the node, MB; default 0. */
  readonly memoryMb?: number;
}

/**
 * Hardware requirement of a job that runs on any node: its resources are generic units (cores on a CPU node,
 * GPUs on a GPU node), as the on-chain JobSpec has no hardware field.
 */
export const ANY_NODE = "*";

export type NodeStatus = "active" | "paused" | "retired";

/** Settlement history that feeds reputation. */
export interface Reputation {
  readonly successes: number;
  readonly slaBreaches: number;
  readonly timeouts: number;
}

/** A node from the global node index. */
export interface Node {
  /** Decimal string of the uint256 id: (regionDomain << 64) | localIndex. */
  readonly nodeId: string;
  readonly region: string;
  readonly operator: string;
  readonly cpuCores: number;
  readonly memoryMb: number;
  /** "" for a CPU-only node. */
  readonly gpuModel: string;
  readonly gpuCount: number;
  /** 0 (best connected) .. 3; adds access latency inside the region. */
  readonly latencyClass: number;
  readonly energySource: string;
  /** Current grid carbon intensity at the node, gCO2 per kWh. */
  readonly carbonIntensity: number;
  /** Unit price: token micro-units per resource-unit-second. */
  readonly pricePerSecond: number;
  readonly status: NodeStatus;
  /** False once the node stopped heart-beating (dead or unreachable). */
  readonly online: boolean;
  readonly reputation: Reputation;
  readonly stake: number;
  /** Electrical power drawn per busy resource unit (host share included), watts. */
  readonly wattsPerUnit: number;
  /**
   * What recent settlements say about the node (`ReputationLearner` in core/learning.ts). Absent: the scoring
   * falls back to the lifetime counters in `reputation` (timeout rate, no slowdown).
   */
  readonly learned?: LearnedReputation;
}

/** Recency-weighted estimates learned online from settlements and acknowledgements. */
export interface LearnedReputation {
  /** Probability that a directive to the node is never acknowledged. */
  readonly ackMissRate: number;
  /** Actual over declared run time on the node (1 = on estimate, 1.5 = half as slow again). */
  readonly slowdown: number;
  /** Effective number of (decayed) observations behind the estimate. */
  readonly observations: number;
}

/** A region's latest report to the hub: how busy it is and how clean its power is (now and forecast). */
export interface RegionReport {
  /** Share of the region's capacity in use, 0..1, including work the scheduler did not place; default unknown. */
  readonly load?: number;
  /** Grid carbon intensity now, gCO2/kWh. */
  readonly carbonIntensity: number;
  /** Forecast grid intensity per hour from now (index 0 = the current hour), gCO2/kWh; may be wrong. */
  readonly carbonForecast?: readonly number[];
}

/**
 * A node together with what is still free on it. `freeUnits` counts whole free units (fully free GPUs on a GPU
 * node, cores on a CPU node); the optional fields give the other dimensions (core/resources.ts `freeOf`).
 */
export interface NodeView {
  readonly node: Node;
  readonly freeUnits: number;
  /** Free share of each GPU (1 = idle); absent: `freeUnits` idle GPUs, the others fully busy. */
  readonly gpuFree?: readonly number[];
  /** Free host cores of a GPU node; absent: not tracked (unbounded). */
  readonly freeCpuCores?: number;
  /** Free memory, MB; absent: not tracked (unbounded). */
  readonly freeMemoryMb?: number;
}

/** Round-trip latencies between regions and access latency per latency class. */
export interface Network {
  /** rttMs[from][to], symmetric, diagonal = intra-region latency. */
  readonly rttMs: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Extra access latency by node latency class 0..3. */
  readonly accessMs: readonly number[];
}

/** DAO-set weights of the multi-objective choice (dimensionless, >= 0). */
export interface PolicyWeights {
  readonly price: number;
  readonly slaRisk: number;
  readonly reputation: number;
  readonly carbon: number;
}

export const DEFAULT_WEIGHTS: PolicyWeights = { price: 1, slaRisk: 1, reputation: 0.5, carbon: 0.5 };

/** Everything a policy sees in one scheduling window. */
export interface PlacementInput {
  /** Unix seconds at the start of the window. */
  readonly now: number;
  readonly jobs: readonly Job[];
  readonly nodes: readonly NodeView[];
  readonly network: Network;
  readonly weights: PolicyWeights;
  /** Seconds from the directive to the job running (relay + acknowledgement), used for deadline feasibility. */
  readonly startDelaySec: number;
  /** Nodes a job must not go to again (they missed its acknowledgement or died while running it). */
  readonly excluded?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Latest report per region name (carbon forecast for deferring batch work); absent: node records only. */
  readonly regions?: ReadonlyMap<string, RegionReport>;
}

export interface Placement {
  readonly jobId: string;
  readonly nodeId: string;
}

/** A scheduling policy: places a subset of the pending jobs; jobs left out stay pending. */
export interface PlacementPolicy {
  readonly name: string;
  place(input: PlacementInput): Placement[];
}

/** Terms carried by an Assign directive. */
export interface DirectiveTerms {
  readonly unitPrice: number;
  readonly latencyMs: number;
  readonly deadline: number;
}

/** `Assign(jobId, region, nodeId, terms)`; attempt starts at 1 and grows by one per re-placement. */
export interface Directive {
  readonly jobId: string;
  readonly region: string;
  readonly nodeId: string;
  readonly attempt: number;
  readonly terms: DirectiveTerms;
}
