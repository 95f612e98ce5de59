import { beforeEach, describe, expect, it } from "vitest";
import { network } from "hardhat";
import { AbiCoder, decodeBytes32String, zeroPadValue } from "ethers";
import { deployHub } from "../../deploy/suanli.js";
import { DEV_PARAMS } from "../../deploy/params.js";
import { FeeOnTransferToken__factory, ReentrantToken__factory } from "../../types/contracts/index.js";
import { signJobRequest } from "../../services/shared/typed-data.js";
import { type MarketFixture, marketFixture, NODE_PARAMS } from "../helpers/market.js";
import { expectRevert, increaseTime } from "../helpers/chain.js";

describe("hostile tokens", () => {
  async function marketWith(tokenKind: "reentrant" | "fee") {
    const { ethers } = await network.create("hub");
    const [deployer, buyer, stranger] = await ethers.getSigners();
    const token =
      tokenKind === "reentrant"
        ? await new ReentrantToken__factory(deployer).deploy()
        : await new FeeOnTransferToken__factory(deployer).deploy();
    const hub = await deployHub(deployer!, { paymentToken: await token.getAddress() });
    await (await token.mint(buyer!, 10_000_000n)).wait();
    await (await token.connect(buyer!).approve(await hub.jobMarket.getAddress(), 10_000_000n)).wait();
    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const spec = {
      resources: 4,
      durationSec: 600,
      tier: 1,
      latencyBoundMs: 200,
      deadline: now + 3600n,
      maxUnitPrice: 25n,
      inputCommitment: 1n,
    };
    return { ethers, token, hub, buyer: buyer!, stranger: stranger!, spec };
  }

  it("a fee-on-transfer payment token is refused at escrow time, nothing moves", async () => {
    const { hub, buyer, spec, token } = await marketWith("fee");
    const before = await token.balanceOf(buyer);
    const [expected, received] = await expectRevert(
      () => hub.jobMarket.connect(buyer).createJob(spec),
      hub.jobMarket.interface,
      "JobMarketTransferAmountMismatch",
    );
    expect([expected, received]).toEqual([90_000n, 89_100n]);
    expect(await token.balanceOf(buyer)).toBe(before);
    expect(await hub.jobMarket.jobCount()).toBe(0n);
  });

  it("a token that re-enters the market during a refund is stopped by the reentrancy guard", async () => {
    const { ethers, hub, buyer, stranger, spec, token } = await marketWith("reentrant");
    const reentrant = ReentrantToken__factory.connect(await token.getAddress(), buyer);
    await (await hub.jobMarket.connect(buyer).createJob(spec)).wait();
    await (await hub.jobMarket.connect(buyer).createJob(spec)).wait();
    await increaseTime(ethers.provider, 3600 + DEV_PARAMS.policy.settlementGraceSec + 1);
    // While refunding job 1 the token calls settleTimedOut(2): without the guard, job 2 would be refunded inside.
    const market = await hub.jobMarket.getAddress();
    const reentry = hub.jobMarket.interface.encodeFunctionData("settleTimedOut", [2n]);
    await (await reentrant.arm(market, reentry)).wait();
    // The guarded re-entry makes the token refuse the push; the refund is credited instead of being lost.
    const tx = await hub.jobMarket.connect(stranger).settleTimedOut(1n);
    const logs = (await tx.wait())!.logs.map((l) => hub.jobMarket.interface.parseLog(l)?.name);
    expect(logs).toContain("PaymentCredited");
    expect((await hub.jobMarket.job(1n)).status).toBe(4n);
    expect((await hub.jobMarket.job(2n)).status).toBe(1n); // job 2 was not settled from inside
    expect(await hub.jobMarket.creditOf(buyer)).toBe(90_000n);
    expect(await token.balanceOf(market)).toBe(180_000n);
    // Armed again, withdrawing the credit re-enters too and is stopped by the guard, with its named error.
    await (await reentrant.arm(market, reentry)).wait();
    await expectRevert(
      () => hub.jobMarket.connect(buyer).withdrawCredit(buyer),
      hub.jobMarket.interface,
      "ReentrancyGuardReentrantCall",
    );
    // Disarmed, the credit is withdrawn and job 2 settles normally: nothing was stuck.
    await (await reentrant.arm("0x0000000000000000000000000000000000000000", "0x")).wait();
    await (await hub.jobMarket.connect(buyer).withdrawCredit(buyer)).wait();
    await (await hub.jobMarket.connect(stranger).settleTimedOut(2n)).wait();
    expect(await token.balanceOf(market)).toBe(0n);
    expect(await hub.jobMarket.creditOf(buyer)).toBe(0n);
  });
});

