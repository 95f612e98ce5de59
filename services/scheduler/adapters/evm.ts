/**
 * Chain adapter of the scheduler (ethers v6 over the TypeChain bindings): `EvmMarketReader` builds a
 * MarketSnapshot from the hub (JobMarket, NodeIndex, Reputation, StakeManager) and the regions'
 * DirectiveInbox; `EvmDirectiveSink` submits `DirectiveHub.assign`. What is read from where, the block cursor and
 * the defaults for fields the chain does not carry are described in docs/scheduler.md ("Chain adapter").
 */
import { formatUnits, type Interface, type Provider } from "ethers";
import {
  IDirectiveInbox__factory,
  IJobMarket__factory,
  type DirectiveHub,
  type DirectiveInbox,
  type JobMarket,
  type NodeIndex,
  type Reputation as ReputationContract,
  type StakeManager,
  type RegionReports,
} from "../../../types/contracts/index.js";
import { revertData } from "../../shared/errors.js";
import type { DirectiveSink, MarketReader, MarketSnapshot, TxRef } from "../core/ports.js";
import { REFERENCE_NETWORK, WATTS_PER_UNIT } from "../core/reference.js";
import type { Assignment } from "../core/replacement.js";
import {
  ANY_NODE,
  DEFAULT_WEIGHTS,
  type Directive,
  type Job,
  type Network,
  type Node,
  type NodeStatus,
  type PolicyWeights,
  type Tier,
} from "../core/types.js";

/** JobMarket.JobStatus values a job can still be placed (or re-placed) in; 3..5 are final. */
const JOB_OPEN = 1n;
const JOB_ASSIGNED = 2n;
/** NodeRecord.status. */
const NODE_STATUS: Readonly<Record<number, NodeStatus>> = { 1: "active", 2: "paused", 3: "retired" };
/** NodeRecord.energySource (uint8). */
const ENERGY_SOURCES = ["grid", "solar", "wind", "hydro", "nuclear", "gas", "coal"] as const;
/** SuanliToken decimals (stake is reported in whole tokens). */
const STAKE_DECIMALS = 18;
/** Node ids per NodeIndex.nodeIds call. */
const NODE_PAGE = 500n;

export interface HubContracts {
  readonly market: JobMarket;
  readonly index: NodeIndex;
  readonly reputation: ReputationContract;
  readonly stake: StakeManager;
  /**
   * The regions' latest RegionalReports (services/coordinator), passed to the core as the snapshot's `regions`
   * (carbon intensity now and load, see core/loop.ts `deriveState`); the nodes a report names silent are offline
   * (their open jobs are re-placed, "node-down").
   */
  readonly reports?: RegionReports;
}

/** A region chain: its messaging domain (= chain id), its name in the scheduler's network, its inbox. */
export interface RegionChain {
  readonly domain: number;
  readonly name: string;
  readonly inbox: DirectiveInbox;
}

export interface EvmReaderConfig {
  readonly hub: HubContracts;
  readonly regions: readonly RegionChain[];
  /** First hub block scanned for JobCreated / JobAssigned: at or before the JobMarket's deployment. */
  readonly fromBlock: number;
  /** Blocks per eth_getLogs request (providers cap the range). */
  readonly logChunkBlocks: number;
  /** Buyer region of every job: the on-chain JobSpec has none yet (the REST API will carry it). */
  readonly buyerRegion: string;
  /** Hardware requirement of every job: the on-chain JobSpec has none, so resources are generic units. */
  readonly jobHardware: string;
  readonly network: Network;
  readonly weights: PolicyWeights;
  /** Watts per busy unit by lower-cased GPU model ("" = CPU core); unknown models get the highest figure. */
  readonly wattsPerUnit: Readonly<Record<string, number>>;
  /** Nodes known to be offline; every other node is taken as online until heartbeats/regional reports exist. */
  readonly offlineNodes: ReadonlySet<string>;
}

const DEFAULT_READER_CONFIG = {
  fromBlock: 0,
  logChunkBlocks: 5_000,
  buyerRegion: "cn-east",
  jobHardware: ANY_NODE,
  network: REFERENCE_NETWORK,
  weights: DEFAULT_WEIGHTS,
  wattsPerUnit: WATTS_PER_UNIT,
  offlineNodes: new Set<string>(),
} satisfies Partial<EvmReaderConfig>;

/** One JobAssigned event: a directive as recorded by the hub. */
interface Recorded {
  readonly nodeId: string;
  readonly attempt: number;
  readonly assignedAt: number;
  /** The node declined this attempt (`JobDeclined`). */
  declined: boolean;
}

