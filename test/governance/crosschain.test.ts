/**
 * Must-show 1 of issue 18, end to end on three chains: holders on the hub, east and west (SUAN bridged to the
 * regions by lock-and-mint) vote; the hub's tally equals the sum of their snapshot weights; the proposal
 * passes, waits in the Timelock and changes a parameter on west through the GovernanceExecutor.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { id, zeroPadValue } from "ethers";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { SignatureReceiptVerifier__factory } from "../../types/contracts/index.js";
import { governanceWorld, type GovernanceWorld, SUAN } from "./world.js";

describe("cross-chain governance: hub, east and west vote; west executes", () => {
  let w: GovernanceWorld;
  beforeAll(async () => {
    w = await governanceWorld();
  }, 120_000);

  it("tallies equal the summed snapshot weights, the proposal passes and changes west's receipt verifier", async () => {
    const { net, gov, chains } = w;
    const hubSigners = chains.hub.signers;
    const [deployer, alice, bob, carol, dave, erin] = hubSigners;
    const hubToken = net.hub.token.connect(deployer!);
    // Hub holder alice; east holders bob (for) and erin (abstain); west holders carol (for, by signature) and
    // dave (against). The same keys exist on every chain.
    await (await hubToken.transfer(alice!, SUAN(1_000_000))).wait();
    for (const [who, amount] of [
      [bob, 2_000_000],
      [erin, 700_000],
      [carol, 3_000_000],
      [dave, 400_000],
    ] as const) {
      await (await hubToken.transfer(who!, SUAN(amount))).wait();
    }
    await (await net.hub.token.connect(alice!).delegate(alice!)).wait();
    await w.bridgeToRegion(bob!, "east", bob!.address, SUAN(2_000_000));
    await w.bridgeToRegion(erin!, "east", erin!.address, SUAN(700_000));
    await w.bridgeToRegion(carol!, "west", carol!.address, SUAN(3_000_000));
    await w.bridgeToRegion(dave!, "west", dave!.address, SUAN(400_000));
    const minted = await w.relay();
    expect(minted.map((m) => m.to)).toEqual(["east", "east", "west", "west"]);
    const east = gov.regions.east!;
    const west = gov.regions.west!;
    expect(await east.token.balanceOf(bob!.address)).toBe(SUAN(2_000_000));
    expect(await west.token.balanceOf(carol!.address)).toBe(SUAN(3_000_000));
    expect(await gov.hub.tokenBridge.lockedFor(CHAIN_IDS.east)).toBe(SUAN(2_700_000));
    expect(await gov.hub.tokenBridge.lockedFor(CHAIN_IDS.west)).toBe(SUAN(3_400_000));
    for (const [region, who] of [
      [east, bob],
      [east, erin],
      [west, carol],
      [west, dave],
    ] as const) {
      const signer = (region === east ? chains.east : chains.west).signers.find(
        (s) => s.address === who!.address,
      )!;
      await (await region.token.connect(signer).delegate(signer)).wait();
    }
    await w.elapse(1);

    // A west parameter, through Timelock → GovernanceDispatcher → Mailbox → west's GovernanceExecutor.
    const westRegion = net.regions.west!;
    const newVerifier = await (
      await new SignatureReceiptVerifier__factory(chains.west.signers[0]!).deploy()
    ).waitForDeployment();
    const dispatcher = w.bridges.hub!.governanceDispatcher!;
    const targets = [await dispatcher.getAddress()];
    const calldatas = [
      dispatcher.interface.encodeFunctionData("send", [
        CHAIN_IDS.west,
        zeroPadValue(net.executors.west!, 32),
        await westRegion.receipts.getAddress(),
        0n,
        westRegion.receipts.interface.encodeFunctionData("setVerifier", [await newVerifier.getAddress()]),
        86_400,
      ]),
    ];
    const description = "West: switch the receipt verifier (voted on every chain)";
    await (await net.hub.governor.connect(alice!).propose(targets, [0n], calldatas, description)).wait();
    const proposalId = await net.hub.governor.hashProposal(targets, [0n], calldatas, id(description));
    const snapshot = await net.hub.governor.proposalSnapshot(proposalId);
    const deadline = await net.hub.governor.proposalDeadline(proposalId);

    // The proposal reaches the spokes by message once its snapshot is past: id, snapshot, cut-off (hub end −
    // tally window).
    await w.elapse(2);
    expect(await net.hub.governor.state(proposalId)).toBe(1n); // Active
    await (await gov.hub.votePool.announce(proposalId, CHAIN_IDS.east)).wait();
    await (await gov.hub.votePool.announce(proposalId, CHAIN_IDS.west)).wait();
    await w.relay();
    const cutoff = deadline - 10n;
    expect(await east.aggregator.proposalTimes(proposalId)).toEqual([snapshot, cutoff]);
    expect(await west.aggregator.proposalTimes(proposalId)).toEqual([snapshot, cutoff]);

    await (await net.hub.governor.connect(alice!).castVote(proposalId, 1)).wait();
    const eastSigner = (a: string) => chains.east.signers.find((s) => s.address === a)!;
    const westSigner = (a: string) => chains.west.signers.find((s) => s.address === a)!;
    await (await east.aggregator.connect(eastSigner(bob!.address)).castVote(proposalId, 1)).wait();
    await (
      await east.aggregator.connect(eastSigner(erin!.address)).castVoteWithReason(proposalId, 2, "no view")
    ).wait();
    // carol signs her ballot; anyone (here dave) submits it.
    const ballot = {
      proposalId,
      support: 1,
      voter: carol!.address,
      nonce: await west.aggregator.nonces(carol!.address),
    };
    const signature = await westSigner(carol!.address).signTypedData(
      {
        name: "SpokeVoteAggregator",
        version: "1",
        chainId: CHAIN_IDS.west,
        verifyingContract: await west.aggregator.getAddress(),
      },
      {
        Ballot: [
          { name: "proposalId", type: "uint256" },
          { name: "support", type: "uint8" },
          { name: "voter", type: "address" },
          { name: "nonce", type: "uint256" },
        ],
      },
      ballot,
    );
    await (
      await west.aggregator
        .connect(westSigner(dave!.address))
        .castVoteBySig(proposalId, 1, carol!.address, signature)
    ).wait();
    await (await west.aggregator.connect(westSigner(dave!.address)).castVote(proposalId, 0)).wait();

    await (await east.aggregator.sendTally(proposalId)).wait();
    await (await west.aggregator.sendTally(proposalId)).wait();
    const tallies = await w.relay();
    expect(tallies.map((m) => `${m.from}->${m.to}`)).toEqual(["east->hub", "west->hub"]);

    // Hub tally = the snapshot weights summed over the chains.
    const [against, forVotes, abstain] = await net.hub.governor.proposalVotes(proposalId);
    expect(against).toBe(SUAN(400_000));
    expect(forVotes).toBe(SUAN(1_000_000 + 2_000_000 + 3_000_000));
    expect(abstain).toBe(SUAN(700_000));
    expect(await gov.hub.votePool.spokeVotes(proposalId, CHAIN_IDS.east)).toEqual([
      0n,
      SUAN(2_000_000),
      SUAN(700_000),
    ]);
    expect(await gov.hub.votePool.spokeVotes(proposalId, CHAIN_IDS.west)).toEqual([
      SUAN(400_000),
      SUAN(3_000_000),
      0n,
    ]);

    // Passes, waits in the Timelock, executes; the call reaches west and changes the parameter.
    await w.elapse(Number(deadline - snapshot) + 1);
    expect(await net.hub.governor.state(proposalId)).toBe(4n); // Succeeded
    await (await net.hub.governor.queue(targets, [0n], calldatas, id(description))).wait();
    await w.elapse(3_601);
    await (await net.hub.governor.execute(targets, [0n], calldatas, id(description))).wait();
    expect(await net.hub.governor.state(proposalId)).toBe(7n); // Executed
    const calls = await w.relay();
    expect(calls.map((m) => `${m.from}->${m.to}`)).toEqual(["hub->west"]);
    expect(await westRegion.receipts.verifier()).toBe(await newVerifier.getAddress());
  });
});
