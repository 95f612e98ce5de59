import { describe, expect, it } from "vitest";
import { SchedulerLoop, deriveState } from "../../services/scheduler/core/loop.js";
import { OptimisingPolicy } from "../../services/scheduler/core/optimiser.js";
import type {
  DirectiveSink,
  MarketReader,
  MarketSnapshot,
  TxRef,
} from "../../services/scheduler/core/ports.js";
import {
  ackTimeoutFor,
  AssignmentBook,
  MIN_ACK_TIMEOUT_SEC,
  type Assignment,
} from "../../services/scheduler/core/replacement.js";
import {
  DEFAULT_WEIGHTS,
  Tier,
  type Directive,
  type Job,
  type Node,
} from "../../services/scheduler/core/types.js";
import { job, NET, node, NOW } from "./helpers.js";

const OPTIONS = { ackTimeoutSec: 60, startDelaySec: 15, inFlightTtlSec: 120 };

/**
 * Port test double: an in-memory market that behaves like the chain — it records every directive, accepts
 * attempt n only when the job's current attempt is n - 1, and can hold directives back ("not mined yet").
 */
class FakeMarket implements MarketReader, DirectiveSink {
  now = NOW;
  jobs: Job[] = [];
  nodes: Node[] = [];
  assignments: Assignment[] = [];
  /** Directives accepted but not yet visible to snapshot(). */
  unmined: Assignment[] = [];
  holdBack = false;
  rejected = 0;

  async snapshot(): Promise<MarketSnapshot> {
    return {
      now: this.now,
      openJobs: this.jobs,
      assignments: [...this.assignments],
      nodes: this.nodes,
      network: NET,
      weights: DEFAULT_WEIGHTS,
    };
  }

  async assign(d: Directive): Promise<TxRef> {
    const current = [...this.assignments, ...this.unmined]
      .filter((a) => a.jobId === d.jobId)
      .reduce((m, a) => Math.max(m, a.attempt), 0);
    if (d.attempt !== current + 1) {
      this.rejected++;
      throw new Error(`stale attempt ${d.attempt} for ${d.jobId} (current ${current})`);
    }
    const a = { jobId: d.jobId, nodeId: d.nodeId, attempt: d.attempt, assignedAt: this.now, acked: false };
    if (this.holdBack) this.unmined.push(a);
    else this.assignments.push(a);
    return { txHash: `0x${d.jobId}-${d.attempt}` };
  }

  mine(): void {
    this.assignments.push(...this.unmined);
    this.unmined = [];
  }

  ack(jobId: string): void {
    this.assignments = this.assignments.map((a) => (a.jobId === jobId ? { ...a, acked: true } : a));
  }

  live(jobId: string): Assignment | undefined {
    return this.assignments.filter((a) => a.jobId === jobId).sort((a, b) => b.attempt - a.attempt)[0];
  }
}

function market(): FakeMarket {
  const m = new FakeMarket();
  m.nodes = [node({ nodeId: "a", cpuCores: 8 }), node({ nodeId: "b", cpuCores: 8, pricePerSecond: 11 })];
  m.jobs = [
    job({ jobId: "rt", tier: Tier.RealTime, resources: 4, latencyBoundMs: 30, deadline: NOW + 900 }),
    job({ jobId: "ia", tier: Tier.Interactive, resources: 4, latencyBoundMs: 100, deadline: NOW + 1800 }),
  ];
  return m;
}

const loopOn = (m: FakeMarket): SchedulerLoop => new SchedulerLoop(m, m, new OptimisingPolicy(), OPTIONS);

