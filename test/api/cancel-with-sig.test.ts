/**
 * `JobMarket.cancelWithSig`: the buyer signs an EIP-712 `CancelRequest` and anyone (the REST API's gas key)
 * submits it, so the API can cancel for a buyer without ever holding the buyer's key.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { type MarketFixture, marketFixture } from "../helpers/market.js";
import { expectRevert } from "../helpers/chain.js";
import { signCancelRequest } from "../../services/shared/typed-data.js";

describe("JobMarket.cancelWithSig", () => {
  let f: MarketFixture;
  let market: string;

  beforeEach(async () => {
    f = await marketFixture();
    market = await f.hub.jobMarket.getAddress();
  });

  const sign = (jobId: bigint, deadline: bigint, signer = f.signers.buyer) =>
    signCancelRequest(signer, f.chainId, market, jobId, deadline);

  it("a relayer submits the buyer's signed cancel: the whole escrow goes back to the buyer, once", async () => {
    const before = await f.usd.balanceOf(f.signers.buyer);
    const { jobId, escrow } = await f.createJobWithSig(await f.spec());
    expect(await f.usd.balanceOf(f.signers.buyer)).toBe(before - escrow);
    const deadline = (await f.now()) + 300n;
    const signature = await sign(jobId, deadline);
    expect(await f.hub.jobMarket.cancelDigest(jobId, deadline)).toMatch(/^0x[0-9a-f]{64}$/);
    const relayerBefore = await f.usd.balanceOf(f.signers.relayer);
    await (await f.hub.jobMarket.connect(f.signers.relayer).cancelWithSig(jobId, deadline, signature)).wait();
    expect((await f.hub.jobMarket.job(jobId)).status).toBe(5n); // Cancelled
    expect(await f.usd.balanceOf(f.signers.buyer)).toBe(before);
    expect(await f.usd.balanceOf(f.signers.relayer)).toBe(relayerBefore);
    const [id, status] = await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.relayer).cancelWithSig(jobId, deadline, signature),
      f.hub.jobMarket.interface,
      "JobMarketInvalidStatus",
    );
    expect([id, status]).toEqual([jobId, 5n]);
  });

  it("refuses a signature by anyone but the buyer, for another job, or past its deadline", async () => {
    const { jobId } = await f.createJobWithSig(await f.spec());
    const { jobId: other } = await f.createJobWithSig(await f.spec(), 2n);
    const deadline = (await f.now()) + 300n;
    const [badJob] = await expectRevert(
      async () =>
        f.hub.jobMarket.cancelWithSig(jobId, deadline, await sign(jobId, deadline, f.signers.stranger)),
      f.hub.jobMarket.interface,
      "JobMarketInvalidCancelSignature",
    );
    expect(badJob).toBe(jobId);
    await expectRevert(
      async () => f.hub.jobMarket.cancelWithSig(jobId, deadline, await sign(other, deadline)),
      f.hub.jobMarket.interface,
      "JobMarketInvalidCancelSignature",
    );
    await expectRevert(
      async () => f.hub.jobMarket.cancelWithSig(jobId, deadline + 1n, await sign(jobId, deadline)),
      f.hub.jobMarket.interface,
      "JobMarketInvalidCancelSignature",
    );
    const past = (await f.now()) - 1n;
    const [expiry] = await expectRevert(
      async () => f.hub.jobMarket.cancelWithSig(jobId, past, await sign(jobId, past)),
      f.hub.jobMarket.interface,
      "JobMarketRequestExpired",
    );
    expect(expiry).toBe(past);
    await expectRevert(
      async () => f.hub.jobMarket.cancelWithSig(999n, deadline, await sign(999n, deadline)),
      f.hub.jobMarket.interface,
      "JobMarketUnknownJob",
    );
    expect((await f.hub.jobMarket.job(jobId)).status).toBe(1n); // still Open
  });

  it("refuses to cancel an assigned job", async () => {
    const nodeId = await f.registerAndStake();
    const { jobId } = await f.createJobWithSig(await f.spec());
    await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, nodeId, 1)).wait();
    const deadline = (await f.now()) + 300n;
    await expectRevert(
      async () => f.hub.jobMarket.cancelWithSig(jobId, deadline, await sign(jobId, deadline)),
      f.hub.jobMarket.interface,
      "JobMarketInvalidStatus",
    );
  });
});
