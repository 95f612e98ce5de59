/**
 * Pure reductions of indexed events into what the API serves: a job with its timeline, a provider. The order
 * of a timeline depends only on the events (never on the order chains were read in), so an indexer restarted
 * from scratch or after a crash produces the identical document.
 */
import {
  type ChainTallies,
  TIERS,
  type Job,
  type JobSpec,
  type Provider,
  type TimelineStep,
} from "../api/schemas.js";
import type { IndexedEvent } from "./events.js";

type Data = Record<string, unknown>;
const s = (v: unknown) => String(v);
const n = (v: unknown) => Number(v);

/** The region (domain) a node id encodes: `(domain << 64) | index`. */
export const domainOfNode = (nodeId: string | bigint): number => Number(BigInt(nodeId) >> 64n);

const RANK: Record<TimelineStep["type"], number> = {
  created: 0,
  assigned: 1,
  directive_received: 2,
  acknowledged: 3,
  receipt: 4,
  settled: 5,
  timed_out: 5,
  cancelled: 5,
};

export function specOf(raw: Data): JobSpec {
  return {
    resources: n(raw.resources),
    durationSec: n(raw.durationSec),
    tier: TIERS[n(raw.tier)] ?? "batch",
    latencyBoundMs: n(raw.latencyBoundMs),
    deadline: n(raw.deadline),
    maxUnitPrice: s(raw.maxUnitPrice),
    inputCommitment: s(raw.inputCommitment),
  };
}

function step(e: IndexedEvent, regionName: (domain: number) => string): TimelineStep | undefined {
  const base = {
    id: `${e.domain}:${e.block}:${e.logIndex}`,
    chain: e.chain,
    domain: e.domain,
    blockNumber: e.block,
    blockTime: e.time,
    txHash: e.tx,
  };
  const d = e.data;
  switch (e.kind) {
    case "JobCreated":
      return {
        ...base,
        type: "created",
        details: { buyer: s(d.buyer), escrow: s(d.escrow), spec: specOf(d.spec as Data) },
      };
    case "JobAssigned":
      return {
        ...base,
        type: "assigned",
        details: {
          region: regionName(domainOfNode(s(d.nodeId))),
          nodeId: s(d.nodeId),
          attempt: n(d.attempt),
          unitPrice: s(d.unitPrice),
          price: s(d.price),
        },
      };
    case "AssignmentReceived":
      return { ...base, type: "directive_received", details: { nodeId: s(d.nodeId), attempt: n(d.attempt) } };
    case "AssignmentAcknowledged":
      return { ...base, type: "acknowledged", details: { nodeId: s(d.nodeId), attempt: n(d.attempt) } };
    case "ReceiptAccepted": {
      const r = d.receipt as Data;
      return {
        ...base,
        type: "receipt",
        details: {
          kind: "signed",
          nodeId: s(d.nodeId),
          attempt: n(d.attempt),
          outputCommitment: s(r.outputCommitment),
          latencyMs: n(r.latencyMs),
          finishTime: n(r.finishTime),
          energyWh: n(r.energyWh),
          latencyMet: null,
          deadlineMet: null,
          proof: d.proof ? { signature: null, groth16: null, ...(d.proof as object) } : null,
        },
      };
    }
    case "ReceiptProven": {
      // The receipt's fields are flat in the event (IReceiptRegistry.ReceiptProven).
      return {
        ...base,
        type: "receipt",
        details: {
          kind: "proven",
          nodeId: s(d.nodeId),
          attempt: n(d.attempt),
          outputCommitment: s(d.outputCommitment),
          latencyMs: null,
          finishTime: null,
          energyWh: null,
          latencyMet: Boolean(d.latencyMet),
          deadlineMet: Boolean(d.deadlineMet),
          proof: d.proof ? { signature: null, groth16: null, ...(d.proof as object) } : null,
        },
      };
    }
    case "JobSettled":
      return {
        ...base,
        type: "settled",
        details: {
          nodeId: s(d.nodeId),
          providerPay: s(d.providerPay),
          buyerRefund: s(d.buyerRefund),
          fee: s(d.fee),
          penalty: s(d.penalty),
          outputCommitment: null,
        },
      };
    case "JobTimedOut":
      return {
        ...base,
        type: "timed_out",
        details: { nodeId: s(d.nodeId), refund: s(d.refund), slashed: s(d.slashed) },
      };
    case "JobCancelled":
      return { ...base, type: "cancelled", details: { refund: s(d.refund) } };
    default:
      return undefined;
  }
}

const attemptOf = (st: TimelineStep): number =>
  RANK[st.type] === 5 ? Number.MAX_SAFE_INTEGER : "attempt" in st.details ? st.details.attempt : 0;

/** Causal order across chains: attempt, then step kind, then chain time, then position on its chain. */
function compareSteps(a: TimelineStep, b: TimelineStep): number {
  return (
    attemptOf(a) - attemptOf(b) ||
    RANK[a.type] - RANK[b.type] ||
    a.blockTime - b.blockTime ||
    a.domain - b.domain ||
    a.blockNumber - b.blockNumber ||
    Number(a.id.split(":")[2]) - Number(b.id.split(":")[2])
  );
}