describe("hostile requests, receipts and callers", () => {
  let f: MarketFixture;
  let nodeId: bigint;

  beforeEach(async () => {
    f = await marketFixture();
    nodeId = await f.registerAndStake();
  });

  it("replayed, expired, forged and tampered signed requests revert with named errors", async () => {
    const { hub, signers, chainId } = f;
    const s = await f.spec();
    const first = await f.createJobWithSig(s, 7n);
    const buyer = await signers.buyer.getAddress();

    const [, nonce] = await expectRevert(
      () =>
        hub.jobMarket
          .connect(signers.relayer)
          .createJobWithSig(s, buyer, 7n, first.expiry, first.sig, first.permit),
      hub.jobMarket.interface,
      "JobMarketNonceUsed",
    );
    expect(nonce).toBe(7n);

    const market = await hub.jobMarket.getAddress();
    const past = (await f.now()) - 1n;
    const expiredSig = await signJobRequest(signers.buyer, chainId, market, s, 8n, past);
    await expectRevert(
      () =>
        hub.jobMarket.connect(signers.relayer).createJobWithSig(s, buyer, 8n, past, expiredSig, first.permit),
      hub.jobMarket.interface,
      "JobMarketRequestExpired",
    );

    const expiry = (await f.now()) + 600n;
    const forged = await signJobRequest(signers.stranger, chainId, market, s, 9n, expiry);
    await expectRevert(
      () =>
        hub.jobMarket.connect(signers.relayer).createJobWithSig(s, buyer, 9n, expiry, forged, first.permit),
      hub.jobMarket.interface,
      "JobMarketInvalidSignature",
    );

    const honest = await signJobRequest(signers.buyer, chainId, market, s, 10n, expiry);
    const tampered = { ...s, maxUnitPrice: s.maxUnitPrice * 10n };
    await expectRevert(
      () =>
        hub.jobMarket
          .connect(signers.relayer)
          .createJobWithSig(tampered, buyer, 10n, expiry, honest, first.permit),
      hub.jobMarket.interface,
      "JobMarketInvalidSignature",
    );

    // The buyer withdraws a signed request before anyone submits it.
    await (await hub.jobMarket.connect(signers.buyer).invalidateNonce(10n)).wait();
    await expectRevert(
      () =>
        hub.jobMarket.connect(signers.relayer).createJobWithSig(s, buyer, 10n, expiry, honest, first.permit),
      hub.jobMarket.interface,
      "JobMarketNonceUsed",
    );
    expect(await hub.jobMarket.jobCount()).toBe(1n);
  });

  it("invalid job specs name the bad field", async () => {
    const cases: [object, string][] = [
      [{ resources: 0 }, "resources"],
      [{ durationSec: 0 }, "durationSec"],
      [{ latencyBoundMs: 0 }, "latencyBoundMs"],
      [{ deadline: 1n }, "deadline"],
      [{ maxUnitPrice: 0n }, "maxUnitPrice"],
      [{ maxUnitPrice: 2n ** 80n }, "maxUnitPrice"], // stored in 80 bits, packed with the node id
      [{ inputCommitment: 2n ** 254n }, "inputCommitment"],
    ];
    for (const [patch, field] of cases) {
      const s = { ...(await f.spec()), ...patch };
      const [name] = await expectRevert(
        () => f.hub.jobMarket.connect(f.signers.buyer).createJob(s),
        f.hub.jobMarket.interface,
        "JobMarketInvalidSpec",
      );
      expect(decodeBytes32String(name as string)).toBe(field);
    }
  });

  it("a node id wider than region << 64 | index (a lying region's report) is never stored as a job's node", async () => {
    const { jobId } = await f.createJobWithSig(await f.spec());
    const directiveHub = await f.hub.directiveHub.getAddress();
    await f.ethers.provider.send("hardhat_impersonateAccount", [directiveHub]);
    await f.ethers.provider.send("hardhat_setBalance", [directiveHub, "0xde0b6b3a7640000"]);
    const hub = await f.ethers.getSigner(directiveHub);
    const [nodeId] = await expectRevert(
      () => f.hub.jobMarket.connect(hub).recordAssignment(jobId, 2n ** 96n + 1n, 10n, 1),
      f.hub.jobMarket.interface,
      "JobMarketInvalidNodeId",
    );
    expect(nodeId).toBe(2n ** 96n + 1n);
    expect((await f.hub.jobMarket.job(jobId)).status).toBe(1n); // still Open
  });

  it("invalid node attributes name the bad attribute", async () => {
    const cases: [object, string][] = [
      [{ cpuCores: 0 }, "cpuCores"],
      [{ memoryMb: 0 }, "memoryMb"],
      [{ gpuCount: 0 }, "gpuCount"],
      [{ gpuModel: "", gpuCount: 2 }, "gpuCount"],
      [{ latencyClass: 4 }, "latencyClass"],
      [{ carbonIntensity: 2_001 }, "carbonIntensity"],
      [{ pricePerSecond: 0n }, "pricePerSecond"],
      [{ identityCommitment: 0n }, "identityCommitment"],
      [{ identityCommitment: 2n ** 255n }, "identityCommitment"],
      [{ endpoint: "" }, "endpoint"],
      [{ endpoint: "x".repeat(257) }, "endpoint"],
    ];
    for (const [patch, attribute] of cases) {
      const [name] = await expectRevert(
        () => f.east.registry.connect(f.signers.provider).register({ ...NODE_PARAMS, ...patch }),
        f.east.registry.interface,
        "ComputeRegistryInvalidAttribute",
      );
      expect(decodeBytes32String(name as string)).toBe(attribute);
    }
  });

  it("receipts: from a node that was not assigned, before ack, with a wrong key, twice, or with another input", async () => {
    const { hub, east, signers } = f;
    const intruder = await f.registerAndStake({ ...NODE_PARAMS, identityCommitment: 5n }, signers.stranger);
    const { jobId } = await f.createJobWithSig(await f.spec());
    await (await hub.directiveHub.connect(signers.scheduler).assign(jobId, nodeId, 1)).wait();

    await expectRevert(
      async () => f.submitSigned(await f.receiptFor(jobId, nodeId)),
      east.receipts.interface,
      "ReceiptRegistryNotAcknowledged",
    );
    await expectRevert(
      () => east.inbox.connect(signers.stranger).acknowledge(jobId),
      east.inbox.interface,
      "DirectiveInboxNotAssignedOperator",
    );
    await (await east.inbox.connect(signers.provider).acknowledge(jobId)).wait();
    await expectRevert(
      () => east.inbox.connect(signers.provider).acknowledge(jobId),
      east.inbox.interface,
      "DirectiveInboxAlreadyAcknowledged",
    );

    const [, badNode] = await expectRevert(
      async () => f.submitSigned(await f.receiptFor(jobId, intruder), signers.stranger, signers.stranger),
      east.receipts.interface,
      "ReceiptRegistryNodeNotAssigned",
    );
    expect(badNode).toBe(intruder);
    await expectRevert(
      async () => f.submitSigned(await f.receiptFor(jobId, nodeId), signers.stranger, signers.stranger),
      east.receipts.interface,
      "ReceiptRegistryInvalidProof",
    );
    await expectRevert(
      async () => f.submitSigned(await f.receiptFor(jobId, nodeId, { inputCommitment: 43n })),
      east.receipts.interface,
      "ReceiptRegistryInputMismatch",
    );
    // A valid signature over one receipt does not cover an edited one (better latency claimed).
    const honest = await f.receiptFor(jobId, nodeId, { latencyMs: 400 });
    const { signReceipt } = await import("../../services/shared/typed-data.js");
    const sig = await signReceipt(signers.provider, f.chainId, await east.verifier.getAddress(), honest);
    await expectRevert(
      () => east.receipts.submitReceipt({ ...honest, latencyMs: 100 }, sig),
      east.receipts.interface,
      "ReceiptRegistryInvalidProof",
    );
    await (await east.receipts.submitReceipt(honest, sig)).wait();
    await expectRevert(
      () => east.receipts.submitReceipt(honest, sig),
      east.receipts.interface,
      "ReceiptRegistryAlreadySubmitted",
    );
    expect((await hub.jobMarket.job(jobId)).status).toBe(3n);
  });

  it("wrong-role and unauthenticated calls revert with the named error", async () => {
    const { hub, east, signers, eastMessenger } = f;
    const { jobId } = await f.createJobWithSig(await f.spec());
    await expectRevert(
      () => hub.directiveHub.connect(signers.stranger).assign(jobId, nodeId, 1),
      hub.directiveHub.interface,
      "AccessControlUnauthorizedAccount",
    );
    // A directive resent after a scheduler restart (same attempt) or skipping ahead is refused.
    await (await hub.directiveHub.connect(signers.scheduler).assign(jobId, nodeId, 1)).wait();
    for (const attempt of [1, 3]) {
      const [, got, expected] = await expectRevert(
        () => hub.directiveHub.connect(signers.scheduler).assign(jobId, nodeId, attempt),
        hub.jobMarket.interface,
        "JobMarketAttemptMismatch",
      );
      expect([got, expected]).toEqual([BigInt(attempt), 2n]);
    }
    await expectRevert(
      () => hub.jobMarket.connect(signers.scheduler).recordAssignment(jobId, nodeId, 1n, 2),
      hub.jobMarket.interface,
      "JobMarketNotDirectiveHub",
    );
    await expectRevert(
      () =>
        hub.jobMarket
          .connect(signers.stranger)
          .handle(f.east.domain, zeroPadValue(signers.stranger.address, 32), "0x0113"),
      hub.jobMarket.interface,
      "EndpointCallerNotMessenger",
    );
    // A forged "receipt verified" dispatched on the east messenger by an EOA is not from the enrolled registry.
    const body =
      "0x0113" +
      AbiCoder.defaultAbiCoder()
        .encode(
          ["tuple(uint256,uint256,uint32,uint256,uint256,uint32,uint64,uint32)"],
          [[jobId, nodeId, 1, 42n, 1n, 1, 1n, 1]],
        )
        .slice(2);
    await expectRevert(
      async () =>
        eastMessenger
          .connect(signers.stranger)
          .dispatch(f.hub.domain, zeroPadValue(await hub.jobMarket.getAddress(), 32), body),
      hub.jobMarket.interface,
      "EndpointUnknownRemote",
    );
    await expectRevert(
      () => hub.stakeManager.connect(signers.stranger).slash(nodeId, 1n),
      hub.stakeManager.interface,
      "StakeManagerNotSlasher",
    );
    await expectRevert(
      () => hub.reputation.connect(signers.stranger).record(nodeId, jobId, 0),
      hub.reputation.interface,
      "ReputationNotRecorder",
    );
    await expectRevert(
      () => hub.reputation.connect(signers.stranger).recordSettled(nodeId, 5n, 0n),
      hub.reputation.interface,
      "ReputationNotRecorder",
    );
    await expectRevert(
      () => hub.stakeManager.connect(signers.stranger).stake(nodeId, 1n),
      hub.stakeManager.interface,
      "StakeManagerNotOperator",
    );
    await expectRevert(
      () => east.registry.connect(signers.stranger).update(nodeId, NODE_PARAMS),
      east.registry.interface,
      "ComputeRegistryNotOperator",
    );
  });

  it("assignment is refused for under-staked, paused and over-priced nodes, and after the deadline", async () => {
    const { hub, east, signers } = f;
    const { jobId } = await f.createJobWithSig(await f.spec());
    const tx = await east.registry
      .connect(signers.provider)
      .register({ ...NODE_PARAMS, identityCommitment: 77n });
    await tx.wait();
    const unstaked = (BigInt(east.domain) << 64n) | 2n;
    await expectRevert(
      () => hub.directiveHub.connect(signers.scheduler).assign(jobId, unstaked, 1),
      hub.directiveHub.interface,
      "DirectiveHubInsufficientStake",
    );
    await (await east.registry.connect(signers.provider).pause(nodeId)).wait();
    await expectRevert(
      () => hub.directiveHub.connect(signers.scheduler).assign(jobId, nodeId, 1),
      hub.directiveHub.interface,
      "DirectiveHubNodeNotActive",
    );
    await (await east.registry.connect(signers.provider).unpause(nodeId)).wait();
    await (
      await east.registry.connect(signers.provider).update(nodeId, { ...NODE_PARAMS, pricePerSecond: 26n })
    ).wait();
    await expectRevert(
      () => hub.directiveHub.connect(signers.scheduler).assign(jobId, nodeId, 1),
      hub.jobMarket.interface,
      "JobMarketPriceTooHigh",
    );
    await (await east.registry.connect(signers.provider).update(nodeId, NODE_PARAMS)).wait();
    await increaseTime(f.ethers.provider, 3600);
    await expectRevert(
      () => hub.directiveHub.connect(signers.scheduler).assign(jobId, nodeId, 1),
      hub.jobMarket.interface,
      "JobMarketDeadlinePassed",
    );
    await (await east.registry.connect(signers.provider).retire(nodeId)).wait();
    expect((await hub.nodeIndex.node(nodeId)).status).toBe(3n);
    await expectRevert(
      () => east.registry.connect(signers.provider).unpause(nodeId),
      east.registry.interface,
      "ComputeRegistryInvalidStatus",
    );
  });

  it("stake unbonds only after the delay and slashing reaches unbonding stake", async () => {
    const { hub, signers } = f;
    await (await hub.stakeManager.connect(signers.provider).requestUnbond(nodeId, 10n ** 21n)).wait();
    expect(await hub.stakeManager.hasMinimumStake(nodeId)).toBe(false);
    const [, releaseAt] = await expectRevert(
      () => hub.stakeManager.connect(signers.provider).withdraw(nodeId),
      hub.stakeManager.interface,
      "StakeManagerStillUnbonding",
    );
    expect(releaseAt).toBeGreaterThan(await f.now());
    await increaseTime(f.ethers.provider, 7 * 24 * 3600 + 1);
    const before = await hub.token.balanceOf(signers.provider);
    await (await hub.stakeManager.connect(signers.provider).withdraw(nodeId)).wait();
    expect((await hub.token.balanceOf(signers.provider)) - before).toBe(10n ** 21n);
    await expectRevert(
      () => hub.stakeManager.connect(signers.provider).requestUnbond(nodeId, 1n),
      hub.stakeManager.interface,
      "StakeManagerInvalidAmount",
    );
  });
});
