/**
 * The scheduler service on the in-process market (hub + east region on one chain, peered LocalMessengers):
 * SchedulerLoop + EvmMarketReader + EvmDirectiveSink place open jobs, re-place the job of a node that never
 * acknowledges or declines, and a restarted scheduler resumes from chain state without assigning anything twice.
 */
import pino from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DirectiveRevertedError,
  EvmDirectiveSink,
  EvmMarketReader,
} from "../../services/scheduler/adapters/evm.js";
import { SchedulerLoop, type TickReport } from "../../services/scheduler/core/loop.js";
import { OptimisingPolicy } from "../../services/scheduler/core/optimiser.js";
import { startScheduler } from "../../services/scheduler/service.js";
import { increaseTime } from "../helpers/chain.js";
import { EAST, marketFixture, NODE_PARAMS, type MarketFixture } from "../helpers/market.js";

const OPTIONS = { ackTimeoutSec: 60, startDelaySec: 15, inFlightTtlSec: 120 };
const MAX_UNIT_PRICE = 25n;

describe("scheduler on the in-process market", () => {
  let fx: MarketFixture;
  /** Node id → its operator's signer. */
  const operators = new Map<string, MarketFixture["signers"]["provider"]>();
  const jobIds: bigint[] = [];
  let tooExpensive: bigint;

  const reader = () =>
    new EvmMarketReader({
      hub: {
        market: fx.hub.jobMarket,
        index: fx.hub.nodeIndex,
        reputation: fx.hub.reputation,
        stake: fx.hub.stakeManager,
      },
      regions: [{ domain: EAST, name: "cn-east", inbox: fx.east.inbox }],
    });
  const sink = () => new EvmDirectiveSink(fx.hub.directiveHub.connect(fx.signers.scheduler));
  const newLoop = () => new SchedulerLoop(reader(), sink(), new OptimisingPolicy(), OPTIONS);
  let loop: SchedulerLoop;

  const placed = (report: TickReport) =>
    report.outcomes.map((o) => {
      expect(
        "tx" in o,
        `directive for job ${o.directive.jobId} failed: ${String("error" in o && o.error)}`,
      ).toBe(true);
      return o.directive;
    });

  beforeAll(async () => {
    fx = await marketFixture();
    const signers = await fx.ethers.getSigners();
    // Three affordable nodes of 8 GPUs each and one above every buyer's maximum, each with its own operator.
    for (const [i, price] of [20n, 21n, 22n, 30n].entries()) {
      const operator = signers[7 + i]!;
      const nodeId = await fx.registerAndStake(
        { ...NODE_PARAMS, pricePerSecond: price, endpoint: `https://node-${i}.east.example:8443` },
        operator,
      );
      operators.set(nodeId.toString(), operator);
      if (price > MAX_UNIT_PRICE) tooExpensive = nodeId;
    }
    for (const nonce of [1n, 2n, 3n]) {
      const { jobId } = await fx.createJobWithSig(await fx.spec({ maxUnitPrice: MAX_UNIT_PRICE }), nonce);
      jobIds.push(jobId);
    }
    loop = newLoop();
  });

  it("places every open job with one Assign directive each, within the buyer's maximum price", async () => {
    const report = await loop.tick();
    const directives = placed(report);
    expect(directives.map((d) => d.jobId).sort()).toEqual(jobIds.map(String).sort());
    for (const d of directives) {
      expect(d.attempt).toBe(1);
      expect(d.region).toBe("cn-east");
      expect(d.nodeId).not.toBe(tooExpensive.toString());
    }

    const events = await fx.hub.directiveHub.queryFilter(fx.hub.directiveHub.filters.Assigned());
    expect(events.map((e) => e.args.jobId).sort()).toEqual([...jobIds].sort());
    for (const jobId of jobIds) {
      const d = directives.find((x) => x.jobId === jobId.toString())!;
      const job = await fx.hub.jobMarket.job(jobId);
      expect(job.status).toBe(2n);
      expect(job.nodeId.toString()).toBe(d.nodeId);
      expect(job.unitPrice).toBeLessThanOrEqual(job.maxUnitPrice);
      const held = await fx.east.inbox.assignment(jobId);
      expect(held.nodeId.toString()).toBe(d.nodeId);
      expect(held.attempt).toBe(1n);
      expect(held.acknowledged).toBe(false);
    }

    // Nothing is placed twice while the nodes still have time to acknowledge, by this loop or a restarted one.
    expect((await loop.tick()).outcomes).toEqual([]);
    expect((await newLoop().tick()).outcomes).toEqual([]);
  });

  it("re-places the jobs of a node that never acknowledges on another node as attempt 2", async () => {
    const silent = (await fx.hub.jobMarket.job(jobIds[0]!)).nodeId;
    const silentJobs: bigint[] = [];
    for (const jobId of jobIds) {
      const { nodeId } = await fx.hub.jobMarket.job(jobId);
      if (nodeId === silent) silentJobs.push(jobId);
      else await (await fx.east.inbox.connect(operators.get(nodeId.toString())!).acknowledge(jobId)).wait();
    }

    await increaseTime(fx.ethers.provider, OPTIONS.ackTimeoutSec);
    const report = await loop.tick();
    expect(report.replaced.map((r) => r.reason)).toEqual(silentJobs.map(() => "ack-timeout"));
    const directives = placed(report);
    expect(directives.map((d) => d.jobId).sort()).toEqual(silentJobs.map(String).sort());
    for (const jobId of silentJobs) {
      const job = await fx.hub.jobMarket.job(jobId);
      expect(job.attempt).toBe(2n);
      expect(job.nodeId).not.toBe(silent);
      expect(job.nodeId).not.toBe(tooExpensive);
      const held = await fx.east.inbox.assignment(jobId);
      expect([held.nodeId, held.attempt]).toEqual([job.nodeId, 2n]);
    }
    // The acknowledged jobs stay where they are, at attempt 1.
    for (const jobId of jobIds.filter((j) => !silentJobs.includes(j))) {
      expect((await fx.hub.jobMarket.job(jobId)).attempt).toBe(1n);
    }
    for (const jobId of silentJobs) {
      const { nodeId } = await fx.hub.jobMarket.job(jobId);
      await (await fx.east.inbox.connect(operators.get(nodeId.toString())!).acknowledge(jobId)).wait();
    }
  });

  it("after a restart resumes from chain state: no job is assigned again, a stale directive is refused", async () => {
    const before = await Promise.all(jobIds.map((j) => fx.hub.jobMarket.job(j)));
    await increaseTime(fx.ethers.provider, 10 * OPTIONS.ackTimeoutSec);

    const restarted = newLoop();
    const report = await restarted.tick();
    expect(report).toMatchObject({ pending: 0, replaced: [], outcomes: [] });
    const after = await Promise.all(jobIds.map((j) => fx.hub.jobMarket.job(j)));
    expect(after.map((j) => [j.nodeId, j.attempt])).toEqual(before.map((j) => [j.nodeId, j.attempt]));

    // A directive resent after a crash (the attempt it was sent as) is refused by the hub.
    const job = after[1]!;
    const resent = {
      jobId: jobIds[1]!.toString(),
      region: "cn-east",
      nodeId: job.nodeId.toString(),
      attempt: Number(job.attempt),
      terms: { unitPrice: Number(job.unitPrice), latencyMs: 11, deadline: Number(job.deadline) },
    };
    const error = await sink()
      .assign(resent)
      .then(
        () => expect.fail("a stale directive was accepted"),
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(DirectiveRevertedError);
    expect((error as DirectiveRevertedError).reason).toBe("JobMarketAttemptMismatch");
    expect((error as Error).message).toContain(`job ${jobIds[1]}`);
    expect((error as DirectiveRevertedError).args).toMatchObject({
      attempt: String(job.attempt),
      expected: String(job.attempt + 1n),
    });
    expect((await fx.hub.jobMarket.job(jobIds[1]!)).attempt).toBe(job.attempt);
  });

  it("re-places a job its node declines at the next tick, as attempt 2 on another node", async () => {
    const { jobId } = await fx.createJobWithSig(await fx.spec({ maxUnitPrice: MAX_UNIT_PRICE }), 5n);
    const [first] = placed(await loop.tick());
    expect(first).toMatchObject({ jobId: jobId.toString(), attempt: 1 });
    const decliner = first!.nodeId;
    const tx = await fx.hub.jobMarket.connect(operators.get(decliner)!).decline(jobId);
    await tx.wait();
    expect((await fx.hub.jobMarket.job(jobId)).status).toBe(1n);

    // No time passes: the acknowledgement timeout is not what moves the job.
    const report = await loop.tick();
    expect(report.replaced).toEqual([{ jobId: jobId.toString(), reason: "declined" }]);
    const [second] = placed(report);
    expect(second).toMatchObject({ jobId: jobId.toString(), attempt: 2 });
    expect(second!.nodeId).not.toBe(decliner);
    const job = await fx.hub.jobMarket.job(jobId);
    expect([job.status, job.attempt, job.nodeId.toString()]).toEqual([2n, 2n, second!.nodeId]);
    // The new assignment stands: a restarted scheduler sees it and leaves it alone.
    expect((await newLoop().tick()).outcomes).toEqual([]);
    await (await fx.east.inbox.connect(operators.get(second!.nodeId)!).acknowledge(jobId)).wait();
  });

  it("the service ticks on its interval, places a new job and stops cleanly", async () => {
    const { jobId } = await fx.createJobWithSig(await fx.spec({ maxUnitPrice: MAX_UNIT_PRICE }), 4n);
    const reports: TickReport[] = [];
    const service = startScheduler({
      reader: reader(),
      sink: sink(),
      policy: new OptimisingPolicy(),
      options: OPTIONS,
      intervalMs: 50,
      logger: pino({ level: "silent" }),
      onTick: (r) => reports.push(r),
    });
    await expect.poll(() => reports.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await service.stop();
    const count = reports.length;
    expect(reports.flatMap((r) => r.outcomes.map((o) => o.directive.jobId))).toEqual([jobId.toString()]);
    expect((await fx.hub.jobMarket.job(jobId)).status).toBe(2n);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reports.length).toBe(count);
  });
});