/** A job and its timeline from all its events; undefined until its creation is indexed. */
export function jobView(
  jobId: string,
  events: readonly IndexedEvent[],
  regionName: (domain: number) => string,
): Job | undefined {
  const timeline = events
    .map((e) => step(e, regionName))
    .filter((st): st is TimelineStep => st !== undefined)
    .sort(compareSteps);
  const created = timeline.find((st) => st.type === "created");
  if (!created || created.type !== "created") return undefined;
  let status: Job["status"] = "open";
  let nodeId: string | null = null;
  let attempt = 0;
  let outputCommitment: string | null = null;
  const receipts = new Map<string, string>();
  for (const st of timeline) {
    if (st.type === "assigned") {
      status = "assigned";
      nodeId = st.details.nodeId;
      attempt = st.details.attempt;
    } else if (st.type === "receipt") {
      receipts.set(`${st.details.nodeId}:${st.details.attempt}`, st.details.outputCommitment);
    } else if (st.type === "settled") {
      status = "settled";
      outputCommitment = receipts.get(`${st.details.nodeId}:${attempt}`) ?? null;
      st.details.outputCommitment = outputCommitment;
    } else if (st.type === "timed_out") status = "timed_out";
    else if (st.type === "cancelled") status = "cancelled";
  }
  return {
    jobId,
    buyer: created.details.buyer,
    status,
    escrow: created.details.escrow,
    spec: created.details.spec,
    region: nodeId === null ? null : regionName(domainOfNode(nodeId)),
    nodeId,
    attempt,
    outputCommitment,
    createdAt: created.blockTime,
    updatedAt: Math.max(...timeline.map((st) => st.blockTime)),
    timeline,
  };
}

const STATUS = ["unknown", "active", "paused", "retired"] as const;
const ENERGY = ["grid", "solar", "wind", "hydro", "nuclear", "gas", "coal"];

/** A provider's node from its latest `NodeIndexed` record and its settlement outcomes. */
export function providerView(
  events: readonly IndexedEvent[],
  regionName: (domain: number) => string,
): Provider | undefined {
  const records = events.filter((e) => e.kind === "NodeIndexed");
  const latest = records[records.length - 1];
  if (!latest) return undefined;
  const r = latest.data.record as Data;
  const outcomes = events.filter((e) => e.kind === "OutcomeRecorded").map((e) => n(e.data.outcome));
  // A proven batch records its settlements as counts in one OutcomesRecorded event.
  const batches = events.filter((e) => e.kind === "OutcomesRecorded");
  const batched = (field: string) => batches.reduce((sum, e) => sum + n(e.data[field]), 0);
  const successes = outcomes.filter((o) => o === 0).length + batched("successes");
  const slaBreaches = outcomes.filter((o) => o === 1).length + batched("slaBreaches");
  const timeouts = outcomes.filter((o) => o === 2).length;
  const total = successes + slaBreaches + timeouts;
  const domain = domainOfNode(s(r.nodeId));
  return {
    nodeId: s(r.nodeId),
    region: regionName(domain),
    domain,
    operator: s(r.operator),
    status: STATUS[n(r.status)] ?? "unknown",
    cpuCores: n(r.cpuCores),
    memoryMb: n(r.memoryMb),
    gpuModel: s(r.gpuModel),
    gpuCount: n(r.gpuCount),
    latencyClass: n(r.latencyClass),
    energySource: ENERGY[n(r.energySource)] ?? "unknown",
    carbonIntensity: n(r.carbonIntensity),
    pricePerSecond: s(r.pricePerSecond),
    endpoint: s(r.endpoint),
    reputation: {
      successes,
      slaBreaches,
      timeouts,
      score: total === 0 ? 1 : successes / total,
    },
  };
}

type Tally = { against: bigint; for: bigint; abstain: bigint };
const zero = (): Tally => ({ against: 0n, for: 0n, abstain: 0n });
const text = (t: Tally) => ({
  for: t.for.toString(),
  against: t.against.toString(),
  abstain: t.abstain.toString(),
});
const SUPPORT_KEYS = ["against", "for", "abstain"] as const;

/**
 * A proposal's tally per chain from its governance events (every chain's, `IndexStore.proposalEvents`): per region
 * the announcement (cut-off), the spoke votes cast there, the latest tally sent and what the hub vote pool counted;
 * the hub's own votes are the Governor's `total` minus every region's counted votes.
 */
export function chainTalliesView(
  events: readonly IndexedEvent[],
  total: Tally,
  hubDomain: number,
  regions: readonly { name: string; domain: number }[],
): ChainTallies {
  const counted = new Map<number, Tally>();
  const rows = regions.map((r) => {
    const voted = zero();
    let sent = zero();
    let cutoff: number | null = null;
    const tally = zero();
    counted.set(r.domain, tally);
    for (const e of events) {
      if (e.domain === hubDomain && e.kind === "TallyCounted" && n(e.data.chainId) === r.domain) {
        tally.against += BigInt(s(e.data.againstAdded));
        tally.for += BigInt(s(e.data.forAdded));
        tally.abstain += BigInt(s(e.data.abstainAdded));
      }
      if (e.domain !== r.domain) continue;
      if (e.kind === "ProposalAnnounced") cutoff = n(e.data.cutoff);
      if (e.kind === "VoteCast") {
        const key = SUPPORT_KEYS[n(e.data.support)];
        if (key) voted[key] += BigInt(s(e.data.weight));
      }
      if (e.kind === "TallySent")
        sent = {
          against: BigInt(s(e.data.againstVotes)),
          for: BigInt(s(e.data.forVotes)),
          abstain: BigInt(s(e.data.abstainVotes)),
        };
    }
    return {
      name: r.name,
      domain: r.domain,
      announced: cutoff !== null,
      cutoff,
      votedOnRegion: text(voted),
      sentToHub: text(sent),
      countedOnHub: text(tally),
    };
  });
  const hub = { ...total };
  for (const t of counted.values()) {
    hub.against -= t.against;
    hub.for -= t.for;
    hub.abstain -= t.abstain;
  }
  return { hub: text(hub), regions: rows };
}
