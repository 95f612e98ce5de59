import { beforeEach, describe, expect, it } from "vitest";
import { decodeBytes32String, id } from "ethers";
import { type MarketFixture, marketFixture } from "../helpers/market.js";
import { expectRevert, increaseTime } from "../helpers/chain.js";
import type { IJobMarket } from "../../types/contracts/index.js";

/** A plain, writable copy of the policy a contract returned (ethers results are read-only). */
function plainPolicy(p: IJobMarket.PolicyStructOutput): IJobMarket.PolicyStruct {
  const [a, b, c] = p.tierMultiplierBps;
  return {
    tierMultiplierBps: [a!, b!, c!],
    latencyPenaltyBps: p.latencyPenaltyBps,
    protocolFeeBps: p.protocolFeeBps,
    settlementGraceSec: p.settlementGraceSec,
    timeoutSlash: p.timeoutSlash,
  };
}

describe("DAO governance of protocol parameters", () => {
  let f: MarketFixture;

  beforeEach(async () => {
    f = await marketFixture();
  });

  /** Lets `seconds` pass (the votes' clock is the timestamp, ERC-6372). */
  const mine = (seconds: number) => increaseTime(f.ethers.provider, seconds);

  it("propose → vote → queue → execute changes a price multiplier and the fee; the next job uses them", async () => {
    const { hub, signers } = f;
    const nodeId = await f.registerAndStake();
    await (await hub.token.connect(signers.voter).delegate(signers.voter)).wait();

    const old = await hub.jobMarket.policy();
    const escrowBefore = await hub.jobMarket.quote(await f.spec());
    const newPolicy = {
      ...plainPolicy(old),
      tierMultiplierBps: [old.tierMultiplierBps[0]!, 20_000n, old.tierMultiplierBps[2]!] as [
        bigint,
        bigint,
        bigint,
      ],
      protocolFeeBps: 500n,
    };
    const target = await hub.jobMarket.getAddress();
    const calldata = hub.jobMarket.interface.encodeFunctionData("setPolicy", [newPolicy]);
    const description = "Raise the interactive multiplier to x2 and the protocol fee to 5 %";

    await (await hub.governor.connect(signers.voter).propose([target], [0n], [calldata], description)).wait();
    const proposalId = await hub.governor.hashProposal([target], [0n], [calldata], id(description));
    await mine(2);
    expect(await hub.governor.state(proposalId)).toBe(1n); // Active
    await (await hub.governor.connect(signers.voter).castVote(proposalId, 1)).wait();
    await mine(51);
    expect(await hub.governor.state(proposalId)).toBe(4n); // Succeeded
    await (await hub.governor.queue([target], [0n], [calldata], id(description))).wait();
    await expectRevert(
      () => hub.governor.execute([target], [0n], [calldata], id(description)),
      hub.timelock.interface,
      "TimelockUnexpectedOperationState",
    );
    await increaseTime(f.ethers.provider, 3601);
    await (
      await hub.governor.connect(signers.stranger).execute([target], [0n], [calldata], id(description))
    ).wait();
    expect(await hub.governor.state(proposalId)).toBe(7n); // Executed

    const p = await hub.jobMarket.policy();
    expect(p.tierMultiplierBps[1]).toBe(20_000n);
    expect(p.protocolFeeBps).toBe(500n);

    // The next job escrows at ×2 and settles with a 5 % fee.
    const { jobId, escrow } = await f.createJobWithSig(await f.spec());
    expect(escrow).toBe((escrowBefore * 20_000n) / 15_000n); // 120 000
    await (await hub.directiveHub.connect(signers.scheduler).assign(jobId, nodeId, 1)).wait();
    await (await f.east.inbox.connect(signers.provider).acknowledge(jobId)).wait();
    const treasury = await hub.timelock.getAddress();
    const before = await f.usd.balanceOf(treasury);
    await (await f.submitSigned(await f.receiptFor(jobId, nodeId))).wait();
    // price 4 × 600 × 20 × 2 = 96 000; fee 5 % = 4 800.
    expect((await f.usd.balanceOf(treasury)) - before).toBe(4_800n);
  });

  it("direct parameter calls by anyone but the Timelock revert with the owner/role error", async () => {
    const { hub, signers } = f;
    const policy = plainPolicy(await hub.jobMarket.policy());
    for (const caller of [signers.deployer, signers.stranger, signers.voter]) {
      const [account] = await expectRevert(
        () => hub.jobMarket.connect(caller).setPolicy(policy),
        hub.jobMarket.interface,
        "OwnableUnauthorizedAccount",
      );
      expect(account).toBe(await caller.getAddress());
    }
    await expectRevert(
      () => hub.jobMarket.connect(signers.stranger).setTreasury(signers.stranger),
      hub.jobMarket.interface,
      "OwnableUnauthorizedAccount",
    );
    await expectRevert(
      () => hub.jobMarket.connect(signers.deployer).setDirectiveHub(signers.stranger),
      hub.jobMarket.interface,
      "OwnableUnauthorizedAccount",
    );
    await expectRevert(
      () => hub.jobMarket.connect(signers.deployer).enrollRemote(1, id("x")),
      hub.jobMarket.interface,
      "OwnableUnauthorizedAccount",
    );
    await expectRevert(
      () => hub.stakeManager.connect(signers.deployer).setMinStake(0),
      hub.stakeManager.interface,
      "OwnableUnauthorizedAccount",
    );
    await expectRevert(
      () => hub.stakeManager.connect(signers.stranger).setSlasher(signers.stranger),
      hub.stakeManager.interface,
      "OwnableUnauthorizedAccount",
    );
    await expectRevert(
      () => hub.reputation.connect(signers.stranger).setRecorder(signers.stranger),
      hub.reputation.interface,
      "OwnableUnauthorizedAccount",
    );
    await expectRevert(
      () => hub.nodeIndex.connect(signers.deployer).enrollRemote(1, id("x")),
      hub.nodeIndex.interface,
      "OwnableUnauthorizedAccount",
    );
    await expectRevert(
      () => hub.directiveHub.connect(signers.deployer).grantRole(id("SCHEDULER_ROLE"), signers.stranger),
      hub.directiveHub.interface,
      "AccessControlUnauthorizedAccount",
    );
    await expectRevert(
      () => hub.timelock.connect(signers.deployer).grantRole(id("PROPOSER_ROLE"), signers.stranger),
      hub.timelock.interface,
      "AccessControlUnauthorizedAccount",
    );
    expect(await hub.jobMarket.owner()).toBe(await hub.timelock.getAddress());
    expect(await hub.stakeManager.owner()).toBe(await hub.timelock.getAddress());
  });

  it("a policy out of range is refused even from governance", async () => {
    const { hub } = f;
    const policy = await hub.jobMarket.policy();
    const timelock = await hub.timelock.getAddress();
    await f.ethers.provider.send("hardhat_impersonateAccount", [timelock]);
    await f.ethers.provider.send("hardhat_setBalance", [timelock, "0xde0b6b3a7640000"]);
    const asTimelock = await f.ethers.getSigner(timelock);
    const bad = (patch: object) => ({ ...plainPolicy(policy), ...patch });
    const cases: [object, string][] = [
      [{ protocolFeeBps: 2_001 }, "protocolFeeBps"],
      [{ latencyPenaltyBps: 10_001 }, "latencyPenaltyBps"],
      [{ tierMultiplierBps: [0, 1, 1] }, "tierMultiplierBps"],
      [{ settlementGraceSec: 8 * 24 * 3600 }, "settlementGraceSec"],
    ];
    for (const [patch, field] of cases) {
      const [name] = await expectRevert(
        () => hub.jobMarket.connect(asTimelock).setPolicy(bad(patch)),
        hub.jobMarket.interface,
        "JobMarketInvalidPolicy",
      );
      expect(decodeBytes32String(name as string)).toBe(field);
    }
  });
});
