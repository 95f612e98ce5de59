/**
 * The stakeholder chamber from any chain (issue 18, build 5: "usable from any chain"): a member on east or west
 * signs an EIP-712 veto (hub chain id, chamber, proposal id, member), anyone submits it to the region's
 * RegionalChamberRelay, and the hub chamber checks the signature, membership and the window on delivery. Each
 * refusal is performed: a non-member's veto from a region, a revoked member's, a veto replayed (the relay, the
 * Mailbox and the chamber each refuse it), a veto after the window, a veto message from an address that is not
 * the registered relay, a veto not signed by its member, and a validator quorum forging the relay's veto
 * message. Nothing is counted for any of them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { AbiCoder, id, type Signer, TypedDataEncoder } from "ethers";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { expectRevert } from "../helpers/chain.js";
import { interopAddress } from "../../services/shared/interop.js";
import { Mailbox__factory, MailboxGateway__factory } from "../../types/contracts/index.js";
import { forgedFromEast, governanceCast, type GovernanceWorld, SUAN } from "./world.js";

const VETO = {
  Veto: [
    { name: "proposalId", type: "uint256" },
    { name: "member", type: "address" },
  ],
};
const abi = AbiCoder.defaultAbiCoder();

describe("the stakeholder chamber from the regions", () => {
  let w: GovernanceWorld;
  let alice: string, bob: string, carol: string, mallory: string;
  let timelock: Signer;
  let count = 0;

  beforeAll(async () => {
    let deployer: Signer;
    ({ w, deployer, alice, bob, carol, mallory, timelock } = await governanceCast());
    await (await w.net.hub.token.connect(deployer).transfer(alice, SUAN(6_000_000))).wait();
    await (await w.net.hub.token.connect(w.on("hub", alice)).delegate(alice)).wait();
    const chamber = w.net.hub.chamber.connect(timelock);
    await (await chamber.admit(bob, 0)).wait(); // enterprise, on east
    await (await chamber.admit(carol, 1)).wait(); // public body, on west
    // Two vetoes defeat a marked proposal; the Timelock's `updateDelay` is marked.
    const tl = w.net.hub.timelock;
    await (await chamber.setVetoRules(2, 30)).wait();
    await (
      await chamber.setVetoable(tl.target as string, tl.interface.getFunction("updateDelay").selector, true)
    ).wait();
    await w.elapse(1);
  }, 120_000);

  /** A marked proposal (sets the Timelock delay) that alice alone carries, open for votes. */
  async function markedProposal() {
    const tl = w.net.hub.timelock;
    const targets = [tl.target as string];
    const calldatas = [tl.interface.encodeFunctionData("updateDelay", [7_200n])];
    const description = `marked ${++count}`;
    await (
      await w.net.hub.governor.connect(w.on("hub", alice)).propose(targets, [0n], calldatas, description)
    ).wait();
    const proposalId = await w.net.hub.governor.hashProposal(targets, [0n], calldatas, id(description));
    await w.elapse(2);
    await (await w.net.hub.governor.connect(w.on("hub", alice)).castVote(proposalId, 1)).wait();
    expect(await w.net.hub.governor.proposalVetoable(proposalId)).toBe(true);
    return proposalId;
  }

  /** `signer`'s EIP-712 signature of `member`'s veto on `proposalId` (the hub chamber's domain). */
  async function signVeto(signer: string, member: string, proposalId: bigint) {
    const domain = {
      name: "Suanli Stakeholder Chamber",
      version: "1",
      chainId: CHAIN_IDS.hub,
      verifyingContract: await w.net.hub.chamber.getAddress(),
    };
    return w.on("hub", signer).signTypedData(domain, VETO, { proposalId, member });
  }

  /** `member`'s signed veto submitted on region `r` (by `submitter`); returns the message to deliver. */
  async function vetoFrom(r: "east" | "west", member: string, proposalId: bigint, submitter = member) {
    const relay = w.gov.regions[r]!.chamberRelay.connect(w.on(r, submitter));
    await (await relay.veto(proposalId, member, await signVeto(member, member, proposalId))).wait();
    const msgs = await w.collect();
    expect(msgs.length).toBe(1);
    return msgs[0]!;
  }

  it("members veto from east and west; the hub counts them and the proposal is Defeated", async () => {
    const chamber = w.net.hub.chamber;
    const proposalId = await markedProposal();
    // The relay and the chamber sign over the same digest as a wallet's EIP-712 signer.
    const domain = {
      name: "Suanli Stakeholder Chamber",
      version: "1",
      chainId: CHAIN_IDS.hub,
      verifyingContract: await chamber.getAddress(),
    };
    const digest = TypedDataEncoder.hash(domain, VETO, { proposalId, member: bob });
    expect(await chamber.vetoDigest(proposalId, bob)).toBe(digest);
    expect(await w.gov.regions.east!.chamberRelay.vetoDigest(proposalId, bob)).toBe(digest);
    // bob signed; mallory submits it on east (anyone may carry a member's signed veto).
    await (await w.deliver(await vetoFrom("east", bob, proposalId, mallory))).wait();
    expect(await chamber.vetoes(proposalId)).toBe(1n);
    const rcpt = (await (await w.deliver(await vetoFrom("west", carol, proposalId))).wait())!;
    const received = rcpt.logs
      .map((l) => chamber.interface.parseLog(l))
      .find((e) => e?.name === "RegionalVetoReceived");
    expect(received?.args.toArray()).toEqual([proposalId, carol, BigInt(CHAIN_IDS.west)]);
    expect(await chamber.vetoes(proposalId)).toBe(2n);
    expect(await chamber.vetoed(proposalId)).toBe(true);
    await w.elapse(52);
    expect(await w.net.hub.governor.state(proposalId)).toBe(3n); // Defeated although the token vote passed
  });

  it("refuses a non-member's and a revoked member's veto from a region, and a veto replayed", async () => {
    const chamber = w.net.hub.chamber;
    const proposalId = await markedProposal();

    // mallory holds no credential: the relay forwards, the hub refuses on delivery.
    await expectRevert(
      async () => w.deliver(await vetoFrom("east", mallory, proposalId)),
      chamber.interface,
      "StakeholderChamberNotMember",
    );

    // bob's veto counts once: the relay refuses a second send, the Mailbox a second delivery.
    const first = await vetoFrom("east", bob, proposalId);
    await (await w.deliver(first)).wait();
    await expectRevert(
      async () =>
        w.gov.regions
          .east!.chamberRelay.connect(w.on("east", bob))
          .veto(proposalId, bob, await signVeto(bob, bob, proposalId)),
      w.gov.regions.east!.chamberRelay.interface,
      "RegionalChamberRelayAlreadySent",
    );
    await expectRevert(() => w.deliver(first), Mailbox__factory.createInterface(), "MailboxAlreadyDelivered");
    // ... and the chamber refuses the same member's veto again from another chain or on the hub.
    await expectRevert(
      async () => w.deliver(await vetoFrom("west", bob, proposalId)),
      chamber.interface,
      "StakeholderChamberAlreadyVetoed",
    );
    await expectRevert(
      () => chamber.connect(w.on("hub", bob)).veto(proposalId),
      chamber.interface,
      "StakeholderChamberAlreadyVetoed",
    );

    // A credential revoked on the hub stops the member's vetoes from every region at once.
    await (await chamber.connect(timelock).revoke(carol)).wait();
    await expectRevert(
      async () => w.deliver(await vetoFrom("west", carol, proposalId)),
      chamber.interface,
      "StakeholderChamberNotMember",
    );
    await (await chamber.connect(timelock).admit(carol, 1)).wait();
    expect(await chamber.vetoes(proposalId)).toBe(1n);
    expect(await chamber.vetoed(proposalId)).toBe(false);
  });

  it("refuses a regional veto after the window and a veto message from anyone but the registered relay", async () => {
    const chamber = w.net.hub.chamber;
    const proposalId = await markedProposal();
    const closesAt = await chamber.vetoWindowEnd(proposalId);

    // Sent while the window is open, delivered after it closed: refused (the hub's clock decides).
    const late = await vetoFrom("west", carol, proposalId);
    await w.elapse(Number(closesAt) - (await w.chains.hub.provider.getBlock("latest"))!.timestamp + 1);
    const [, closedAt] = await expectRevert(
      () => w.deliver(late),
      chamber.interface,
      "StakeholderChamberVetoWindowClosed",
    );
    expect(closedAt).toBe(closesAt);

    // mallory sends "bob vetoes" straight through east's gateway: not the registered relay.
    const gateway = MailboxGateway__factory.connect(
      await w.gov.regions.east!.gateway.getAddress(),
      w.on("east", mallory),
    );
    const payload = AbiCoder.defaultAbiCoder().encode(["uint256", "address"], [proposalId, bob]);
    await (
      await gateway.sendMessage(interopAddress(CHAIN_IDS.hub, await chamber.getAddress()), payload, [])
    ).wait();
    const [forged] = await w.collect();
    const [chainId, sender] = await expectRevert(
      () => w.deliver(forged!),
      chamber.interface,
      "StakeholderChamberUnknownRelay",
    );
    expect([chainId, sender]).toEqual([BigInt(CHAIN_IDS.east), mallory]);
    expect(await chamber.vetoes(proposalId)).toBe(0n);
    expect(await w.net.hub.governor.state(proposalId)).toBe(4n); // Succeeded: nothing was counted
  });

  it("a veto needs its member's signature: the relay refuses another's, and a validator quorum cannot forge one", async () => {
    const chamber = w.net.hub.chamber;
    const east = w.gov.regions.east!;
    const proposalId = await markedProposal();
    const earlier = await markedProposal();

    // mallory signs "bob vetoes" herself: east's relay refuses it before anything is sent.
    const [p, member] = await expectRevert(
      async () =>
        east.chamberRelay
          .connect(w.on("east", mallory))
          .veto(proposalId, bob, await signVeto(mallory, bob, proposalId)),
      east.chamberRelay.interface,
      "RegionalChamberRelayInvalidSignature",
    );
    expect([p, member]).toEqual([proposalId, bob]);
    expect(await east.chamberRelay.forwarded(proposalId, bob)).toBe(false);

    // A quorum of east's validators attests messages east's relay never sent, through the hub gateway, naming
    // admitted members: with mallory's signature, with bob's signature of another proposal, with none.
    const forgeries = [await signVeto(mallory, bob, proposalId), await signVeto(carol, carol, earlier), "0x"];
    for (const [i, signature] of forgeries.entries()) {
      const who = i === 1 ? carol : bob;
      const payload = abi.encode(["uint256", "address", "bytes"], [proposalId, who, signature]);
      const forged = await forgedFromEast(
        w,
        5_000_000 + i,
        2_000_000n + BigInt(i),
        await east.chamberRelay.getAddress(),
        await chamber.getAddress(),
        payload,
      );
      const [forgedFor, forgedMember] = await expectRevert(
        () => w.deliver(forged),
        chamber.interface,
        "StakeholderChamberInvalidVetoSignature",
      );
      expect([forgedFor, forgedMember]).toEqual([proposalId, who]);
    }
    expect(await chamber.vetoes(proposalId)).toBe(0n);
    expect(await chamber.vetoed(proposalId)).toBe(false);
  });
});
