import { Wallet, getBytes, keccak256, zeroPadValue, type Signer } from "ethers";
import { network } from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import {
  GasBurnerRecipient__factory,
  GovernanceExecutor__factory,
  HugeRevertRecipient__factory,
  Mailbox__factory,
  MultisigIsm__factory,
  TestRecipient__factory,
  ValidatorAnnounce__factory,
  type Mailbox,
  type MultisigIsm,
  type TestRecipient,
} from "../../types/contracts/index.js";
import { addressToBytes32 } from "../../services/shared/chain.js";
import { encodeEnvelope, encodeMetadata, signingDigest } from "../../services/shared/envelope.js";
import { expectRevert, increaseTime } from "../helpers/chain.js";
import { governanceBody, tagged, validatorKeys } from "./harness.js";

const { ethers } = await network.create("hub");
const HUB = 31_337;
const EAST = 31_338;
const EAST_MAILBOX = "0x00000000000000000000000000000000000e4571";

/**
 * Bridge v2 on one chain: per-message failure isolation in `processBatch` (gas burner, 1 MB revert), the
 * on-chain failure record, tips, attestations bound to the destination Mailbox, immediate revocation,
 * the guardian's delayed recovery and validator announcements.
 */
describe("Mailbox v2: isolation, tips, destination binding, emergency exits", () => {
  let owner: Signer;
  let stranger: Signer;
  let guardian: Signer;
  let mailbox: Mailbox;
  let ism: MultisigIsm;
  let recipient: TestRecipient;
  let burner: string;
  let huge: string;
  const set = validatorKeys(3);
  let nonce = 0;

  const envelope = (to: string, tag: string | number): string =>
    encodeEnvelope({
      version: 1,
      nonce: nonce++,
      origin: EAST,
      sender: addressToBytes32(EAST_MAILBOX),
      destination: HUB,
      recipient: addressToBytes32(to),
      body: tagged(tag),
    });
  const metadataFor = async (message: string, signers: Wallet[], version = 1, destination?: string) => {
    const digest = signingDigest(
      EAST,
      EAST_MAILBOX,
      destination ?? (mailbox.target as string),
      keccak256(message),
    );
    return encodeMetadata(
      version,
      await Promise.all(
        signers.map(async (s) => ({
          validator: s.address,
          signature: await s.signMessage(getBytes(digest)),
        })),
      ),
    );
  };

  beforeAll(async () => {
    [owner, stranger, guardian] = (await ethers.getSigners()) as unknown as [Signer, Signer, Signer];
    ism = await new MultisigIsm__factory(owner).deploy(600, await owner.getAddress());
    mailbox = await new Mailbox__factory(owner).deploy(HUB, ism.target, await owner.getAddress());
    recipient = await new TestRecipient__factory(owner).deploy(mailbox.target, await owner.getAddress());
    burner = (await new GasBurnerRecipient__factory(owner).deploy()).target as string;
    huge = (await new HugeRevertRecipient__factory(owner).deploy(1 << 20)).target as string;
    await ism.setOriginMailbox(EAST, zeroPadValue(EAST_MAILBOX, 32));
    await ism.rotateValidators(
      EAST,
      set.map((k) => k.address),
      2,
    );
  });

  it("delivers the honest messages of a batch that holds a gas burner and a 1 MB revert, and records both failures", async () => {
    const honest = Array.from({ length: 6 }, (_, i) => envelope(recipient.target as string, `honest-${i}`));
    const hostile = [envelope(burner, "burn"), envelope(huge, "huge")];
    const messages = [honest[0]!, hostile[0]!, honest[1]!, honest[2]!, hostile[1]!, ...honest.slice(3)];
    const metadata = await Promise.all(messages.map((m) => metadataFor(m, set.slice(0, 2))));
    // The 1 MB revert needs ~2.2 M gas for its own memory: a 3 M cap lets it really revert with 1 MB.
    const caps = messages.map((m) => (m === hostile[1] ? 3_000_000n : 1_000_000n));
    const tx = await mailbox.processBatch(metadata, messages, caps, { gasLimit: 12_000_000 });
    const receipt = await tx.wait();
    expect(receipt?.status).toBe(1);
    for (const m of honest) expect(await mailbox.delivered(m)).toBe(true);
    for (const m of hostile) {
      expect(await mailbox.delivered(m)).toBe(false);
      expect(await mailbox.failures(keccak256(m))).toBe(1n);
    }
    const failed = receipt!.logs
      .map((l) => mailbox.interface.parseLog(l))
      .filter((l) => l?.name === "ProcessFailed");
    expect(failed.map((l) => l!.args.messageId)).toEqual(hostile.map((m) => keccak256(m)));
    expect(failed[0]!.args.reason).toBe("0x"); // the burner ran out of its cap
    expect(getBytes(failed[1]!.args.reason as string).length).toBe(512); // 1 MB cut to 512 bytes
    // Burner (1 M) + the huge revert's own ~2.3 M + six deliveries; copying its 1 MB into the Mailbox's frames
    // (as a plain try/catch and a bubbling revert would) would add ~2.2 M gas per copy.
    expect(receipt!.gasUsed).toBeLessThan(5_000_000n);
  });

  it("leaves messages it cannot give their whole cap for the next transaction, without failing them", async () => {
    const messages = [
      envelope(recipient.target as string, "room-1"),
      envelope(recipient.target as string, "room-2"),
    ];
    const metadata = await Promise.all(messages.map((m) => metadataFor(m, set.slice(0, 2))));
    await (
      await mailbox.processBatch(metadata, messages, [200_000n, 5_000_000n], { gasLimit: 1_000_000 })
    ).wait();
    expect(await mailbox.delivered(messages[0]!)).toBe(true);
    expect(await mailbox.delivered(messages[1]!)).toBe(false);
    expect(await mailbox.failures(keccak256(messages[1]!))).toBe(0n);
  });

  it("refuses tips without a tip recipient and pays collected tips to it", async () => {
    const to = addressToBytes32(recipient.target as string);
    await expectRevert(
      () => mailbox.connect(stranger).dispatch(EAST, to, tagged("tip"), { value: 1_000n }),
      mailbox.interface,
      "MailboxTipsDisabled",
    );
    const beneficiary = Wallet.createRandom().address;
    await expectRevert(
      () => mailbox.connect(stranger).setTipRecipient(beneficiary),
      mailbox.interface,
      "OwnableUnauthorizedAccount",
    );
    await (await mailbox.setTipRecipient(beneficiary)).wait();
    await (await mailbox.connect(stranger).dispatch(EAST, to, tagged("tip"), { value: 1_000n })).wait();
    await (await mailbox.connect(stranger).dispatch(EAST, to, tagged("tip-2"), { value: 500n })).wait();
    expect(await mailbox.tips()).toBe(1_500n);
    await (await mailbox.connect(stranger).withdrawTips()).wait();
    expect(await ethers.provider.getBalance(beneficiary)).toBe(1_500n);
    expect(await mailbox.tips()).toBe(0n);
    await expectRevert(() => mailbox.withdrawTips(), mailbox.interface, "MailboxNoTips");
  });

  it("rejects an attestation made for another Mailbox with the same domain and validators", async () => {
    const twin = await new Mailbox__factory(owner).deploy(HUB, ism.target, await owner.getAddress());
    const message = envelope(recipient.target as string, "twin");
    const forTwin = await metadataFor(message, set.slice(0, 2), 1, twin.target as string);
    await expectRevert(() => mailbox.process(forTwin, message), ism.interface, "MultisigIsmUnknownSigner");
    // It is valid where it was meant to go: the ISM accepts it when the twin asks.
    const asTwin = await ethers.provider.call({
      to: ism.target as string,
      from: twin.target as string,
      data: ism.interface.encodeFunctionData("verify", [forTwin, message]),
    });
    expect(ism.interface.decodeFunctionResult("verify", asTwin)[0]).toBe(true);
    expect(await mailbox.delivered(message)).toBe(false);
  });

  it("revokes a set at once (owner or guardian) and lets the guardian re-key the origin after its delay", async () => {
    const fresh = validatorKeys(3);
    await (
      await ism.rotateValidators(
        EAST,
        fresh.map((k) => k.address),
        2,
      )
    ).wait(); // set 1 in grace
    const inGrace = envelope(recipient.target as string, "grace");
    const oldMeta = await metadataFor(inGrace, set.slice(0, 2), 1);
    const verifyAsMailbox = (metadata: string, message: string) =>
      ethers.provider.call({
        to: ism.target as string,
        from: mailbox.target as string,
        data: ism.interface.encodeFunctionData("verify", [metadata, message]),
      });
    expect(ism.interface.decodeFunctionResult("verify", await verifyAsMailbox(oldMeta, inGrace))[0]).toBe(
      true,
    );
    await (await ism.revokeSet(EAST, 1)).wait(); // immediate: no waiting for the grace period
    await expectRevert(() => mailbox.process(oldMeta, inGrace), ism.interface, "MultisigIsmSetNotActive");

    // The guardian: only it proposes, only after the delay it executes, governance may cancel meanwhile.
    await expectRevert(
      () => ism.connect(stranger).revokeSet(EAST, 2),
      ism.interface,
      "MultisigIsmNotGuardian",
    );
    await (await ism.setGuardian(await guardian.getAddress(), 86_400)).wait();
    await (await ism.connect(guardian).revokeSet(EAST, 2)).wait(); // set 2 "compromised"
    const current = envelope(recipient.target as string, "compromised");
    await expectRevert(
      async () => mailbox.process(await metadataFor(current, fresh.slice(0, 2), 2), current),
      ism.interface,
      "MultisigIsmSetNotActive",
    );
    const rescue = validatorKeys(3);
    await expectRevert(
      () =>
        ism.connect(stranger).proposeRecovery(
          EAST,
          rescue.map((k) => k.address),
          2,
        ),
      ism.interface,
      "MultisigIsmNotGuardian",
    );
    await (
      await ism.connect(guardian).proposeRecovery(
        EAST,
        rescue.map((k) => k.address),
        2,
      )
    ).wait();
    await expectRevert(() => ism.executeRecovery(EAST), ism.interface, "MultisigIsmRecoveryNotReady");
    await (await ism.cancelRecovery(EAST)).wait();
    await expectRevert(() => ism.executeRecovery(EAST), ism.interface, "MultisigIsmNoRecovery");
    await (
      await ism.connect(guardian).proposeRecovery(
        EAST,
        rescue.map((k) => k.address),
        2,
      )
    ).wait();
    await increaseTime(ethers.provider, 86_401);
    await (await ism.connect(stranger).executeRecovery(EAST)).wait();
    expect(await ism.currentVersion(EAST)).toBe(3n);
    expect(await ism.previousValidUntil(EAST)).toBe(0n); // no grace for the replaced set
    await (await mailbox.process(await metadataFor(current, rescue.slice(1), 3), current)).wait();
    expect(await mailbox.delivered(current)).toBe(true);
  });

  it("runs governance calls in dispatch order whatever the delivery order, with expiry and explicit fates", async () => {
    // The executor obeys the hub sender (the dispatcher's role) on EAST; envelopes are built and signed here.
    const hubSender = Wallet.createRandom().address;
    await (
      await ism.rotateValidators(
        EAST,
        set.map((k) => k.address),
        2,
      )
    ).wait();
    const version = Number(await ism.currentVersion(EAST));
    const executor = await new GovernanceExecutor__factory(owner).deploy(mailbox.target, EAST, hubSender);
    const param = await new TestRecipient__factory(owner).deploy(mailbox.target, executor.target);
    const now = (await ethers.provider.getBlock("latest"))!.timestamp;
    const setTo = (value: number) => param.interface.encodeFunctionData("setParameter", [value]);
    const govern = async (sequence: number, data: string, expiresAt = now + 3_600, target = param.target) => {
      const message = encodeEnvelope({
        version: 1,
        nonce: nonce++,
        origin: EAST,
        sender: addressToBytes32(hubSender),
        destination: HUB,
        recipient: addressToBytes32(executor.target as string),
        body: governanceBody(target as string, data, sequence, expiresAt),
      });
      await (await mailbox.process(await metadataFor(message, set.slice(0, 2), version), message)).wait();
      return message;
    };
    // Sequence 1 (set 2) arrives before sequence 0 (set 1): it waits, and 0 then 1 run in order.
    await govern(1, setTo(2));
    expect(await executor.fate(1)).toBe(1n); // Queued
    expect(await param.parameter()).toBe(0n);
    await govern(0, setTo(1));
    expect(await param.parameter()).toBe(2n); // the later decision is the one in force
    expect([await executor.fate(0), await executor.fate(1)]).toEqual([2n, 2n]); // Executed
    // A failing call gets the Failed fate, its sequence is consumed, and the delivered message cannot replay.
    const failing = await govern(
      2,
      param.interface.encodeFunctionData("setParameter", [3]),
      now + 3_600,
      mailbox.target,
    );
    expect(await executor.fate(2)).toBe(3n); // Failed
    await expectRevert(
      async () => mailbox.process(await metadataFor(failing, set.slice(0, 2), version), failing),
      mailbox.interface,
      "MailboxAlreadyDelivered",
    );
    // An expired call is skipped when reached, and the next one still runs.
    await govern(4, setTo(5));
    await govern(3, setTo(4), now - 1);
    expect([await executor.fate(3), await executor.fate(4)]).toEqual([4n, 2n]); // Expired, Executed
    expect(await param.parameter()).toBe(5n);
    expect(await executor.nextSequence()).toBe(5n);
    // Only the hub sender on the hub domain is obeyed.
    const forged = encodeEnvelope({
      version: 1,
      nonce: nonce++,
      origin: EAST,
      sender: addressToBytes32(await stranger.getAddress()),
      destination: HUB,
      recipient: addressToBytes32(executor.target as string),
      body: governanceBody(param.target as string, setTo(666), 5, now + 3_600),
    });
    await expectRevert(
      async () => mailbox.process(await metadataFor(forged, set.slice(0, 2), version), forged),
      executor.interface,
      "GovernanceExecutorUnauthorizedOrigin",
    );
  });

  it("accepts a validator's announcement only with its own signature, once", async () => {
    const announce = await new ValidatorAnnounce__factory(owner).deploy();
    const [validator, liar] = validatorKeys(2);
    const url = "http://127.0.0.1:9401";
    const signed = await validator!.signMessage(getBytes(await announce.announcementDigest(url)));
    const forged = await liar!.signMessage(
      getBytes(await announce.announcementDigest("http://evil.example")),
    );
    await expectRevert(
      () => announce.connect(stranger).announce(validator!.address, "http://evil.example", forged),
      announce.interface,
      "ValidatorAnnounceWrongSigner",
    );
    await (await announce.connect(stranger).announce(validator!.address, url, signed)).wait();
    expect(await announce.latestLocations([validator!.address, liar!.address])).toEqual([url, ""]);
    await expectRevert(
      () => announce.announce(validator!.address, url, signed),
      announce.interface,
      "ValidatorAnnounceReplayed",
    );
  });
});
