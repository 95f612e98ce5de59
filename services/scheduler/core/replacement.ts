import { latencyMs } from "./feasibility.js";
import type { Directive, Job, Network, Node } from "./types.js";

/** One directive recorded for a job (on chain, or in the simulator's book). */
export interface Assignment {
  readonly jobId: string;
  readonly nodeId: string;
  /** 1 for the first directive, +1 per re-placement. */
  readonly attempt: number;
  /** Unix seconds the directive was recorded. */
  readonly assignedAt: number;
  /** The node acknowledged the directive (and started the job). */
  readonly acked: boolean;
  /** The node declined the directive (JobMarket `JobDeclined`): the job is open again at once. */
  readonly declined?: boolean;
}

export type ReplacementReason = "ack-timeout" | "node-down" | "declined";

/**
 * Why a live assignment must be replaced, or null while it stands: the node declined it ("declined"), the node is
 * gone, offline or retired ("node-down"), or it did not acknowledge within `ackTimeoutSec` ("ack-timeout").
 */
export function replacementReason(
  a: Assignment,
  node: Node | undefined,
  now: number,
  ackTimeoutSec: number,
): ReplacementReason | null {
  if (a.declined === true) return "declined";
  if (node === undefined || !node.online || node.status === "retired") return "node-down";
  if (!a.acked && now >= a.assignedAt + ackTimeoutSec) return "ack-timeout";
  return null;
}

/** Shortest acknowledgement timeout: the acknowledgement path (relay down, node check, relay up) must fit in it. */
export const MIN_ACK_TIMEOUT_SEC = 20;

/**
 * Seconds the node has to acknowledge a directive for `job` sent at `assignedAt`: `ackTimeoutSec`, or a third of
 * the job's slack at that moment (deadline − duration − assignedAt) when that is shorter, but at least
 * `MIN_ACK_TIMEOUT_SEC`. A real-time job with 90 s of slack does not survive a 60 s wait for an acknowledgement
 * that never comes; with a 20–30 s timeout it is re-placed at the next window and can still start in time.
 */
export function ackTimeoutFor(job: Job, assignedAt: number, ackTimeoutSec: number): number {
  const slack = job.deadline - job.durationSec - assignedAt;
  return Math.min(ackTimeoutSec, Math.max(MIN_ACK_TIMEOUT_SEC, slack / 3));
}

/** The directive for placing `job` on `node` as the given attempt; terms are what the node must honour. */
export function makeDirective(job: Job, node: Node, attempt: number, network: Network): Directive {
  return {
    jobId: job.jobId,
    region: node.region,
    nodeId: node.nodeId,
    attempt,
    terms: {
      unitPrice: node.pricePerSecond,
      latencyMs: latencyMs(job, node, network),
      deadline: job.deadline,
    },
  };
}

/**
 * In-memory record of directives for a process that is itself the source of truth (the simulator).
 * Invariant: at most one live assignment per job; a re-placement revokes the old one first and excludes its node.
 */
export class AssignmentBook {
  private readonly live = new Map<string, Assignment>();
  private readonly lastAttempt = new Map<string, number>();
  private readonly excludedNodes = new Map<string, Set<string>>();

  /** Records a new directive and returns its attempt number; throws if the job already has a live one. */
  issue(jobId: string, nodeId: string, now: number): number {
    if (this.live.has(jobId)) throw new Error(`AssignmentBook: job ${jobId} already has a live assignment`);
    const attempt = (this.lastAttempt.get(jobId) ?? 0) + 1;
    this.lastAttempt.set(jobId, attempt);
    this.live.set(jobId, { jobId, nodeId, attempt, assignedAt: now, acked: false });
    return attempt;
  }

  /** Marks the acknowledgement; a stale one (older attempt or revoked) is ignored and returns false. */
  ack(jobId: string, attempt: number): boolean {
    const a = this.live.get(jobId);
    if (a === undefined || a.attempt !== attempt) return false;
    this.live.set(jobId, { ...a, acked: true });
    return true;
  }

  /** The job finished: it has no live assignment any more. */
  finish(jobId: string): void {
    this.live.delete(jobId);
  }

  /** Revokes the live assignment (if any), excluding its node for this job; returns what was revoked. */
  revoke(jobId: string): Assignment | undefined {
    const a = this.live.get(jobId);
    if (a === undefined) return undefined;
    this.live.delete(jobId);
    const set = this.excludedNodes.get(jobId) ?? new Set<string>();
    set.add(a.nodeId);
    this.excludedNodes.set(jobId, set);
    return a;
  }

  /**
   * Revokes every live assignment that `replacementReason` condemns; returns them with the reason. The timeout is
   * one figure for every assignment or one per assignment (see `ackTimeoutFor`).
   */
  sweep(
    nodes: ReadonlyMap<string, Node>,
    now: number,
    ackTimeoutSec: number | ((a: Assignment) => number),
  ): { assignment: Assignment; reason: ReplacementReason }[] {
    const out: { assignment: Assignment; reason: ReplacementReason }[] = [];
    for (const a of [...this.live.values()]) {
      const timeout = typeof ackTimeoutSec === "number" ? ackTimeoutSec : ackTimeoutSec(a);
      const reason = replacementReason(a, nodes.get(a.nodeId), now, timeout);
      if (reason !== null && this.revoke(a.jobId) !== undefined) out.push({ assignment: a, reason });
    }
    return out;
  }

  get(jobId: string): Assignment | undefined {
    return this.live.get(jobId);
  }

  liveCount(): number {
    return this.live.size;
  }

  /** Nodes each job must not be sent to again. */
  excluded(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.excludedNodes;
  }
}