/**
 * Reads the market from the chains. Jobs are discovered from `JobCreated` events and their directives from
 * `JobAssigned` events, scanned with a block cursor from `fromBlock`; everything else is read from contract views
 * at the hub's head block, so one snapshot is one consistent hub state. The cursor and the per-job event history
 * live in memory only: a fresh reader re-scans from `fromBlock`, which rebuilds exactly the same state.
 * One snapshot at a time (the cursor is advanced in place; the service never overlaps ticks).
 */
export class EvmMarketReader implements MarketReader {
  private readonly config: EvmReaderConfig;
  private readonly provider: Provider;
  private readonly regions: ReadonlyMap<number, RegionChain>;
  /** Next hub block to scan. */
  private nextBlock: number;
  /** JobCreated events seen (job ids are 1..jobCount, so this must equal jobCount). */
  private created = 0n;
  /** Jobs not known to be final: jobId → submittedAt (block time of JobCreated). */
  private readonly live = new Map<string, number>();
  /** JobAssigned history of the live jobs. */
  private readonly history = new Map<string, Recorded[]>();

  constructor(config: Pick<EvmReaderConfig, "hub" | "regions"> & Partial<EvmReaderConfig>) {
    this.config = { ...DEFAULT_READER_CONFIG, ...config };
    const provider = this.config.hub.market.runner?.provider;
    if (!provider) throw new Error("EvmMarketReader: the JobMarket contract has no provider");
    this.provider = provider;
    this.regions = new Map(this.config.regions.map((r) => [r.domain, r]));
    this.nextBlock = this.config.fromBlock;
  }

  async snapshot(): Promise<MarketSnapshot> {
    const head = await this.provider.getBlock("latest");
    if (head === null) throw new Error("EvmMarketReader: hub returned no latest block");
    const blockTag = head.number;
    await this.scan(blockTag);
    const jobCount = await this.config.hub.market.jobCount({ blockTag });
    if (jobCount !== this.created) {
      throw new Error(
        `EvmMarketReader: ${this.created} JobCreated events from block ${this.config.fromBlock} but jobCount is ` +
          `${jobCount}; fromBlock must be at or before the JobMarket's deployment`,
      );
    }
    const [records, nodes, reports] = await Promise.all([
      this.readJobs(blockTag),
      this.readNodes(blockTag),
      this.regionReports(blockTag),
    ]);
    const assignments = await Promise.all(
      records.map(async ({ job, attempt, nodeId }): Promise<Assignment[]> => {
        if (attempt === 0) return [];
        const recorded = this.history.get(job.jobId) ?? [];
        if (!recorded.some((r) => r.attempt === attempt && r.nodeId === nodeId)) {
          throw new Error(
            `EvmMarketReader: job ${job.jobId} is at attempt ${attempt} on node ${nodeId} but no such JobAssigned ` +
              `event was found from block ${this.config.fromBlock}`,
          );
        }
        // The inbox keeps only the current assignment: earlier attempts count as unacknowledged, which the loop
        // never looks at (it judges the current attempt and excludes every node the job was sent to).
        const acked = await this.acknowledged(job.jobId, nodeId, attempt, nodes.domains);
        return recorded.map((r) => ({
          jobId: job.jobId,
          nodeId: r.nodeId,
          attempt: r.attempt,
          assignedAt: r.assignedAt,
          acked: r.attempt === attempt && acked,
          declined: r.declined,
        }));
      }),
    );
    return {
      now: head.timestamp,
      openJobs: records.map((r) => r.job),
      assignments: assignments.flat(),
      nodes: nodes.placeable,
      network: this.config.network,
      weights: this.config.weights,
      regions:
        reports.size === 0
          ? undefined
          : Object.fromEntries(
              [...reports].map(([domain, r]) => [
                this.regions.get(domain)!.name,
                { load: r.load, carbonIntensity: r.carbonIntensity },
              ]),
            ),
    };
  }