describe("SchedulerLoop", () => {
  it("assigns open jobs once; later ticks and a restarted loop do not assign them again", async () => {
    const m = market();
    const first = await loopOn(m).tick();
    expect(first.outcomes.map((o) => o.directive.attempt)).toEqual([1, 1]);
    expect(m.assignments).toHaveLength(2);
    m.now += 10;
    expect((await loopOn(m).tick()).outcomes).toEqual([]);
    expect(m.assignments).toHaveLength(2);
  });

  it("re-places a job whose node missed the acknowledgement, as attempt 2 on another node", async () => {
    const m = market();
    const loop = loopOn(m);
    await loop.tick();
    m.ack("ia");
    const before = m.live("rt");
    m.now += 61;
    const report = await loop.tick();
    expect(report.replaced).toEqual([{ jobId: "rt", reason: "ack-timeout" }]);
    const after = m.live("rt");
    expect(after?.attempt).toBe(2);
    expect(after?.nodeId).not.toBe(before?.nodeId);
    expect(m.live("ia")?.attempt).toBe(1);
  });

  it("re-places the jobs of a node that went offline, and only those", async () => {
    const m = market();
    await loopOn(m).tick();
    m.ack("rt");
    m.ack("ia");
    const deadNode = m.live("rt")?.nodeId;
    m.nodes = m.nodes.map((n) => (n.nodeId === deadNode ? { ...n, online: false } : n));
    m.now += 5;
    const report = await loopOn(m).tick();
    for (const r of report.replaced) expect(r.reason).toBe("node-down");
    for (const j of m.jobs) {
      const a = m.live(j.jobId);
      expect(a?.nodeId).not.toBe(deadNode);
    }
  });

  it("does not resend a directive the chain has not shown yet; after a restart the chain rejects a duplicate", async () => {
    const m = market();
    m.holdBack = true;
    const loop = loopOn(m);
    expect((await loop.tick()).outcomes).toHaveLength(2);
    m.now += 10;
    expect((await loop.tick()).outcomes).toEqual([]);
    const restarted = await loopOn(m).tick();
    expect(restarted.outcomes.every((o) => "error" in o)).toBe(true);
    expect(m.rejected).toBe(2);
    m.mine();
    expect(new Set(m.assignments.map((a) => `${a.jobId}#${a.attempt}`))).toEqual(new Set(["rt#1", "ia#1"]));
  });

  it("derives free capacity from standing assignments and exclusions from every earlier attempt", () => {
    const snap: MarketSnapshot = {
      now: NOW + 100,
      openJobs: [job({ jobId: "x", resources: 3 }), job({ jobId: "y", resources: 2 })],
      assignments: [
        { jobId: "x", nodeId: "a", attempt: 1, assignedAt: NOW, acked: false },
        { jobId: "x", nodeId: "b", attempt: 2, assignedAt: NOW + 90, acked: false },
        { jobId: "y", nodeId: "b", attempt: 1, assignedAt: NOW, acked: false },
      ],
      nodes: [node({ nodeId: "a" }), node({ nodeId: "b" })],
      network: NET,
      weights: DEFAULT_WEIGHTS,
    };
    const s = deriveState(snap, 60);
    expect(s.pending.map((j) => j.jobId)).toEqual(["y"]);
    expect(s.nextAttempt.get("y")).toBe(2);
    expect(s.excluded.get("y")).toEqual(new Set(["b"]));
    expect(s.nodes.map((v) => v.freeUnits)).toEqual([16, 13]);
  });

  it("re-places a declined assignment at once, away from the node that declined", () => {
    const snap: MarketSnapshot = {
      now: NOW + 1,
      openJobs: [job({ jobId: "x" })],
      assignments: [{ jobId: "x", nodeId: "a", attempt: 1, assignedAt: NOW, acked: false, declined: true }],
      nodes: [node({ nodeId: "a" }), node({ nodeId: "b" })],
      network: NET,
      weights: DEFAULT_WEIGHTS,
    };
    const s = deriveState(snap, 60);
    expect(s.replaced).toEqual([{ jobId: "x", reason: "declined" }]);
    expect(s.pending.map((j) => j.jobId)).toEqual(["x"]);
    expect(s.nextAttempt.get("x")).toBe(2);
    expect(s.excluded.get("x")).toEqual(new Set(["a"]));
    expect(s.nodes.map((v) => v.freeUnits)).toEqual([16, 16]);
  });

  it("gives a job with little slack a shorter acknowledgement timeout (a third of its slack, at least 20 s)", () => {
    // Real-time: 90 s of slack at assignment → 30 s; 45 s → the 20 s floor; ample slack → the configured 60 s.
    expect(ackTimeoutFor(job({ durationSec: 600, deadline: NOW + 690 }), NOW, 60)).toBe(30);
    expect(ackTimeoutFor(job({ durationSec: 600, deadline: NOW + 645 }), NOW, 60)).toBe(MIN_ACK_TIMEOUT_SEC);
    expect(ackTimeoutFor(job({ durationSec: 600, deadline: NOW + 7200 }), NOW, 60)).toBe(60);
    const tight = job({ jobId: "rt", tier: Tier.RealTime, durationSec: 600, deadline: NOW + 690 });
    const relaxed = job({ jobId: "batch", durationSec: 600, deadline: NOW + 7200 });
    const snap = (now: number): MarketSnapshot => ({
      now,
      openJobs: [tight, relaxed],
      assignments: [
        { jobId: "rt", nodeId: "a", attempt: 1, assignedAt: NOW, acked: false },
        { jobId: "batch", nodeId: "a", attempt: 1, assignedAt: NOW, acked: false },
      ],
      nodes: [node({ nodeId: "a" })],
      network: NET,
      weights: DEFAULT_WEIGHTS,
    });
    expect(deriveState(snap(NOW + 29), 60).replaced).toEqual([]);
    expect(deriveState(snap(NOW + 30), 60).replaced).toEqual([{ jobId: "rt", reason: "ack-timeout" }]);
    expect(deriveState(snap(NOW + 60), 60).replaced.map((r) => r.jobId)).toEqual(["rt", "batch"]);
  });

  it("applies regional reports: current carbon per region, reported load beyond its own as unseen work", () => {
    const base: MarketSnapshot = {
      now: NOW,
      openJobs: [job({ jobId: "x", resources: 4 })],
      assignments: [{ jobId: "x", nodeId: "a", attempt: 1, assignedAt: NOW, acked: true }],
      nodes: [
        node({ nodeId: "a", region: "east" }),
        node({ nodeId: "b", region: "east" }),
        node({ nodeId: "c", region: "west" }),
      ],
      network: NET,
      weights: DEFAULT_WEIGHTS,
    };
    // Without reports: the registered intensity, only the scheduler's own job counts as load.
    const plain = deriveState(base, 60);
    expect(plain.nodes.map((v) => v.freeUnits)).toEqual([12, 16, 16]);
    expect(plain.regions.size).toBe(0);
    // East reports 50 % load; the scheduler's own job is 4 of 32 units (12.5 %), so 37.5 % is unseen work.
    const reported = deriveState(
      { ...base, regions: { east: { load: 0.5, carbonIntensity: 610 }, west: { carbonIntensity: 90 } } },
      60,
    );
    expect(reported.nodes.map((v) => v.freeUnits)).toEqual([6, 10, 16]);
    expect(reported.nodes.map((v) => v.node.carbonIntensity)).toEqual([610, 610, 90]);
    expect(reported.regions.get("west")?.carbonIntensity).toBe(90);
  });
});

