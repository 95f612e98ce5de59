import { beforeEach, describe, expect, it } from "vitest";
import { parseUnits } from "ethers";
import { type MarketFixture, marketFixture, NODE_PARAMS } from "../helpers/market.js";
import { expectRevert, increaseTime } from "../helpers/chain.js";
import { DEV_PARAMS } from "../../deploy/params.js";

// spec(): 4 units × 600 s, interactive tier (×1.5), max unit price 25 → escrow 90 000.
// The node asks 20 → price 72 000; fee 2 %, latency penalty rate 50 %, bound 200 ms, grace 600 s.
const ESCROW = 90_000n;
const PRICE = 72_000n;
const GRACE = BigInt(DEV_PARAMS.policy.settlementGraceSec);

describe("job lifecycle on one chain (hub + east via LocalMessengers)", () => {
  let f: MarketFixture;
  let nodeId: bigint;

  beforeEach(async () => {
    f = await marketFixture();
    nodeId = await f.registerAndStake();
  });

  async function balances() {
    const { usd, signers, hub } = f;
    return {
      buyer: await usd.balanceOf(signers.buyer),
      provider: await usd.balanceOf(signers.provider),
      treasury: await usd.balanceOf(await hub.timelock.getAddress()),
      market: await usd.balanceOf(await hub.jobMarket.getAddress()),
    };
  }

  async function assignAndAck(jobId: bigint) {
    await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, nodeId, 1)).wait();
    await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId)).wait();
  }

  it("registers the node on the region and indexes it on the hub", async () => {
    expect(nodeId).toBe((BigInt(f.east.domain) << 64n) | 1n);
    const indexed = await f.hub.nodeIndex.node(nodeId);
    expect(indexed.operator).toBe(await f.signers.provider.getAddress());
    expect(indexed.pricePerSecond).toBe(NODE_PARAMS.pricePerSecond);
    expect(indexed.gpuModel).toBe("H100");
    expect(indexed.status).toBe(1n);
    expect(await f.hub.stakeManager.hasMinimumStake(nodeId)).toBe(true);
  });

  it("SLA met: provider paid the node's price less the fee, the rest of the escrow refunded", async () => {
    const before = await balances();
    const { jobId, escrow } = await f.createJobWithSig(await f.spec());
    expect(escrow).toBe(ESCROW);
    expect((await balances()).market - before.market).toBe(ESCROW);

    await assignAndAck(jobId);
    const assignment = await f.east.inbox.assignment(jobId);
    expect([assignment.nodeId, assignment.attempt, assignment.acknowledged]).toEqual([nodeId, 1n, true]);
    expect((await f.hub.jobMarket.job(jobId)).unitPrice).toBe(20n);

    await (await f.submitSigned(await f.receiptFor(jobId, nodeId, { latencyMs: 200 }))).wait();
    const after = await balances();
    expect(after.provider - before.provider).toBe(70_560n); // 72 000 − 1 440 fee
    expect(after.treasury - before.treasury).toBe(1_440n);
    expect(after.provider - before.provider + after.treasury - before.treasury).toBe(PRICE);
    expect(after.buyer - before.buyer).toBe(-ESCROW + 18_000n); // escrow − price back
    expect(after.market).toBe(before.market);
    expect((await f.hub.jobMarket.job(jobId)).status).toBe(3n); // Settled
    const rep = await f.hub.reputation.recordOf(nodeId);
    expect([rep.successes, rep.slaBreaches, rep.timeouts]).toEqual([1n, 0n, 0n]);
  });

  it("latency breached: pro-rata penalty goes back to the buyer", async () => {
    const before = await balances();
    const { jobId } = await f.createJobWithSig(await f.spec());
    await assignAndAck(jobId);
    // 250 ms against a 200 ms bound: excess 25 % of the bound → penalty 72 000 × 50 % × 25 % = 9 000.
    await (await f.submitSigned(await f.receiptFor(jobId, nodeId, { latencyMs: 250 }))).wait();
    const after = await balances();
    expect(after.provider - before.provider).toBe(61_740n); // 63 000 − 1 260 fee
    expect(after.treasury - before.treasury).toBe(1_260n);
    expect(after.buyer - before.buyer).toBe(-ESCROW + 18_000n + 9_000n);
    expect(after.market).toBe(before.market);
    const rep = await f.hub.reputation.recordOf(nodeId);
    expect([rep.successes, rep.slaBreaches, rep.timeouts]).toEqual([0n, 1n, 0n]);
  });

  it("deadline missed: a third party settles, the buyer is refunded and the node slashed", async () => {
    const before = await balances();
    const treasurySuanBefore = await f.hub.token.balanceOf(await f.hub.timelock.getAddress());
    const s = await f.spec();
    const { jobId } = await f.createJobWithSig(s);
    await assignAndAck(jobId);

    const [, settleableAt] = await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.stranger).settleTimedOut(jobId),
      f.hub.jobMarket.interface,
      "JobMarketNotTimedOut",
    );
    expect(settleableAt).toBe(s.deadline + GRACE);

    await increaseTime(f.ethers.provider, s.deadline - (await f.now()) + GRACE + 1n);
    await (await f.hub.jobMarket.connect(f.signers.stranger).settleTimedOut(jobId)).wait();

    const after = await balances();
    expect(after.buyer).toBe(before.buyer);
    expect(after.provider).toBe(before.provider);
    expect(after.market).toBe(before.market);
    const slash = parseUnits("100", 18);
    expect(await f.hub.token.balanceOf(await f.hub.timelock.getAddress())).toBe(treasurySuanBefore + slash);
    const [bonded] = await f.hub.stakeManager.stakeOf(nodeId);
    expect(bonded).toBe(parseUnits("900", 18));
    expect((await f.hub.jobMarket.job(jobId)).status).toBe(4n); // TimedOut
    expect((await f.hub.reputation.recordOf(nodeId)).timeouts).toBe(1n);

    // A receipt arriving after the timeout settlement cannot settle twice.
    await expectRevert(
      async () => f.submitSigned(await f.receiptFor(jobId, nodeId)),
      f.hub.jobMarket.interface,
      "JobMarketInvalidStatus",
    );
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.stranger).settleTimedOut(jobId),
      f.hub.jobMarket.interface,
      "JobMarketInvalidStatus",
    );
  });

  it("a receipt finishing after the deadline settles as a timeout", async () => {
    const before = await balances();
    const s = await f.spec();
    const { jobId } = await f.createJobWithSig(s);
    await assignAndAck(jobId);
    await (await f.submitSigned(await f.receiptFor(jobId, nodeId, { finishTime: s.deadline + 1n }))).wait();
    expect((await f.hub.jobMarket.job(jobId)).status).toBe(4n);
    expect((await balances()).buyer).toBe(before.buyer);
  });

  it("cancel before assignment refunds the whole escrow; after assignment it is refused", async () => {
    const before = await balances();
    const { jobId } = await f.createJobWithSig(await f.spec());
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.stranger).cancel(jobId),
      f.hub.jobMarket.interface,
      "JobMarketNotBuyer",
    );
    await (await f.hub.jobMarket.connect(f.signers.buyer).cancel(jobId)).wait();
    expect(await balances()).toEqual(before);
    expect((await f.hub.jobMarket.job(jobId)).status).toBe(5n); // Cancelled
    // The escrow slot becomes the output commitment only when a job settles: a cancelled job has none.
    expect(await f.hub.jobMarket.verifiedOutputCommitment(jobId)).toBe(0n);

    const { jobId: second } = await f.createJobWithSig(await f.spec(), 2n);
    await assignAndAck(second);
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.buyer).cancel(second),
      f.hub.jobMarket.interface,
      "JobMarketInvalidStatus",
    );
  });

  it("an open job never assigned is refunded after its deadline, with nobody slashed", async () => {
    const before = await balances();
    const s = await f.spec();
    const { jobId } = await f.createJobWithSig(s);
    await increaseTime(f.ethers.provider, s.deadline - (await f.now()) + GRACE + 1n);
    await (await f.hub.jobMarket.connect(f.signers.stranger).settleTimedOut(jobId)).wait();
    expect(await balances()).toEqual(before);
    const [bonded] = await f.hub.stakeManager.stakeOf(nodeId);
    expect(bonded).toBe(parseUnits("1000", 18));
  });

  it("re-placement: a second directive supersedes the first, and the first node's receipt is stale", async () => {
    const second = await f.registerAndStake({ ...NODE_PARAMS, pricePerSecond: 15n, identityCommitment: 99n });
    const { jobId } = await f.createJobWithSig(await f.spec());
    await assignAndAck(jobId);
    await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, second, 2)).wait();
    const a = await f.east.inbox.assignment(jobId);
    expect([a.nodeId, a.attempt, a.acknowledged]).toEqual([second, 2n, false]);
    await expectRevert(
      async () => f.submitSigned({ ...(await f.receiptFor(jobId, nodeId)), attempt: 1 }),
      f.east.receipts.interface,
      "ReceiptRegistryNodeNotAssigned",
    );
    await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId)).wait();
    const before = await balances();
    await (await f.submitSigned(await f.receiptFor(jobId, second))).wait();
    // price at 15: 4 × 600 × 15 × 1.5 = 54 000; fee 1 080.
    expect((await balances()).provider - before.provider).toBe(52_920n);
  });
});
