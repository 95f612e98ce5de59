import { AbiCoder, Wallet, getBytes, keccak256, zeroPadValue, type Signer } from "ethers";
import fc from "fast-check";
import { network } from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import { type Mailbox, type MultisigIsm, type TestRecipient } from "../../types/contracts/index.js";
import { addressToBytes32 } from "../../services/shared/chain.js";
import {
  encodeEnvelope,
  encodeMetadata,
  signingDigest,
  type Envelope,
} from "../../services/shared/envelope.js";
import { KIND, settlement, tagged, validatorKeys } from "./harness.js";
import { EAST, EAST_MAILBOX, GRACE, HUB, WEST, WEST_MAILBOX, deployHubWithIsm } from "./ism-fixture.js";

const { ethers, networkHelpers } = await network.create("hub");

/** The Mailbox under test: validators sign for it as the destination. */
let destinationMailbox = "";

/** Signs `message` for `origin` with `signers`, producing ISM metadata naming `version`. */
async function metadataFor(
  message: string,
  signers: Wallet[],
  version: number,
  origin = EAST,
  mailbox = EAST_MAILBOX,
) {
  const id = keccak256(message);
  const attestations = await Promise.all(
    signers.map(async (s) => ({
      validator: s.address,
      signature: await s.signMessage(getBytes(signingDigest(origin, mailbox, destinationMailbox, id))),
    })),
  );
  return encodeMetadata(version, attestations);
}

