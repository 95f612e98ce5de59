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
   * Share of the node's capacity busy with work the scheduler does not see (0..1), from its region's latest
   * RegionalReport; that share is not free. Absent = 0.
   */
  readonly busyShare?: number;
}

/** A node together with what is still free on it. */
export interface NodeView {
  readonly node: Node;
  readonly freeUnits: number;
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

export const DEFAULT_WEIGHTS: PolicyWeights = { price: 1, slaRisk: 1, reputation: 0.5, carbon: 1 };

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