  /** Advances the block cursor to `toBlock`, recording new jobs and directives. */
  private async scan(toBlock: number): Promise<void> {
    const { market } = this.config.hub;
    while (this.nextBlock <= toBlock) {
      const to = Math.min(toBlock, this.nextBlock + this.config.logChunkBlocks - 1);
      const [created, assigned, declined] = await Promise.all([
        market.queryFilter(market.filters.JobCreated(), this.nextBlock, to),
        market.queryFilter(market.filters.JobAssigned(), this.nextBlock, to),
        market.queryFilter(market.filters.JobDeclined(), this.nextBlock, to),
      ]);
      const blocks = [...new Set([...created, ...assigned].map((l) => l.blockNumber))];
      const times = new Map(
        await Promise.all(
          blocks.map(async (n) => [n, (await this.provider.getBlock(n))?.timestamp] as const),
        ),
      );
      const timeOf = (n: number): number => {
        const t = times.get(n);
        if (t === undefined) throw new Error(`EvmMarketReader: hub block ${n} not found`);
        return t;
      };
      for (const log of created) {
        this.live.set(log.args.jobId.toString(), timeOf(log.blockNumber));
        this.created++;
      }
      for (const log of assigned) {
        const jobId = log.args.jobId.toString();
        if (!this.live.has(jobId)) continue;
        const list = this.history.get(jobId) ?? [];
        list.push({
          nodeId: log.args.nodeId.toString(),
          attempt: Number(log.args.attempt),
          assignedAt: timeOf(log.blockNumber),
          declined: false,
        });
        this.history.set(jobId, list);
      }
      // A decline names the attempt it refuses; it is emitted after that attempt's JobAssigned.
      for (const log of declined) {
        const attempt = Number(log.args.attempt);
        const nodeId = log.args.nodeId.toString();
        const recorded = this.history.get(log.args.jobId.toString())?.find((r) => r.attempt === attempt);
        if (recorded !== undefined && recorded.nodeId === nodeId) recorded.declined = true;
      }
      this.nextBlock = to + 1;
    }
  }

  /** Job records of the live jobs at `blockTag`; jobs found final are forgotten. */
  private async readJobs(blockTag: number): Promise<{ job: Job; attempt: number; nodeId: string }[]> {
    const { market } = this.config.hub;
    const rows = await Promise.all(
      [...this.live].map(async ([jobId, submittedAt]) => ({
        jobId,
        submittedAt,
        r: await market.job(jobId, { blockTag }),
      })),
    );
    const out: { job: Job; attempt: number; nodeId: string }[] = [];
    for (const { jobId, submittedAt, r } of rows) {
      if (r.status !== JOB_OPEN && r.status !== JOB_ASSIGNED) {
        this.live.delete(jobId);
        this.history.delete(jobId);
        continue;
      }
      out.push({
        attempt: Number(r.attempt),
        nodeId: r.nodeId.toString(),
        job: {
          jobId,
          resources: Number(r.resources),
          durationSec: Number(r.durationSec),
          tier: Number(r.tier) as Tier,
          latencyBoundMs: Number(r.latencyBoundMs),
          deadline: Number(r.deadline),
          // Prices above 2^53 micro-units per second round, but Number() keeps their order.
          maxUnitPrice: Number(r.maxUnitPrice),
          buyerRegion: this.config.buyerRegion,
          gpuModel: this.config.jobHardware,
          submittedAt,
        },
      });
    }
    return out;
  }

  /**
   * Every indexed node's domain, and the nodes work may be placed on: those with the minimum bonded stake
   * (DirectiveHub refuses the others).
   */
  private async readNodes(blockTag: number): Promise<{ placeable: Node[]; domains: Map<string, number> }> {
    const { index, reputation, stake } = this.config.hub;
    const count = await index.nodeCount({ blockTag });
    const ids: bigint[] = [];
    for (let offset = 0n; offset < count; offset += NODE_PAGE) {
      ids.push(...(await index.nodeIds(offset, NODE_PAGE, { blockTag })));
    }
    const domains = new Map<string, number>();
    const reports = await this.regionReports(blockTag);
    const rows = await Promise.all(
      ids.map(async (id) => {
        const [record, rep, [bonded], staked, domain] = await Promise.all([
          index.node(id, { blockTag }),
          reputation.recordOf(id, { blockTag }),
          stake.stakeOf(id, { blockTag }),
          stake.hasMinimumStake(id, { blockTag }),
          index.regionOf(id, { blockTag }),
        ]);
        domains.set(id.toString(), Number(domain));
        return { record, rep, bonded, staked, region: this.region(Number(domain), id.toString()) };
      }),
    );
    const placeable: Node[] = rows
      .filter((row) => row.staked)
      .map(({ record, rep, bonded, region }) => {
        const nodeId = record.nodeId.toString();
        const report = reports.get(region.domain);
        const status = NODE_STATUS[Number(record.status)];
        if (status === undefined)
          throw new Error(`EvmMarketReader: node ${nodeId} has status ${record.status}`);
        return {
          nodeId,
          region: region.name,
          operator: record.operator,
          cpuCores: Number(record.cpuCores),
          memoryMb: Number(record.memoryMb),
          gpuModel: record.gpuModel,
          gpuCount: Number(record.gpuCount),
          latencyClass: Number(record.latencyClass),
          energySource: ENERGY_SOURCES[Number(record.energySource)] ?? `source ${record.energySource}`,
          carbonIntensity: Number(record.carbonIntensity),
          pricePerSecond: Number(record.pricePerSecond),
          status,
          online: !this.config.offlineNodes.has(nodeId) && !(report?.silent.has(nodeId) ?? false),
          reputation: {
            successes: Number(rep.successes),
            slaBreaches: Number(rep.slaBreaches),
            timeouts: Number(rep.timeouts),
          },
          stake: Number(formatUnits(bonded, STAKE_DECIMALS)),
          wattsPerUnit: this.watts(record.gpuModel, Number(record.gpuCount)),
        };
      });
    return { placeable, domains };
  }