describe("Mailbox, MultisigIsm and the rate limit", () => {
  let owner: Signer;
  let stranger: Signer;
  let mailbox: Mailbox;
  let ism: MultisigIsm;
  let recipient: TestRecipient;
  const oldSet = validatorKeys(3);
  const newSet = validatorKeys(3);
  const outsiders = validatorKeys(2);
  let nonce = 0;

  const envelope = (overrides: Partial<Envelope> = {}): string =>
    encodeEnvelope({
      version: 1,
      nonce: nonce++,
      origin: EAST,
      sender: addressToBytes32(outsiders[0]!.address),
      destination: HUB,
      recipient: addressToBytes32(recipient.target as string),
      body: tagged(nonce),
      ...overrides,
    });

  beforeAll(async () => {
    [owner, stranger] = (await ethers.getSigners()) as unknown as [Signer, Signer];
    ({ ism, mailbox, recipient } = await deployHubWithIsm(
      owner,
      oldSet.map((k) => k.address),
    ));
    destinationMailbox = mailbox.target as string;
  });

  it("dispatch numbers envelopes and emits their id", async () => {
    const to = addressToBytes32(recipient.target as string);
    const payload = tagged("d");
    const tx = await mailbox.connect(stranger).dispatch(EAST, to, payload);
    const expected = encodeEnvelope({
      version: 1,
      nonce: 0,
      origin: HUB,
      sender: addressToBytes32(await stranger.getAddress()),
      destination: EAST,
      recipient: to,
      body: payload,
    });
    await expect(tx.wait()).resolves.toBeTruthy();
    const [log] = await mailbox.queryFilter(mailbox.filters.Dispatched());
    expect(log!.args.messageId).toBe(keccak256(expected));
    expect(log!.args.message).toBe(expected);
    expect(await mailbox.nonce()).toBe(1n);
    expect(await mailbox.localDomain()).toBe(BigInt(HUB));
  });

  it("delivers a 2-of-3 attested message once; a reverting recipient leaves it undelivered", async () => {
    const message = envelope();
    const metadata = await metadataFor(message, [oldSet[2]!, oldSet[0]!], 1);
    await recipient.setRejecting(true);
    await expect(mailbox.process(metadata, message)).rejects.toThrow(/TestRecipientRejected|reverted/);
    expect(await mailbox.delivered(message)).toBe(false);
    await recipient.setRejecting(false);
    await expect(mailbox.process(metadata, message)).resolves.toBeTruthy();
    expect(await mailbox.delivered(message)).toBe(true);
    await expect(mailbox.process.staticCall(metadata, message)).rejects.toThrow(/MailboxAlreadyDelivered/);
  });

  it("records deliveries per origin nonce: the same nonce again is refused; a prepaid word makes a delivery cheaper", async () => {
    const deliver = async (m: string) =>
      (await (await mailbox.process(await metadataFor(m, oldSet.slice(0, 2), 1), m)).wait())!.gasUsed;
    // Words far above the nonces `envelope()` hands out (255 nonces a word).
    const word = (w: number, position = 0) => 255 * (100_000 + w) + position;
    const first = envelope({ nonce: word(0, 45) });
    await deliver(first);
    const sameNonce = envelope({ nonce: word(0, 45), body: tagged("another body") });
    expect(await mailbox.delivered(sameNonce)).toBe(true);
    const meta = await metadataFor(sameNonce, oldSet.slice(0, 2), 1);
    await expect(mailbox.process.staticCall(meta, sameNonce)).rejects.toThrow(/MailboxAlreadyDelivered/);
    // A word nobody wrote costs a fresh slot; a word prepaid by anyone first does not.
    const fresh = await deliver(envelope({ nonce: word(3) }));
    await (await mailbox.connect(stranger).prepayDeliveries(EAST, word(4, 9))).wait();
    const prepaid = await deliver(envelope({ nonce: word(4) }));
    expect(fresh - prepaid).toBeGreaterThan(15_000n);
    // A delivery halfway through its word (position 127) prepays the next word.
    await deliver(envelope({ nonce: word(5, 127) }));
    const next = await deliver(envelope({ nonce: word(6) }));
    expect(fresh - next).toBeGreaterThan(15_000n);
    expect(await mailbox.delivered(envelope({ nonce: word(6, 1) }))).toBe(false);
  });

  it("a recipient that calls the Mailbox back while it is delivering is stopped; the message stays deliverable", async () => {
    const message = envelope();
    const metadata = await metadataFor(message, [oldSet[0]!, oldSet[1]!], 1);
    await recipient.setReentering(true);
    await expect(mailbox.process(metadata, message)).rejects.toThrow(/MailboxReentrantCall/);
    expect(await mailbox.delivered(message)).toBe(false);
    await recipient.setReentering(false);
    await expect(mailbox.process(metadata, message)).resolves.toBeTruthy();
    expect(await mailbox.delivered(message)).toBe(true);
  });

  it("processBatch delivers the good messages of a batch and reports each failure and its gas", async () => {
    const good = envelope();
    const forged = envelope();
    const goodMeta = await metadataFor(good, oldSet.slice(0, 2), 1);
    const forgedMeta = await metadataFor(forged, [oldSet[0]!, outsiders[1]!], 1);
    const caps = [500_000n, 500_000n];
    const [ok, reasons, gasUsed] = await mailbox.processBatch.staticCall(
      [goodMeta, forgedMeta],
      [good, forged],
      caps,
    );
    expect(ok).toEqual([true, false]);
    expect(reasons[0]).toBe("0x");
    expect(ism.interface.parseError(reasons[1]!)?.name).toBe("MultisigIsmUnknownSigner");
    expect(gasUsed[0]).toBeGreaterThan(50_000n);
    // An explicit gas limit: a node's estimate finds the least gas that does not revert, which is the gas
    // of a batch that tries nothing (the Mailbox leaves messages without their whole cap for later).
    await mailbox.processBatch([goodMeta, forgedMeta], [good, forged], caps, { gasLimit: 2_000_000 });
    expect(await mailbox.failures(keccak256(forged))).toBe(1n);
    expect(await mailbox.delivered(good)).toBe(true);
    expect(await mailbox.delivered(forged)).toBe(false);
    await expect(mailbox.processBatch([goodMeta], [good, forged], caps)).rejects.toThrow(
      /MailboxBatchLengthMismatch/,
    );
  });

  it("guards governance setters and validates sets", async () => {
    const s = mailbox.connect(stranger);
    await expect(s.setIsm(ism.target)).rejects.toThrow(/OwnableUnauthorizedAccount/);
    await expect(s.setRateLimit(EAST, KIND.RECEIPT_VERIFIED, 1, 1)).rejects.toThrow(
      /OwnableUnauthorizedAccount/,
    );
    await expect(ism.connect(stranger).rotateValidators(EAST, [outsiders[0]!.address], 1)).rejects.toThrow(
      /OwnableUnauthorizedAccount/,
    );
    await expect(
      ism.rotateValidators(EAST, [outsiders[0]!.address, outsiders[0]!.address], 1),
    ).rejects.toThrow(/MultisigIsmInvalidSet/);
    await expect(ism.rotateValidators(EAST, [outsiders[0]!.address], 2)).rejects.toThrow(
      /MultisigIsmInvalidSet/,
    );
    await expect(mailbox.setRateLimit(EAST, KIND.RECEIPT_VERIFIED, 0, 1)).rejects.toThrow(
      /MailboxInvalidRateLimit/,
    );
  });

  it("limits settlement messages per lane with a token bucket and refills it over time", async () => {
    await mailbox.setRateLimit(EAST, KIND.RECEIPT_VERIFIED, 2, 360); // 2 burst, one per 10 s
    const send = async (payload: string, origin = EAST) => {
      const message = envelope({ body: payload, origin });
      const from = origin === EAST ? EAST_MAILBOX : WEST_MAILBOX;
      return mailbox.process(await metadataFor(message, oldSet.slice(0, 2), 1, origin, from), message);
    };
    await send(settlement(1));
    await send(settlement(2));
    const message = envelope({ body: settlement(3) });
    const metadata = await metadataFor(message, oldSet.slice(0, 2), 1);
    await expect(mailbox.process.staticCall(metadata, message)).rejects.toThrow(/MailboxRateLimited/);
    const [available, nextAt] = await mailbox.rateLimitAvailable(EAST, KIND.RECEIPT_VERIFIED);
    expect(available).toBe(0n);
    expect(Number(nextAt) - (await networkHelpers.time.latest())).toBeLessThanOrEqual(10);
    await send(tagged("other kinds pass")); // same lane, other kind
    await send(settlement(4), WEST); // other lane
    await networkHelpers.time.increaseTo(nextAt);
    await expect(mailbox.process(metadata, message)).resolves.toBeTruthy(); // delayed, then delivered
    await mailbox.removeRateLimit(EAST, KIND.RECEIPT_VERIFIED);
    await send(settlement(5));
  });

  it("accepts the previous set only during the grace period after a rotation", async () => {
    const inFlight = envelope();
    const oldMetadata = await metadataFor(inFlight, oldSet.slice(1), 1);
    await ism.rotateValidators(
      EAST,
      newSet.map((k) => k.address),
      2,
    );
    expect(await ism.currentVersion(EAST)).toBe(2n);
    await expect(mailbox.process.staticCall(oldMetadata, inFlight)).resolves.toBeDefined();
    await networkHelpers.time.increase(GRACE + 1);
    await expect(mailbox.process.staticCall(oldMetadata, inFlight)).rejects.toThrow(
      /MultisigIsmSetNotActive/,
    );
    // The new set signs the same in-flight message: nothing is stranded.
    await mailbox.process(await metadataFor(inFlight, newSet.slice(0, 2), 2), inFlight);
    expect(await mailbox.delivered(inFlight)).toBe(true);
  });

  it(`rejects ≥ 1,000 generated bad deliveries (0 accepted) and accepts the valid controls`, async () => {
    // State after the previous test: EAST is at version 2 (newSet), version 1 (oldSet) is past its grace.
    const replayed = envelope();
    const replayMeta = await metadataFor(replayed, newSet.slice(0, 2), 2);
    await mailbox.process(replayMeta, replayed);
    const strangerRecipient = addressToBytes32(await stranger.getAddress());
    const coder = AbiCoder.defaultAbiCoder();

    const attacks = [
      "forged",
      "belowThreshold",
      "duplicateSigner",
      "unknownSigner",
      "wrongDestination",
      "wrongRecipient",
      "replayed",
      "rotatedOut",
      "wrongOriginMailbox",
      "wrongOrigin",
      "truncated",
      "futureVersion",
      "tamperedBody",
      "eoaRecipient",
    ] as const;
    const counts: Record<string, number> = {};
    const acceptedBy: Record<string, number> = {};
    let controls = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...attacks),
        fc.uint8Array({ minLength: 0, maxLength: 64 }),
        fc.integer({ min: 0, max: 2 }),
        fc.boolean(),
        async (attack, bytes, pick, control) => {
          const payload = coder.encode(["bytes"], [bytes]);
          const good = [newSet[pick]!, newSet[(pick + 1) % 3]!];
          let message = envelope({ body: tagged(payload) });
          let metadata: string; // assigned in every case below
          switch (attack) {
            case "forged": {
              const fakeId = keccak256(coder.encode(["bytes", "uint8"], [message, pick]));
              const sigs = await Promise.all(
                good.map(async (s) => ({
                  validator: s.address,
                  signature: await s.signMessage(
                    getBytes(signingDigest(EAST, EAST_MAILBOX, destinationMailbox, fakeId)),
                  ),
                })),
              );
              metadata = encodeMetadata(2, sigs);
              break;
            }
            case "belowThreshold":
              metadata = await metadataFor(message, [good[0]!], 2);
              break;
            case "duplicateSigner":
              metadata = await metadataFor(message, [good[0]!, good[0]!], 2);
              break;
            case "unknownSigner":
              metadata = await metadataFor(message, [good[0]!, outsiders[pick % 2]!], 2);
              break;
            case "wrongDestination":
              message = envelope({ destination: [EAST, WEST, 1][pick]!, body: tagged(payload) });
              metadata = await metadataFor(message, good, 2);
              break;
            case "wrongRecipient": {
              const signedFor = message;
              metadata = await metadataFor(signedFor, good, 2);
              message = envelope({ recipient: strangerRecipient, body: tagged(payload) });
              break;
            }
            case "replayed":
              message = replayed;
              metadata = pick === 0 ? replayMeta : await metadataFor(replayed, good, 2);
              break;
            case "rotatedOut":
              metadata = await metadataFor(
                message,
                oldSet.slice(pick === 2 ? 1 : 0, pick === 2 ? 3 : 2),
                pick === 1 ? 2 : 1,
              );
              break;
            case "wrongOriginMailbox":
              metadata = await metadataFor(message, good, 2, EAST, zeroPadValue(outsiders[0]!.address, 20));
              break;
            case "wrongOrigin":
              // Signed as if dispatched on WEST (by WEST's mailbox) while the envelope says EAST.
              metadata = await metadataFor(message, good, 2, WEST, WEST_MAILBOX);
              break;
            case "truncated": {
              const full = await metadataFor(message, good, 2);
              metadata = full.slice(0, 2 + 2 * Math.min(bytes.length + pick * 40, 36 + 129));
              break;
            }
            case "futureVersion":
              metadata = await metadataFor(message, good, 3 + pick);
              break;
            case "tamperedBody": {
              metadata = await metadataFor(message, good, 2);
              message = message.slice(0, -2) + (message.endsWith("00") ? "01" : "00");
              break;
            }
            case "eoaRecipient":
              message = envelope({ recipient: strangerRecipient, body: tagged(payload) });
              metadata = await metadataFor(message, good, 2);
              break;
          }
          counts[attack] = (counts[attack] ?? 0) + 1;
          const ok = await mailbox.process.staticCall(metadata, message).then(
            () => true,
            () => false,
          );
          if (ok) acceptedBy[attack] = (acceptedBy[attack] ?? 0) + 1;
          if (control) {
            // Same shape, honestly signed by the current set: must be accepted, so rejections are meaningful.
            const honest = envelope({ body: tagged(payload) });
            await mailbox.process.staticCall(await metadataFor(honest, good, 2), honest);
            controls++;
          }
        },
      ),
      { numRuns: 1_050 },
    );
    expect(acceptedBy).toEqual({});
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1_000);
    expect(Object.keys(counts).sort()).toEqual([...attacks].sort());
    expect(controls).toBeGreaterThan(300);
  });
});