describe("AssignmentBook", () => {
  it("never holds two live assignments for a job and numbers attempts", () => {
    const book = new AssignmentBook();
    expect(book.issue("j", "a", NOW)).toBe(1);
    expect(() => book.issue("j", "b", NOW)).toThrow(/already has a live assignment/);
    expect(book.revoke("j")?.nodeId).toBe("a");
    expect(book.issue("j", "b", NOW + 1)).toBe(2);
    expect(book.ack("j", 1)).toBe(false);
    expect(book.ack("j", 2)).toBe(true);
    expect(book.excluded().get("j")).toEqual(new Set(["a"]));
    book.finish("j");
    expect(book.liveCount()).toBe(0);
  });

  it("sweeps out unacknowledged and dead-node assignments, keeps the rest", () => {
    const book = new AssignmentBook();
    book.issue("late", "a", NOW);
    book.issue("ok", "a", NOW);
    book.ack("ok", 1);
    book.issue("dead", "b", NOW);
    book.ack("dead", 1);
    const nodes = new Map([
      ["a", node({ nodeId: "a" })],
      ["b", node({ nodeId: "b", online: false })],
    ]);
    expect(book.sweep(nodes, NOW + 59, 60).map((r) => r.assignment.jobId)).toEqual(["dead"]);
    expect(book.sweep(nodes, NOW + 60, 60).map((r) => [r.assignment.jobId, r.reason])).toEqual([
      ["late", "ack-timeout"],
    ]);
    expect(book.get("ok")?.acked).toBe(true);
  });

  it("sweeps with a timeout per assignment", () => {
    const book = new AssignmentBook();
    book.issue("tight", "a", NOW);
    book.issue("loose", "a", NOW);
    const nodes = new Map([["a", node({ nodeId: "a" })]]);
    const timeoutOf = (a: Assignment): number => (a.jobId === "tight" ? 20 : 60);
    expect(book.sweep(nodes, NOW + 19, timeoutOf)).toEqual([]);
    expect(book.sweep(nodes, NOW + 20, timeoutOf).map((r) => r.assignment.jobId)).toEqual(["tight"]);
    expect(book.sweep(nodes, NOW + 60, timeoutOf).map((r) => r.assignment.jobId)).toEqual(["loose"]);
  });
});