  /** Whether the region's inbox holds this very directive (node and attempt) as acknowledged. */
  private async acknowledged(
    jobId: string,
    nodeId: string,
    attempt: number,
    domains: ReadonlyMap<string, number>,
  ): Promise<boolean> {
    const domain = domains.get(nodeId);
    if (domain === undefined) throw new Error(`EvmMarketReader: job ${jobId} is on unindexed node ${nodeId}`);
    const a = await this.region(domain, nodeId).inbox.assignment(jobId);
    return a.acknowledged && Number(a.attempt) === attempt && a.nodeId.toString() === nodeId;
  }

  /** Each configured region's latest report (regions that never reported are absent). */
  private async regionReports(
    blockTag: number,
  ): Promise<Map<number, { carbonIntensity: number; load: number; silent: Set<string> }>> {
    const out = new Map<number, { carbonIntensity: number; load: number; silent: Set<string> }>();
    const reports = this.config.hub.reports;
    if (reports === undefined) return out;
    for (const domain of this.regions.keys()) {
      const r = await reports.latest(domain, { blockTag });
      if (r.epoch === 0n) continue;
      out.set(domain, {
        carbonIntensity: Number(r.carbonIntensity),
        load: Number(r.utilisationBps) / 10_000,
        silent: new Set(r.silentNodes.map((id) => id.toString())),
      });
    }
    return out;
  }

  private region(domain: number, nodeId: string): RegionChain {
    const region = this.regions.get(domain);
    if (region === undefined) {
      throw new Error(
        `EvmMarketReader: node ${nodeId} is in domain ${domain}, which has no region configured`,
      );
    }
    return region;
  }

  private watts(gpuModel: string, gpuCount: number): number {
    const table = this.config.wattsPerUnit;
    const known = table[gpuCount === 0 ? "" : gpuModel.toLowerCase()];
    return known ?? Math.max(...Object.values(table));
  }
}

/** A directive the hub refused: `reason` is the decoded custom error (e.g. "JobMarketAttemptMismatch"). */
export class DirectiveRevertedError extends Error {
  constructor(
    readonly directive: Directive,
    readonly reason: string,
    readonly args: Readonly<Record<string, string>>,
    options: { cause: unknown },
  ) {
    const detail = Object.entries(args)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    super(
      `DirectiveHub.assign refused job ${directive.jobId} (node ${directive.nodeId}, attempt ${directive.attempt}): ` +
        `${reason}(${detail})`,
      options,
    );
    this.name = "DirectiveRevertedError";
  }
}

/**
 * Submits directives as `DirectiveHub.assign(jobId, nodeId, attempt)` from a signer holding SCHEDULER_ROLE and
 * waits for the receipt. The hub accepts attempt n only when the job is at n - 1, so a resent directive reverts
 * (JobMarketAttemptMismatch) and is reported as a DirectiveRevertedError.
 */
export class EvmDirectiveSink implements DirectiveSink {
  /**
   * The hub's own errors, then those `assign` bubbles up from JobMarket.recordAssignment and, where the messenger
   * delivers synchronously (same-chain tests), from the region's DirectiveInbox.
   */
  private readonly errorInterfaces: readonly Interface[];

  constructor(
    private readonly directiveHub: DirectiveHub,
    private readonly confirmations = 1,
  ) {
    this.errorInterfaces = [
      directiveHub.interface,
      IJobMarket__factory.createInterface(),
      IDirectiveInbox__factory.createInterface(),
    ];
  }

  async assign(directive: Directive): Promise<TxRef> {
    try {
      const tx = await this.directiveHub.assign(directive.jobId, directive.nodeId, directive.attempt);
      const receipt = await tx.wait(this.confirmations);
      if (receipt === null) throw new Error(`DirectiveHub.assign for job ${directive.jobId}: no receipt`);
      return { txHash: receipt.hash };
    } catch (error) {
      throw this.decode(directive, error);
    }
  }

  private decode(directive: Directive, error: unknown): unknown {
    const data = revertData(error);
    if (data === undefined) return error;
    for (const iface of this.errorInterfaces) {
      const parsed = iface.parseError(data);
      if (parsed === null) continue;
      const args = Object.fromEntries(parsed.fragment.inputs.map((p, i) => [p.name, String(parsed.args[i])]));
      return new DirectiveRevertedError(directive, parsed.name, args, { cause: error });
    }
    return new DirectiveRevertedError(directive, "unknown revert", { data }, { cause: error });
  }
}
