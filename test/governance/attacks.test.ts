/**
 * Must-show 2 of issue 18: each attack on cross-chain voting is performed and rejected with a named error, and
 * nothing is counted. Three chains (test/governance/world.ts); alice holds SUAN on the hub, bob on east, carol
 * on west. Governance-owned settings (registering, removing an aggregator, admitting a chamber member) are made
 * by the Timelock's address (impersonated): the Timelock path itself is exercised in crosschain.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { AbiCoder, concat, dataSlice, id, type Signer, zeroPadValue } from "ethers";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { expectRevert } from "../helpers/chain.js";
import { encodeEnvelope, messageIdOf } from "../../services/shared/envelope.js";
import { interopAddress } from "../../services/shared/interop.js";
import { announceProposal } from "../../services/sdk/actions/governance.js";
import {
  Mailbox__factory,
  MailboxGateway__factory,
  SuanliGovernor__factory,
  SuanRegionalToken__factory,
} from "../../types/contracts/index.js";
import { forgedFromEast, governanceCast, type GovernanceWorld, SUAN } from "./world.js";

const abi = AbiCoder.defaultAbiCoder();
const governorErrors = SuanliGovernor__factory.createInterface();
const BALLOT = {
  Ballot: [
    { name: "proposalId", type: "uint256" },
    { name: "support", type: "uint8" },
    { name: "voter", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
};

describe("attacks on cross-chain voting", () => {
  let w: GovernanceWorld;
  let alice: string, bob: string, carol: string, mallory: string;
  let timelock: Signer;
  let count = 0;

  beforeAll(async () => {
    let deployer: Signer;
    ({ w, deployer, alice, bob, carol, mallory, timelock } = await governanceCast());
    const token = w.net.hub.token.connect(deployer);
    for (const [who, amount] of [
      [alice, 1_000_000],
      [bob, 2_000_000],
      [carol, 3_000_000],
    ] as const) {
      await (await token.transfer(who, SUAN(amount))).wait();
    }
    await (await w.net.hub.token.connect(w.on("hub", alice)).delegate(alice)).wait();
    await w.bridgeToRegion(w.on("hub", bob), "east", bob, SUAN(2_000_000));
    await w.bridgeToRegion(w.on("hub", carol), "west", carol, SUAN(3_000_000));
    await w.relay();
    await (await w.gov.regions.east!.token.connect(w.on("east", bob)).delegate(bob)).wait();
    await (await w.gov.regions.west!.token.connect(w.on("west", carol)).delegate(carol)).wait();
    await w.elapse(1);
  }, 120_000);

  /** A new harmless proposal (reads the token's name), announced to both spokes and open for votes. */
  async function openProposal(targets?: string[], values?: bigint[], calldatas?: string[]) {
    const t = targets ?? [await w.net.hub.token.getAddress()];
    const v = values ?? [0n];
    const c = calldatas ?? [w.net.hub.token.interface.encodeFunctionData("name")];
    const description = `proposal ${++count}`;
    await (await w.net.hub.governor.connect(w.on("hub", alice)).propose(t, v, c, description)).wait();
    const proposalId = await w.net.hub.governor.hashProposal(t, v, c, id(description));
    await w.elapse(2);
    await (await w.gov.hub.votePool.announce(proposalId, CHAIN_IDS.east)).wait();
    await (await w.gov.hub.votePool.announce(proposalId, CHAIN_IDS.west)).wait();
    await w.relay();
    return {
      proposalId,
      targets: t,
      values: v,
      calldatas: c,
      descriptionHash: id(description),
      deadline: await w.net.hub.governor.proposalDeadline(proposalId),
    };
  }

  /** alice (hub), bob (east) and carol (west) vote for: 6M SUAN, above the 4 % quorum of 100M. */
  async function everyoneFor(proposalId: bigint) {
    await (await w.net.hub.governor.connect(w.on("hub", alice)).castVote(proposalId, 1)).wait();
    const east = w.gov.regions.east!;
    const west = w.gov.regions.west!;
    await (await east.aggregator.connect(w.on("east", bob)).castVote(proposalId, 1)).wait();
    await (await west.aggregator.connect(w.on("west", carol)).castVote(proposalId, 1)).wait();
    await (await east.aggregator.sendTally(proposalId)).wait();
    await (await west.aggregator.sendTally(proposalId)).wait();
    await w.relay();
    expect(await hubVotes(proposalId)).toEqual([0n, SUAN(6_000_000), 0n]);
  }

  const hubVotes = async (proposalId: bigint) => [...(await w.net.hub.governor.proposalVotes(proposalId))];

  it("bridging hub → east after the snapshot does not vote twice", async () => {
    const { proposalId } = await openProposal();
    await (await w.net.hub.governor.connect(w.on("hub", alice)).castVote(proposalId, 1)).wait();
    await w.bridgeToRegion(w.on("hub", alice), "east", alice, SUAN(1_000_000));
    await w.relay();
    const east = w.gov.regions.east!;
    await (await east.token.connect(w.on("east", alice)).delegate(alice)).wait();
    expect(await east.token.getVotes(alice)).toBe(SUAN(1_000_000));
    await expectRevert(
      () => east.aggregator.connect(w.on("east", alice)).castVote(proposalId, 1),
      east.aggregator.interface,
      "SpokeVoteAggregatorNoWeight",
    );
    expect(await east.aggregator.proposalVotes(proposalId)).toEqual([0n, 0n, 0n]);
    expect(await hubVotes(proposalId)).toEqual([0n, SUAN(1_000_000), 0n]);
    // alice's SUAN goes home for the next tests (burn on east, unlock on the hub).
    await (
      await east.token
        .connect(w.on("east", alice))
        .crosschainTransfer(interopAddress(CHAIN_IDS.hub, alice), SUAN(1_000_000))
    ).wait();
    await w.relay();
    expect(await w.net.hub.token.balanceOf(alice)).toBe(SUAN(1_000_000));
  });

  it("bridging east → hub after the snapshot does not vote twice", async () => {
    const { proposalId } = await openProposal();
    const east = w.gov.regions.east!;
    await (await east.aggregator.connect(w.on("east", bob)).castVote(proposalId, 1)).wait();
    await (
      await east.token
        .connect(w.on("east", bob))
        .crosschainTransfer(interopAddress(CHAIN_IDS.hub, bob), SUAN(500_000))
    ).wait();
    await w.relay();
    expect(await w.net.hub.token.balanceOf(bob)).toBe(SUAN(500_000));
    await (await w.net.hub.token.connect(w.on("hub", bob)).delegate(bob)).wait();
    // No weight at the snapshot on the hub: OpenZeppelin's fractional counting refuses the vote.
    await expectRevert(
      () => w.net.hub.governor.connect(w.on("hub", bob)).castVote(proposalId, 1),
      governorErrors,
      "GovernorAlreadyCastVote",
    );
    await (await east.aggregator.sendTally(proposalId)).wait();
    await w.relay();
    expect(await hubVotes(proposalId)).toEqual([0n, SUAN(2_000_000), 0n]);
    // back to east
    await w.bridgeToRegion(w.on("hub", bob), "east", bob, SUAN(500_000));
    await w.relay();
  });

  it("a tally replayed, lowered, for an unknown proposal or from an unregistered sender is refused", async () => {
    const { proposalId } = await openProposal();
    const east = w.gov.regions.east!;
    const pool = w.gov.hub.votePool;
    await (await east.aggregator.connect(w.on("east", bob)).castVote(proposalId, 0)).wait();
    await (await east.aggregator.sendTally(proposalId)).wait();
    const [tally] = await w.collect();
    await (await w.deliver(tally!)).wait();
    expect(await hubVotes(proposalId)).toEqual([SUAN(2_000_000), 0n, 0n]);

    // The same message again: the Mailbox delivers once.
    await expectRevert(
      () => w.deliver(tally!),
      Mailbox__factory.createInterface(),
      "MailboxAlreadyDelivered",
    );
    // Nothing new to send from the aggregator.
    await expectRevert(
      () => east.aggregator.sendTally(proposalId),
      east.aggregator.interface,
      "SpokeVoteAggregatorNothingToSend",
    );

    // Mallory (an account, not the aggregator) sends a tally through east's gateway.
    const gateway = MailboxGateway__factory.connect(await east.gateway.getAddress(), w.on("east", mallory));
    const poolAddress = interopAddress(CHAIN_IDS.hub, await pool.getAddress());
    const forged = abi.encode(
      ["uint256", "uint256", "uint256", "uint256"],
      [proposalId, 0n, SUAN(9_000_000), 0n],
    );
    await (await gateway.sendMessage(poolAddress, forged, [])).wait();
    const [fromMallory] = await w.collect();
    await expectRevert(() => w.deliver(fromMallory!), pool.interface, "HubVotePoolUnknownAggregator");

    // A compromised aggregator (here: mallory registered for east) replays, lowers, or names an unknown proposal.
    await (await pool.connect(timelock).registerAggregator(CHAIN_IDS.east, mallory)).wait();
    const send = async (p: bigint, against: bigint, forVotes: bigint) => {
      await (
        await gateway.sendMessage(
          poolAddress,
          abi.encode(["uint256", "uint256", "uint256", "uint256"], [p, against, forVotes, 0n]),
          [],
        )
      ).wait();
      const [m] = await w.collect();
      return () => w.deliver(m!);
    };
    await expectRevert(
      await send(proposalId, SUAN(2_000_000), 0n),
      pool.interface,
      "HubVotePoolTallyNotIncreasing",
    );
    await expectRevert(
      await send(proposalId, SUAN(1_000_000), SUAN(5)),
      pool.interface,
      "HubVotePoolTallyNotIncreasing",
    );
    await expectRevert(await send(123n, SUAN(1), 0n), pool.interface, "HubVotePoolUnknownProposal");
    // A proposal the hub knows but never announced to east: no spoke could have taken votes for it.
    const quiet = [await w.net.hub.token.getAddress()];
    const quietCall = [w.net.hub.token.interface.encodeFunctionData("symbol")];
    await (
      await w.net.hub.governor.connect(w.on("hub", alice)).propose(quiet, [0n], quietCall, "quiet")
    ).wait();
    const unannounced = await w.net.hub.governor.hashProposal(quiet, [0n], quietCall, id("quiet"));
    await expectRevert(await send(unannounced, SUAN(1), 0n), pool.interface, "HubVotePoolNotAnnounced");
    // More than the SUAN locked for the regions at the snapshot: the Governor's fractional counting refuses it.
    await expectRevert(
      await send(proposalId, SUAN(2_000_000), SUAN(50_000_000)),
      governorErrors,
      "GovernorExceedRemainingWeight",
    );
    expect(await hubVotes(proposalId)).toEqual([SUAN(2_000_000), 0n, 0n]);

    // The real aggregator back, then removed by governance: its tallies are refused.
    await (await pool.connect(timelock).registerAggregator(CHAIN_IDS.east, east.aggregator)).wait();
    await (await pool.connect(timelock).removeAggregator(CHAIN_IDS.east)).wait();
    const west = w.gov.regions.west!;
    await (await pool.connect(timelock).removeAggregator(CHAIN_IDS.west)).wait();
    await (await west.aggregator.connect(w.on("west", carol)).castVote(proposalId, 1)).wait();
    await (await west.aggregator.sendTally(proposalId)).wait();
    const [fromRemoved] = await w.collect();
    await expectRevert(() => w.deliver(fromRemoved!), pool.interface, "HubVotePoolUnknownAggregator");
    await (await pool.connect(timelock).registerAggregator(CHAIN_IDS.east, east.aggregator)).wait();
    await (await pool.connect(timelock).registerAggregator(CHAIN_IDS.west, west.aggregator)).wait();
    expect(await hubVotes(proposalId)).toEqual([SUAN(2_000_000), 0n, 0n]);
  });

  it("a vote after the spoke cut-off and a tally after the hub's end are refused", async () => {
    const { proposalId, deadline } = await openProposal();
    const west = w.gov.regions.west!;
    await (await west.aggregator.connect(w.on("west", carol)).castVote(proposalId, 1)).wait();
    const [, cutoff] = await west.aggregator.proposalTimes(proposalId);
    expect(cutoff).toBe(deadline - 10n);
    const latest = BigInt((await w.chains.west.provider.getBlock("latest"))!.timestamp);
    await w.elapse(Number(cutoff - latest) + 1);
    const east = w.gov.regions.east!;
    await expectRevert(
      () => east.aggregator.connect(w.on("east", bob)).castVote(proposalId, 1),
      east.aggregator.interface,
      "SpokeVoteAggregatorVotingClosed",
    );
    await (await west.aggregator.sendTally(proposalId)).wait();
    const [late] = await w.collect();
    await w.elapse(11); // past the hub's end before the relay delivers it
    await expectRevert(() => w.deliver(late!), w.gov.hub.votePool.interface, "HubVotePoolVotingClosed");
    expect(await hubVotes(proposalId)).toEqual([0n, 0n, 0n]);
  });

  it("a vote for a proposal the hub never announced is refused on the spoke", async () => {
    const east = w.gov.regions.east!;
    await expectRevert(
      () => east.aggregator.connect(w.on("east", bob)).castVote(77n, 1),
      east.aggregator.interface,
      "SpokeVoteAggregatorUnknownProposal",
    );
    await expectRevert(
      () => east.aggregator.sendTally(77n),
      east.aggregator.interface,
      "SpokeVoteAggregatorUnknownProposal",
    );
  });

  it("an announcement before the snapshot is refused and sends nothing", async () => {
    const t = [await w.net.hub.token.getAddress()];
    const c = [w.net.hub.token.interface.encodeFunctionData("decimals")];
    await (await w.net.hub.governor.connect(w.on("hub", alice)).propose(t, [0n], c, "early")).wait();
    const proposalId = await w.net.hub.governor.hashProposal(t, [0n], c, id("early"));
    const snapshot = await w.net.hub.governor.proposalSnapshot(proposalId);
    const pool = w.gov.hub.votePool;
    const sent = await w.gov.hub.gateway.sent();
    // In the snapshot's own second the pool's weight there is not final yet.
    await w.chains.hub.provider.send("evm_setNextBlockTimestamp", [Number(snapshot)]);
    const args = await expectRevert(
      () => pool.announce(proposalId, CHAIN_IDS.east, { gasLimit: 500_000 }),
      pool.interface,
      "HubVotePoolSnapshotNotPast",
    );
    expect(args).toEqual([proposalId, snapshot]);
    expect(await w.gov.hub.gateway.sent()).toBe(sent);
    expect(await w.collect()).toEqual([]);
    // Once the snapshot is past the same announcement goes through and reaches the spoke.
    await w.elapse(1);
    await (await pool.announce(proposalId, CHAIN_IDS.east)).wait();
    await w.relay();
    expect((await w.gov.regions.east!.aggregator.proposalTimes(proposalId))[0]).toBe(snapshot);

    // The SDK refuses at once a snapshot further away than it may wait, and otherwise waits for it.
    const t2 = [await w.net.hub.token.getAddress()];
    const c2 = [w.net.hub.token.interface.encodeFunctionData("totalSupply")];
    await (await w.net.hub.governor.connect(w.on("hub", alice)).propose(t2, [0n], c2, "sdk")).wait();
    const p2 = await w.net.hub.governor.hashProposal(t2, [0n], c2, id("sdk"));
    const hub = {
      chainId: CHAIN_IDS.hub,
      governor: await w.net.hub.governor.getAddress(),
      token: await w.net.hub.token.getAddress(),
      tokenBridge: await w.gov.hub.tokenBridge.getAddress(),
      votePool: await pool.getAddress(),
    };
    const west = {
      chainId: CHAIN_IDS.west,
      suan: await w.gov.regions.west!.token.getAddress(),
      voteAggregator: await w.gov.regions.west!.aggregator.getAddress(),
    };
    await expect(announceProposal(w.on("hub", alice), hub, west, p2, 0)).rejects.toMatchObject({
      code: "ANNOUNCE_TOO_EARLY",
    });
    await announceProposal(w.on("hub", alice), hub, west, p2);
    await w.relay();
    expect((await w.gov.regions.west!.aggregator.proposalTimes(p2))[0]).toBe(
      await w.net.hub.governor.proposalSnapshot(p2),
    );
  });

  it("a region cannot mint without a hub lock", async () => {
    const west = w.gov.regions.west!;
    const supply = await west.token.totalSupply();
    // Mallory, on the hub, sends a mint message to west's token through the hub gateway: not the lockbox.
    const hubGateway = MailboxGateway__factory.connect(
      await w.gov.hub.gateway.getAddress(),
      w.on("hub", mallory),
    );
    const payload = abi.encode(
      ["bytes", "bytes", "uint256"],
      [interopAddress(CHAIN_IDS.hub, mallory), mallory, SUAN(1_000_000)],
    );
    await (
      await hubGateway.sendMessage(interopAddress(CHAIN_IDS.west, await west.token.getAddress()), payload, [])
    ).wait();
    const [forged] = await w.collect();
    await expectRevert(
      () => w.deliver(forged!),
      SuanRegionalToken__factory.createInterface(),
      "ERC7786RecipientUnauthorizedGateway",
    );
    // East's token (a region) cannot reach west at all: east's gateway knows only the hub.
    const east = w.gov.regions.east!;
    await expectRevert(
      () =>
        MailboxGateway__factory.connect(east.gateway.target as string, w.on("east", mallory)).sendMessage(
          interopAddress(CHAIN_IDS.west, west.token.target as string),
          payload,
          [],
        ),
      east.gateway.interface,
      "MailboxGatewayUnknownDestination",
    );
    expect(await west.token.totalSupply()).toBe(supply);
    expect(await w.gov.hub.tokenBridge.lockedFor(CHAIN_IDS.west)).toBe(supply);
  });

  it("a forged unlock (a validator quorum attesting a message east never sent) cannot take more than east's lock", async () => {
    const lockbox = w.gov.hub.tokenBridge;
    const east = w.gov.regions.east!;
    const locked = await lockbox.lockedFor(CHAIN_IDS.east);
    const custody = await w.net.hub.token.balanceOf(lockbox);
    const malloryBefore = await w.net.hub.token.balanceOf(mallory);
    // What east's token would send to return SUAN, for one more SUAN than was ever locked for east: the other
    // regions' custody (west's 3M) would cover it, the per-region count must not.
    const amount = locked + SUAN(1);
    const payload = abi.encode(
      ["bytes", "bytes", "uint256"],
      [interopAddress(CHAIN_IDS.east, mallory), mallory, amount],
    );
    const forged = await forgedFromEast(
      w,
      4_000_000,
      1_000_000n,
      await east.token.getAddress(),
      await lockbox.getAddress(),
      payload,
    );
    expect(custody).toBeGreaterThan(amount);
    const [chainId, asked, available] = await expectRevert(
      () => w.deliver(forged),
      lockbox.interface,
      "HubTokenBridgeExceedsLocked",
    );
    expect([chainId, asked, available]).toEqual([BigInt(CHAIN_IDS.east), amount, locked]);
    expect(await w.net.hub.token.balanceOf(lockbox)).toBe(custody);
    expect(await w.net.hub.token.balanceOf(mallory)).toBe(malloryBefore);
    expect(await lockbox.lockedFor(CHAIN_IDS.east)).toBe(locked);

    // A body shorter than the gateway's 48-byte header (sequence, sender, recipient) names what is wrong.
    const short = encodeEnvelope({
      version: 1,
      nonce: 4_000_001,
      origin: CHAIN_IDS.east,
      sender: zeroPadValue(await east.gateway.getAddress(), 32),
      destination: CHAIN_IDS.hub,
      recipient: zeroPadValue(await w.gov.hub.gateway.getAddress(), 32),
      body: concat(["0x01", "0x20", dataSlice(forged.data, 0, 47)]),
    });
    const [length] = await expectRevert(
      () => w.deliver({ from: "east", to: "hub", messageId: messageIdOf(short), message: short }),
      w.gov.hub.gateway.interface,
      "MailboxGatewayMessageMalformed",
    );
    expect(length).toBe(47n);
  });

  it("a ballot signed for west does not count on east", async () => {
    const { proposalId } = await openProposal();
    const east = w.gov.regions.east!;
    const west = w.gov.regions.west!;
    const domain = (chainId: number, verifyingContract: string) => ({
      name: "SpokeVoteAggregator",
      version: "1",
      chainId,
      verifyingContract,
    });
    const ballot = { proposalId, support: 1, voter: bob, nonce: 0n };
    const forWest = await w
      .on("west", bob)
      .signTypedData(domain(CHAIN_IDS.west, west.aggregator.target as string), BALLOT, ballot);
    await expectRevert(
      () => east.aggregator.castVoteBySig(proposalId, 1, bob, forWest),
      east.aggregator.interface,
      "SpokeVoteAggregatorInvalidSignature",
    );
    expect(await east.aggregator.hasVoted(proposalId, bob)).toBe(false);
    const forEast = await w
      .on("east", bob)
      .signTypedData(domain(CHAIN_IDS.east, east.aggregator.target as string), BALLOT, ballot);
    await (await east.aggregator.castVoteBySig(proposalId, 1, bob, forEast)).wait();
    expect(await east.aggregator.proposalVotes(proposalId)).toEqual([0n, SUAN(2_000_000), 0n]);
    // The same signature again: its nonce is used.
    await expectRevert(
      () => east.aggregator.castVoteBySig(proposalId, 1, bob, forEast),
      east.aggregator.interface,
      "SpokeVoteAggregatorInvalidSignature",
    );
  });

  it("the stakeholder chamber: credentials do not move, a veto defeats a marked proposal only within its window", async () => {
    const chamber = w.net.hub.chamber;
    await (await chamber.connect(timelock).admit(carol, 2)).wait(); // research institution
    await (await chamber.connect(timelock).admit(bob, 0)).wait(); // enterprise
    await expectRevert(
      () => chamber.connect(w.on("hub", carol)).transferFrom(carol, mallory, BigInt(carol)),
      chamber.interface,
      "StakeholderChamberNonTransferable",
    );
    expect(await chamber.ownerOf(BigInt(carol))).toBe(carol);

    // Mark the Timelock's `updateDelay` (a protocol-wide setting) as vetoable.
    const tl = w.net.hub.timelock;
    const selector = tl.interface.getFunction("updateDelay").selector;
    await (await chamber.connect(timelock).setVetoable(tl.target as string, selector, true)).wait();
    const calldata = tl.interface.encodeFunctionData("updateDelay", [7_200n]);

    // Vetoed within the window: Defeated although the token vote passed.
    const vetoed = await openProposal([tl.target as string], [0n], [calldata]);
    expect(await w.net.hub.governor.proposalVetoable(vetoed.proposalId)).toBe(true);
    await everyoneFor(vetoed.proposalId);
    await (await chamber.connect(w.on("hub", carol)).veto(vetoed.proposalId)).wait();
    await expectRevert(
      () => chamber.connect(w.on("hub", carol)).veto(vetoed.proposalId),
      chamber.interface,
      "StakeholderChamberAlreadyVetoed",
    );
    await expectRevert(
      () => chamber.connect(w.on("hub", mallory)).veto(vetoed.proposalId),
      chamber.interface,
      "StakeholderChamberNotMember",
    );
    await w.elapse(52);
    expect(await w.net.hub.governor.state(vetoed.proposalId)).toBe(3n); // Defeated

    // Not vetoed: cannot be queued before the window closes; a veto after the window is refused.
    const passed = await openProposal([tl.target as string], [0n], [calldata]);
    await everyoneFor(passed.proposalId);
    await w.elapse(52);
    expect(await w.net.hub.governor.state(passed.proposalId)).toBe(4n); // Succeeded
    await expectRevert(
      () => w.net.hub.governor.queue(passed.targets, passed.values, passed.calldatas, passed.descriptionHash),
      w.net.hub.governor.interface,
      "SuanliGovernorVetoWindowOpen",
    );
    await w.elapse(31);
    await expectRevert(
      () => chamber.connect(w.on("hub", bob)).veto(passed.proposalId),
      chamber.interface,
      "StakeholderChamberVetoWindowClosed",
    );
    expect(await chamber.vetoes(passed.proposalId)).toBe(0n);
    await (
      await w.net.hub.governor.queue(passed.targets, passed.values, passed.calldatas, passed.descriptionHash)
    ).wait();
    expect(await w.net.hub.governor.state(passed.proposalId)).toBe(5n); // Queued

    // The chamber alone passes nothing: a marked proposal without token votes is Defeated, vetoes or not.
    const alone = await openProposal([tl.target as string], [0n], [calldata]);
    await w.elapse(52);
    expect(await w.net.hub.governor.state(alone.proposalId)).toBe(3n); // Defeated
    // An unmarked proposal cannot be vetoed.
    const plain = await openProposal();
    await expectRevert(
      () => chamber.connect(w.on("hub", carol)).veto(plain.proposalId),
      chamber.interface,
      "StakeholderChamberNotVetoable",
    );
  });
});
