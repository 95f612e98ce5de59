/**
 * The attacks of the market review (issue 11), each performed against the contracts and shown to fail.
 * Numbers: a job of 4 units × 600 s on the Interactive tier (×1.5) at the node's 20/s costs 72,000 tUSD
 * units, escrowed at the buyer's 25/s (90,000); the protocol fee is 2 %, the full latency penalty 50 %, the
 * timeout slash 100 SUAN.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { network } from "hardhat";
import { type Signer, parseUnits, zeroPadValue } from "ethers";
import { deployHub, handOverHub } from "../../deploy/suanli.js";
import {
  checkParams,
  DEV_PARAMS,
  PRODUCTION_SETTLEMENT_LIMIT,
  productionParams,
  RECEIPT_ALLOWANCE_SEC,
  settlementWorstCaseSec,
} from "../../deploy/params.js";
import { AppError } from "../../services/shared/errors.js";
import { BlockingUSD__factory, LocalMessenger__factory } from "../../types/contracts/index.js";
import { EAST, HUB, type MarketFixture, marketFixture, NODE_PARAMS } from "../helpers/market.js";
import { expectRevert, increaseTime } from "../helpers/chain.js";

const SLASH = parseUnits("100", 18);
const STAKE = parseUnits("1000", 18);
const GRACE = BigInt(DEV_PARAMS.policy.settlementGraceSec);

type Fixture = MarketFixture;

async function eventsOf(
  f: Fixture,
  tx: Promise<{ wait(): Promise<unknown> }>,
): Promise<Map<string, Record<string, unknown>>> {
  const receipt = (await (await tx).wait()) as { logs: { topics: readonly string[]; data: string }[] };
  const out = new Map<string, Record<string, unknown>>();
  for (const iface of [f.hub.jobMarket.interface, f.hub.stakeManager.interface, f.hub.nodeIndex.interface]) {
    for (const log of receipt.logs) {
      try {
        const parsed = iface.parseLog(log);
        if (parsed) out.set(parsed.name, parsed.args.toObject());
      } catch {
        // another contract's event
      }
    }
  }
  return out;
}

async function impersonate(f: Fixture, address: string): Promise<Signer> {
  await f.ethers.provider.send("hardhat_impersonateAccount", [address]);
  await f.ethers.provider.send("hardhat_setBalance", [address, "0xde0b6b3a7640000"]);
  return f.ethers.getSigner(address);
}

function refused(fn: () => unknown, message: RegExp) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("DEPLOY_PARAMS_REFUSED");
    expect((err as AppError).message).toMatch(message);
    return;
  }
  throw new Error("expected the parameters to be refused");
}

async function refusedAsync(fn: () => Promise<unknown>, message: RegExp) {
  const err = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected the deployment to be refused").toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("DEPLOY_PARAMS_REFUSED");
  expect((err as AppError).message).toMatch(message);
}

describe("attacks on the market (issue 11)", () => {
  let f: Fixture;
  let nodeId: bigint;
  let nonce: bigint;

  beforeEach(async () => {
    f = await marketFixture();
    nodeId = await f.registerAndStake();
    nonce = 1n;
  });

  /** A job created by the buyer, assigned to the node (attempt 1) and acknowledged. */
  async function placed(overrides: Parameters<Fixture["spec"]>[0] = {}) {
    const s = await f.spec(overrides);
    const { jobId } = await f.createJobWithSig(s, nonce++);
    await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, nodeId, 1)).wait();
    await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId)).wait();
    return { jobId, s };
  }

  it("1. a receipt the region accepts after the deadline settles as a timeout, whatever finish time it claims", async () => {
    expect(await f.hub.jobMarket.RECEIPT_ALLOWANCE_SEC()).toBe(BigInt(RECEIPT_ALLOWANCE_SEC));
    // Within the allowance (block inclusion, clock skew) a receipt still counts as on time.
    const tight = await placed({ deadline: (await f.now()) + 612n });
    await increaseTime(f.ethers.provider, tight.s.deadline - (await f.now()) + 10n);
    const finished = await f.receiptFor(tight.jobId, nodeId, { finishTime: tight.s.deadline });
    const onTime = await eventsOf(f, f.submitSigned(finished));
    expect(onTime.has("JobSettled")).toBe(true);

    const { jobId, s } = await placed();
    const operator = await f.signers.provider.getAddress();
    const paidBefore = await f.usd.balanceOf(operator);
    await increaseTime(f.ethers.provider, s.deadline - (await f.now()) + BigInt(RECEIPT_ALLOWANCE_SEC) + 5n);
    // The node claims it finished exactly at the deadline.
    const receipt = await f.receiptFor(jobId, nodeId, { finishTime: s.deadline });
    const events = await eventsOf(f, f.submitSigned(receipt));
    expect(events.has("JobSettled")).toBe(false);
    expect(events.get("JobTimedOut")).toMatchObject({ jobId, refund: 90_000n, slashed: SLASH });
    expect(await f.usd.balanceOf(operator)).toBe(paidBefore);
    expect((await f.hub.stakeManager.stakeOf(nodeId))[0]).toBe(STAKE - SLASH);
  });

  it("2. a node cannot report a latency below what the region's clock shows", async () => {
    const { jobId, s } = await placed();
    // The result reaches the region a minute after the job's duration plus the allowance ...
    await increaseTime(f.ethers.provider, BigInt(s.durationSec) + BigInt(RECEIPT_ALLOWANCE_SEC) + 60n);
    // ... yet the node signs a 10 ms latency. The hub charges the chain-proven overrun: the full penalty.
    const events = await eventsOf(f, f.submitSigned(await f.receiptFor(jobId, nodeId, { latencyMs: 10 })));
    expect(events.get("JobSettled")).toMatchObject({ penalty: 36_000n, providerPay: 35_280n, fee: 720n });
    expect((await f.hub.reputation.recordOf(nodeId)).slaBreaches).toBe(1n);

    // A prompt result keeps the node's claim: no penalty.
    const prompt = await placed();
    const ok = await eventsOf(
      f,
      f.submitSigned(await f.receiptFor(prompt.jobId, nodeId, { latencyMs: 150 })),
    );
    expect(ok.get("JobSettled")).toMatchObject({ penalty: 0n, providerPay: 70_560n });
  });

  it("2. with a dispute window the buyer contests a node's latency claim with its own observation", async () => {
    const timelock = await impersonate(f, await f.hub.timelock.getAddress());
    await (await f.hub.jobMarket.connect(timelock).setDisputeWindow(86_400)).wait();
    const operator = await f.signers.provider.getAddress();
    const treasury = await f.hub.timelock.getAddress();
    const balances = async () =>
      Promise.all([operator, await f.signers.buyer.getAddress(), treasury].map((a) => f.usd.balanceOf(a)));

    // The node claims 150 ms (met) for a prompt result. Paid now: all but what the full penalty could take back.
    const { jobId } = await placed();
    expect((await f.hub.jobMarket.job(jobId)).disputeWindowSec).toBe(86_400n);
    const b0 = await balances();
    const events = await eventsOf(f, f.submitSigned(await f.receiptFor(jobId, nodeId, { latencyMs: 150 })));
    expect(events.get("SettlementHeld")).toMatchObject({ jobId, amount: 36_000n });
    const b1 = await balances();
    expect(b1.map((b, i) => b - b0[i]!)).toEqual([35_280n, 18_000n, 720n]);
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.stranger).dispute(jobId, 900),
      f.hub.jobMarket.interface,
      "JobMarketNotBuyer",
    );
    await expectRevert(
      () => f.hub.jobMarket.releaseHeld(jobId),
      f.hub.jobMarket.interface,
      "JobMarketDisputeOpen",
    );
    // The buyer observed 900 ms: the held share settles at that latency (a full breach here).
    await (await f.hub.jobMarket.connect(f.signers.buyer).dispute(jobId, 900)).wait();
    const b2 = await balances();
    expect(b2.map((b, i) => b - b1[i]!)).toEqual([0n, 36_000n, 0n]);
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.buyer).dispute(jobId, 900),
      f.hub.jobMarket.interface,
      "JobMarketNothingHeld",
    );

    // Undisputed, the held share goes to the node and the treasury once the window closes.
    const second = await placed();
    await (await f.submitSigned(await f.receiptFor(second.jobId, nodeId, { latencyMs: 150 }))).wait();
    await increaseTime(f.ethers.provider, 86_401);
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.buyer).dispute(second.jobId, 900),
      f.hub.jobMarket.interface,
      "JobMarketDisputeClosed",
    );
    const b3 = await balances();
    await (await f.hub.jobMarket.connect(f.signers.stranger).releaseHeld(second.jobId)).wait();
    const b4 = await balances();
    expect(b4.map((b, i) => b - b3[i]!)).toEqual([35_280n, 0n, 720n]);
    expect(await f.usd.balanceOf(f.hub.jobMarket)).toBe(0n);
  });

  it("3. stake backing an open assignment cannot be unbonded and withdrawn before the job settles", async () => {
    const delay = await f.hub.stakeManager.unbondingDelay();
    // A deadline further away than the unbonding delay.
    const { jobId, s } = await placed({ deadline: (await f.now()) + delay + 86_400n });
    expect(await f.hub.stakeManager.lockedOf(nodeId)).toBe(SLASH);
    const [amount, free] = await expectRevert(
      () => f.hub.stakeManager.connect(f.signers.provider).requestUnbond(nodeId, STAKE),
      f.hub.stakeManager.interface,
      "StakeManagerInvalidAmount",
    );
    expect([amount, free]).toEqual([STAKE, STAKE - SLASH]);
    // Everything not locked can leave ...
    await (await f.hub.stakeManager.connect(f.signers.provider).requestUnbond(nodeId, STAKE - SLASH)).wait();
    await increaseTime(f.ethers.provider, delay + 1n);
    await (await f.hub.stakeManager.connect(f.signers.provider).withdraw(nodeId)).wait();
    // ... and the job's timeout still slashes in full.
    await increaseTime(f.ethers.provider, s.deadline - (await f.now()) + GRACE + 1n);
    const events = await eventsOf(f, f.hub.jobMarket.connect(f.signers.stranger).settleTimedOut(jobId));
    expect(events.get("JobTimedOut")).toMatchObject({ slashed: SLASH });
    expect(await f.hub.stakeManager.stakeOf(nodeId)).toEqual([0n, 0n, expect.any(BigInt)]);
    expect(await f.hub.stakeManager.lockedOf(nodeId)).toBe(0n);
  });

  it("3. a node is refused work its free stake cannot back", async () => {
    // 1,000 SUAN bonded backs ten open jobs of a 100 SUAN slash; the eleventh is refused.
    for (let i = 0; i < 10; i++) await placed();
    expect(await f.hub.stakeManager.lockedOf(nodeId)).toBe(STAKE);
    const s = await f.spec();
    const { jobId } = await f.createJobWithSig(s, nonce++);
    const [node, amount, free] = await expectRevert(
      () => f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, nodeId, 1),
      f.hub.stakeManager.interface,
      "StakeManagerInsufficientFreeStake",
    );
    expect([node, amount, free]).toEqual([nodeId, SLASH, 0n]);
  });

  it("4. the deployer keeps no power: explicit distribution, roles revoked, production parameters enforced", async () => {
    const deployer = await f.signers.deployer.getAddress();
    const { hub } = f;
    const timelock = await hub.timelock.getAddress();
    // After the handover the deployer holds no role and owns nothing; the Timelock has its real delay.
    expect(await hub.directiveHub.hasRole(await hub.directiveHub.SCHEDULER_ROLE(), deployer)).toBe(false);
    expect(await hub.directiveHub.hasRole(await hub.directiveHub.DEFAULT_ADMIN_ROLE(), deployer)).toBe(false);
    for (const role of ["DEFAULT_ADMIN_ROLE", "PROPOSER_ROLE", "CANCELLER_ROLE"] as const) {
      expect(await hub.timelock.hasRole(await hub.timelock[role](), deployer)).toBe(false);
    }
    for (const c of [hub.jobMarket, hub.nodeIndex, hub.stakeManager, hub.reputation, hub.regionReports]) {
      expect(await c.owner()).toBe(timelock);
      expect(await c.pendingOwner()).toBe("0x0000000000000000000000000000000000000000");
    }
    expect(await hub.timelock.getMinDelay()).toBe(DEV_PARAMS.governance.timelockDelay);
    await expectRevert(
      () => hub.stakeManager.connect(f.signers.deployer).setSlasher(deployer),
      hub.stakeManager.interface,
      "OwnableUnauthorizedAccount",
    );

    // Parameters: development ones are refused off the development chains; a distribution must be explicit
    // and add up; on a shared chain the deployer gets nothing and no single holder reaches the quorum.
    refused(() => checkParams(DEV_PARAMS, 1), /development parameters/);
    refused(
      () => checkParams({ ...DEV_PARAMS, token: { ...DEV_PARAMS.token, distribution: [] } }, HUB),
      /explicitly/,
    );
    const supply = DEV_PARAMS.token.supply;
    refused(() => checkParams(productionParams([{ holder: "deployer", amount: supply }]), 1), /deployer/);
    const whale = "0x00000000000000000000000000000000000000aa";
    refused(() => checkParams(productionParams([{ holder: whale, amount: supply }]), 1), /quorum alone/);
    const fair = productionParams([
      { holder: "timelock", amount: supply - (supply * 18n) / 100n },
      ...[1, 2].map((i) => ({ holder: `0x${String(i).padStart(40, "0")}`, amount: (supply * 9n) / 100n })),
    ]);
    checkParams(fair, 1);

    // A real deployment on a non-development chain id: the deployer ends with no SUAN and cannot propose.
    const shared = await network.create({ network: "hub", override: { chainId: 4242 } });
    const [signer] = await shared.ethers.getSigners();
    await refusedAsync(() => deployHub(signer!), /development parameters/);
    await refusedAsync(() => deployHub(signer!, { params: fair }), /LocalMessenger/);
    const messenger = await (await new LocalMessenger__factory(signer).deploy(4242)).waitForDeployment();
    const prod = await deployHub(signer!, { params: fair, messenger: await messenger.getAddress() });
    await handOverHub(prod, signer!);
    expect(await prod.jobMarket.disputeWindow()).toBe(86_400n);
    expect(await prod.timelock.getMinDelay()).toBe(fair.governance.timelockDelay);
    expect(await prod.token.balanceOf(signer!)).toBe(0n);
    expect(await prod.token.balanceOf(await prod.timelock.getAddress())).toBe(supply - (supply * 18n) / 100n);
    const calldata = prod.stakeManager.interface.encodeFunctionData("setSlasher", [
      await signer!.getAddress(),
    ]);
    await expectRevert(
      () => prod.governor.propose([prod.stakeManager], [0n], [calldata], "make me slasher"),
      prod.governor.interface,
      "GovernorInsufficientProposerVotes",
    );
  });

  it("5. LocalMessenger has an owner and is refused outside development chains", async () => {
    const { stranger } = f.signers;
    const forged = await new LocalMessenger__factory(stranger).deploy(EAST);
    // Peering a forged "east" with the hub messenger is what a forged registration or receipt needs.
    for (const call of [
      () => f.hubMessenger.connect(stranger).setPeer(forged),
      () => f.eastMessenger.connect(stranger).setHeld(true),
      () => f.eastMessenger.connect(stranger).release(),
    ]) {
      await expectRevert(call, f.hubMessenger.interface, "OwnableUnauthorizedAccount");
    }
    // The forged messenger cannot deliver to the hub either: the hub's messenger does not know it.
    await (await forged.setPeer(f.hubMessenger)).wait();
    await expectRevert(
      () => forged.dispatch(HUB, zeroPadValue(f.hub.nodeIndex.target as string, 32), "0x0110"),
      f.hubMessenger.interface,
      "LocalMessengerCallerNotPeer",
    );
    // deployHub refuses to fall back to a LocalMessenger on a non-development chain id (shown in test 4).
  });

  it("6. assignment leaves the job's duration before the deadline, and a node can decline", async () => {
    const s = await f.spec({ deadline: (await f.now()) + 700n });
    const { jobId } = await f.createJobWithSig(s, nonce++);
    await increaseTime(f.ethers.provider, 150);
    await expectRevert(
      () => f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, nodeId, 1),
      f.hub.jobMarket.interface,
      "JobMarketNoTimeToRun",
    );

    const { jobId: declined, s: ds } = await placed();
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.stranger).decline(declined),
      f.hub.jobMarket.interface,
      "JobMarketNotAssignedOperator",
    );
    const events = await eventsOf(f, f.hub.jobMarket.connect(f.signers.provider).decline(declined));
    expect(events.get("JobDeclined")).toMatchObject({ jobId: declined, nodeId, attempt: 1n });
    expect((await f.hub.jobMarket.job(declined)).status).toBe(1n);
    expect(await f.hub.stakeManager.lockedOf(nodeId)).toBe(0n);
    // The buyer is refunded after the deadline, and the node that declined is not slashed.
    await increaseTime(f.ethers.provider, ds.deadline - (await f.now()) + GRACE + 1n);
    const timedOut = await eventsOf(f, f.hub.jobMarket.connect(f.signers.stranger).settleTimedOut(declined));
    expect(timedOut.get("JobTimedOut")).toMatchObject({ refund: 90_000n, slashed: 0n });
    expect((await f.hub.stakeManager.stakeOf(nodeId))[0]).toBe(STAKE);

    // Declining once the job could no longer run elsewhere is refused: a failing node cannot dodge the slash.
    const late = await placed();
    await increaseTime(
      f.ethers.provider,
      late.s.deadline - BigInt(late.s.durationSec) - (await f.now()) + 1n,
    );
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.provider).decline(late.jobId),
      f.hub.jobMarket.interface,
      "JobMarketDeclineTooLate",
    );
  });

  it("7. a receipt the region accepted in time wins over settleTimedOut while it is in the bridge", async () => {
    const worstCase = settlementWorstCaseSec(PRODUCTION_SETTLEMENT_LIMIT);
    refused(
      () =>
        checkParams(
          {
            ...productionParams([{ holder: "timelock", amount: DEV_PARAMS.token.supply }]),
            policy: { ...DEV_PARAMS.policy, settlementGraceSec: worstCase - 1 },
          },
          1,
        ),
      /worst case/,
    );
    // A market whose grace covers the bridge's worst case, as production parameters must.
    f = await marketFixture({
      params: { ...DEV_PARAMS, policy: { ...DEV_PARAMS.policy, settlementGraceSec: worstCase } },
    });
    nodeId = await f.registerAndStake();
    const operator = await f.signers.provider.getAddress();
    const { jobId, s } = await placed();
    await (await f.eastMessenger.setHeld(true)).wait();
    await (await f.submitSigned(await f.receiptFor(jobId, nodeId))).wait(); // accepted in time, in flight
    // Past the development grace, where the attack used to win, and up to the worst case itself.
    await increaseTime(f.ethers.provider, s.deadline - (await f.now()) + BigInt(worstCase) - 2n);
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.stranger).settleTimedOut(jobId),
      f.hub.jobMarket.interface,
      "JobMarketNotTimedOut",
    );
    const before = await f.usd.balanceOf(operator);
    await (await f.eastMessenger.setHeld(false)).wait();
    await (await f.eastMessenger.release()).wait();
    expect((await f.hub.jobMarket.job(jobId)).status).toBe(3n);
    expect((await f.usd.balanceOf(operator)) - before).toBe(70_560n);

    // Even after the grace, an in-time receipt that nobody pre-empted is still honoured as on time.
    const second = await placed();
    await (await f.eastMessenger.setHeld(true)).wait();
    await (await f.submitSigned(await f.receiptFor(second.jobId, nodeId))).wait();
    await increaseTime(f.ethers.provider, second.s.deadline - (await f.now()) + BigInt(worstCase) + 10n);
    await (await f.eastMessenger.release()).wait();
    expect((await f.hub.jobMarket.job(second.jobId)).status).toBe(3n);
  });

  describe("8. smaller points", () => {
    it("timeoutSlash is the one fixed at job creation", async () => {
      const { jobId, s } = await placed();
      const timelock = await impersonate(f, await f.hub.timelock.getAddress());
      const policy = await f.hub.jobMarket.policy();
      await (
        await f.hub.jobMarket.connect(timelock).setPolicy({
          tierMultiplierBps: [...policy.tierMultiplierBps],
          latencyPenaltyBps: policy.latencyPenaltyBps,
          protocolFeeBps: policy.protocolFeeBps,
          settlementGraceSec: policy.settlementGraceSec,
          timeoutSlash: STAKE,
        })
      ).wait();
      expect(await f.hub.jobMarket.timeoutSlashOf(jobId)).toBe(SLASH);
      await increaseTime(f.ethers.provider, s.deadline - (await f.now()) + GRACE + 1n);
      const events = await eventsOf(f, f.hub.jobMarket.connect(f.signers.stranger).settleTimedOut(jobId));
      expect(events.get("JobTimedOut")).toMatchObject({ slashed: SLASH });
    });

    it("Timelock-owned contracts transfer ownership in two steps and cannot be renounced", async () => {
      const timelock = await impersonate(f, await f.hub.timelock.getAddress());
      const stranger = await f.signers.stranger.getAddress();
      for (const c of [
        f.hub.jobMarket,
        f.hub.nodeIndex,
        f.hub.stakeManager,
        f.hub.reputation,
        f.hub.modelRegistry,
        f.hub.provenanceRegistry,
        f.hub.inferenceRegistry,
        f.hub.regionReports,
      ]) {
        await expectRevert(
          () => c.connect(timelock).renounceOwnership(),
          c.interface,
          "TimelockOwnedRenounceDisabled",
        );
        await (await c.connect(timelock).transferOwnership(stranger)).wait();
        expect(await c.owner()).toBe(await timelock.getAddress()); // not moved until accepted
        expect(await c.pendingOwner()).toBe(stranger);
      }
      await expectRevert(
        () => f.east.receipts.connect(f.signers.deployer).renounceOwnership(),
        f.east.receipts.interface,
        "TimelockOwnedRenounceDisabled",
      );
    });

    it("a delivery carrying ETH is refused instead of trapping it", async () => {
      const messenger = await impersonate(f, await f.hubMessenger.getAddress());
      const sender = zeroPadValue(await f.east.receipts.getAddress(), 32);
      await expectRevert(
        () => f.hub.jobMarket.connect(messenger).handle(EAST, sender, "0x0113", { value: 1n }),
        f.hub.jobMarket.interface,
        "EndpointValueNotAccepted",
      );
      expect(await f.ethers.provider.getBalance(f.hub.jobMarket)).toBe(0n);
    });

    it("a blacklisted provider cannot lock the buyer's refund and the fee: its pay is credited", async () => {
      f = await marketFixture({ blockingToken: true });
      nodeId = await f.registerAndStake();
      const token = BlockingUSD__factory.connect(f.hub.paymentToken, f.signers.deployer);
      const operator = await f.signers.provider.getAddress();
      const { jobId } = await placed();
      await (await token.setBlocked(operator, true)).wait();
      const buyerBefore = await token.balanceOf(f.signers.buyer);
      const events = await eventsOf(f, f.submitSigned(await f.receiptFor(jobId, nodeId)));
      expect(events.get("JobSettled")).toMatchObject({ providerPay: 70_560n, buyerRefund: 18_000n });
      expect(events.get("PaymentCredited")).toMatchObject({ account: operator, amount: 70_560n });
      expect((await token.balanceOf(f.signers.buyer)) - buyerBefore).toBe(18_000n);
      expect(await f.hub.jobMarket.creditOf(operator)).toBe(70_560n);
      // The provider pulls its credit to another address of its own.
      const other = await f.signers.relayer.getAddress();
      await expectRevert(
        () => f.hub.jobMarket.connect(f.signers.stranger).withdrawCredit(other),
        f.hub.jobMarket.interface,
        "JobMarketNoCredit",
      );
      const before = await token.balanceOf(other);
      await (await f.hub.jobMarket.connect(f.signers.provider).withdrawCredit(other)).wait();
      expect((await token.balanceOf(other)) - before).toBe(70_560n);
      expect(await f.hub.jobMarket.creditOf(operator)).toBe(0n);
    });

    it("NodeIndex ignores a node report delivered out of order", async () => {
      await (
        await f.east.registry
          .connect(f.signers.provider)
          .update(nodeId, { ...NODE_PARAMS, pricePerSecond: 40n })
      ).wait();
      const current = await f.hub.nodeIndex.node(nodeId);
      expect(current.pricePerSecond).toBe(40n);
      expect(current.sequence).toBe(2n);
      // The registration (sequence 1) arrives again, late: a reordering bridge.
      const stale = [...current.slice(0, 9), 20n, ...current.slice(10, 13), 1n];
      const body = f.hub.nodeIndex.interface
        .getAbiCoder()
        .encode(
          [
            "tuple(uint256,address,uint32,uint32,string,uint16,uint8,uint8,uint32,uint128,uint256,string,uint8,uint64)",
          ],
          [stale],
        );
      const messenger = await impersonate(f, await f.hubMessenger.getAddress());
      const sender = zeroPadValue(await f.east.registry.getAddress(), 32);
      const events = await eventsOf(
        f,
        f.hub.nodeIndex.connect(messenger).handle(EAST, sender, "0x0111" + body.slice(2)),
      );
      expect(events.get("NodeReportIgnored")).toMatchObject({ nodeId, sequence: 1n, current: 2n });
      expect((await f.hub.nodeIndex.node(nodeId)).pricePerSecond).toBe(40n);
    });
  });
});
