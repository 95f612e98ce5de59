import { Wallet, getBytes, keccak256, type Signer } from "ethers";
import { network } from "hardhat";
import { beforeAll, describe, expect, it } from "vitest";
import {
  Mailbox__factory,
  type Mailbox,
  type MultisigIsm,
  type TestRecipient,
} from "../../types/contracts/index.js";
import { addressToBytes32 } from "../../services/shared/chain.js";
import {
  checkpointDigest,
  checkpointRoot,
  checkpointTree,
  encodeCheckpointMetadata,
  encodeEnvelope,
} from "../../services/shared/envelope.js";
import { buildMetadata } from "../../services/relayer/core/policy.js";
import { recoverAttester } from "../../services/shared/envelope.js";
import { expectRevert } from "../helpers/chain.js";
import { tagged, validatorKeys } from "./harness.js";
import { EAST, EAST_MAILBOX, GRACE, HUB, WEST, deployHubWithIsm } from "./ism-fixture.js";

const { ethers, networkHelpers } = await network.create("hub");

describe("checkpoint tree (TypeScript)", () => {
  it("gives every leaf a proof to the root, for every size from 1 to 17", () => {
    for (let n = 1; n <= 17; n++) {
      const ids = Array.from({ length: n }, (_, i) => keccak256(tagged(`tree-${n}-${i}`)));
      const { root, proofs } = checkpointTree(ids);
      ids.forEach((id, i) => expect(checkpointRoot(id, proofs[i]!)).toBe(root));
      expect(proofs.every((p) => p.length <= Math.ceil(Math.log2(n)))).toBe(true);
      // A proof belongs to its own leaf only.
      if (n > 1) expect(checkpointRoot(ids[0]!, proofs[1]!)).not.toBe(root);
    }
    expect(() => checkpointTree([])).toThrow(/no messages/);
  });
});

describe("MultisigIsm checkpoints (one signature set per origin block and destination)", () => {
  let owner: Signer;
  let mailbox: Mailbox;
  let twin: Mailbox;
  let ism: MultisigIsm;
  let recipient: TestRecipient;
  const set1 = validatorKeys(3);
  const set2 = validatorKeys(3);
  const stranger = Wallet.createRandom();
  let nonce = 0;

  const message = (origin = EAST) =>
    encodeEnvelope({
      version: 1,
      nonce: nonce++,
      origin,
      sender: addressToBytes32(stranger.address),
      destination: HUB,
      recipient: addressToBytes32(recipient.target as string),
      body: tagged(`checkpoint-${nonce}`),
    });

  /** A block's messages, its tree and `signers`' checkpoint signatures for `destination`. */
  const checkpoint = async (
    messages: string[],
    signers: Wallet[],
    destination = mailbox.target as string,
    origin = EAST,
  ) => {
    const tree = checkpointTree(messages.map((m) => keccak256(m)));
    const digest = getBytes(checkpointDigest(origin, EAST_MAILBOX, destination, tree.root));
    const attestations = await Promise.all(
      signers.map(async (s) => ({ validator: s.address, signature: await s.signMessage(digest) })),
    );
    return { ...tree, attestations };
  };

  beforeAll(async () => {
    [owner] = (await ethers.getSigners()) as unknown as [Signer];
    // West's origin mailbox is east's on purpose: only the domain tells their checkpoints apart.
    ({ ism, mailbox, recipient } = await deployHubWithIsm(
      owner,
      set1.map((k) => k.address),
      { east: EAST_MAILBOX, west: EAST_MAILBOX },
    ));
    twin = await new Mailbox__factory(owner).deploy(HUB, ism.target, await owner.getAddress());
  });

  it("delivers every message of a block with one signature set, through the relayer's metadata builder", async () => {
    const messages = Array.from({ length: 7 }, () => message());
    const cp = await checkpoint(messages, set1);
    const sets = [{ version: 1, validators: set1.map((k) => k.address), threshold: 2 }];
    for (const [i, m] of messages.entries()) {
      const id = keccak256(m);
      // Three validators offer the same checkpoint; the builder recomputes the root from each proof.
      const offered = cp.attestations.map((a) => ({ ...a, proof: cp.proofs[i]! }));
      const metadata = buildMetadata(
        offered,
        sets,
        {
          origin: EAST,
          originMailbox: EAST_MAILBOX,
          destinationMailbox: mailbox.target as string,
          messageId: id,
        },
        recoverAttester,
      );
      expect(metadata).toBeDefined();
      await (await mailbox.process(metadata!, m)).wait();
      expect(await mailbox.delivered(m)).toBe(true);
    }
    // A block with a single message: empty proof, the root is the leaf.
    const single = message();
    const one = await checkpoint([single], set1);
    expect(one.proofs[0]).toEqual([]);
    // A liar's per-message signature offered first must not capture the checkpoint's empty proof.
    const liar = {
      validator: set1[0]!.address,
      signature: await stranger.signMessage(getBytes(keccak256(single))),
    };
    const singleMetadata = buildMetadata(
      [liar, ...one.attestations.slice(1).map((a) => ({ ...a, proof: [] }))],
      sets,
      {
        origin: EAST,
        originMailbox: EAST_MAILBOX,
        destinationMailbox: mailbox.target as string,
        messageId: keccak256(single),
      },
      recoverAttester,
    );
    expect(singleMetadata).toBe(encodeCheckpointMetadata(1, one.root, [], one.attestations.slice(1)));
    await (await mailbox.process(singleMetadata!, single)).wait();
    expect(await mailbox.delivered(single)).toBe(true);
  });

  it("rejects a forged message under an honest root, and a forged root the validators never signed", async () => {
    const honest = [message(), message(), message()];
    const cp = await checkpoint(honest, set1);
    const forged = message();
    // The forged message with an honest message's proof: the proof does not lead to the signed root.
    await expectRevert(
      () => mailbox.process(encodeCheckpointMetadata(1, cp.root, cp.proofs[0]!, cp.attestations), forged),
      ism.interface,
      "MultisigIsmInvalidProof",
    );
    // A root over the forged message with the honest signatures: they recover to strangers.
    const fake = checkpointTree([keccak256(forged), ...honest.map((m) => keccak256(m))]);
    await expectRevert(
      () => mailbox.process(encodeCheckpointMetadata(1, fake.root, fake.proofs[0]!, cp.attestations), forged),
      ism.interface,
      "MultisigIsmUnknownSigner",
    );
    // Signed by keys outside the set.
    const outsiders = await checkpoint([forged], validatorKeys(2));
    await expectRevert(
      () => mailbox.process(encodeCheckpointMetadata(1, outsiders.root, [], outsiders.attestations), forged),
      ism.interface,
      "MultisigIsmUnknownSigner",
    );
    // The relayer's builder finds no quorum either.
    const sets = [{ version: 1, validators: set1.map((k) => k.address), threshold: 2 }];
    const route = {
      origin: EAST,
      originMailbox: EAST_MAILBOX,
      destinationMailbox: mailbox.target as string,
      messageId: keccak256(forged),
    };
    const offered = cp.attestations.map((a) => ({ ...a, proof: cp.proofs[0]! }));
    expect(buildMetadata(offered, sets, route, recoverAttester)).toBeUndefined();
  });

  it("rejects a wrong proof: a tampered sibling, another leaf's proof, a cut proof, an oversized one", async () => {
    const messages = [message(), message(), message(), message(), message()];
    const cp = await checkpoint(messages, set1);
    const target = messages[2]!;
    const proof = cp.proofs[2]!;
    const tampered = [...proof];
    tampered[0] = keccak256(tampered[0]!);
    for (const bad of [tampered, cp.proofs[3]!, proof.slice(0, -1)]) {
      await expectRevert(
        () => mailbox.process(encodeCheckpointMetadata(1, cp.root, bad, cp.attestations), target),
        ism.interface,
        "MultisigIsmInvalidProof",
      );
    }
    const tooLong = Array.from({ length: 33 }, (_, i) => keccak256(tagged(i)));
    await expectRevert(
      () => mailbox.process(encodeCheckpointMetadata(1, cp.root, tooLong, cp.attestations), target),
      ism.interface,
      "MultisigIsmMetadataMalformed",
    );
    // Fewer signatures than the threshold.
    await expectRevert(
      () => mailbox.process(encodeCheckpointMetadata(1, cp.root, proof, cp.attestations.slice(0, 1)), target),
      ism.interface,
      "MultisigIsmMetadataMalformed",
    );
    await (
      await mailbox.process(encodeCheckpointMetadata(1, cp.root, proof, cp.attestations), target)
    ).wait();
  });

  it("refuses replays: a delivered message, a checkpoint signed for another Mailbox or another origin", async () => {
    const messages = [message(), message()];
    const cp = await checkpoint(messages, set1);
    const metadata = encodeCheckpointMetadata(1, cp.root, cp.proofs[0]!, cp.attestations);
    await (await mailbox.process(metadata, messages[0]!)).wait();
    await expectRevert(
      () => mailbox.process(metadata, messages[0]!),
      mailbox.interface,
      "MailboxAlreadyDelivered",
    );
    // The same checkpoint presented to a twin Mailbox (same domain, same ISM and validators).
    await expectRevert(
      () => twin.process(encodeCheckpointMetadata(1, cp.root, cp.proofs[1]!, cp.attestations), messages[1]!),
      ism.interface,
      "MultisigIsmUnknownSigner",
    );
    // A checkpoint signed for EAST replayed for the same ids claimed from WEST.
    const fromWest = message(WEST);
    const eastSigned = await checkpoint([fromWest], set1, mailbox.target as string, EAST);
    await expectRevert(
      () =>
        mailbox.process(encodeCheckpointMetadata(1, eastSigned.root, [], eastSigned.attestations), fromWest),
      ism.interface,
      "MultisigIsmUnknownSigner",
    );
  });

  it("refuses a stale checkpoint: a set past its grace period, a revoked set", async () => {
    const messages = [message(), message(), message()];
    const old = await checkpoint(messages, set1);
    await (
      await ism.rotateValidators(
        EAST,
        set2.map((k) => k.address),
        2,
      )
    ).wait();
    // Within grace the old set's checkpoint still delivers.
    await (
      await mailbox.process(
        encodeCheckpointMetadata(1, old.root, old.proofs[0]!, old.attestations),
        messages[0]!,
      )
    ).wait();
    await networkHelpers.time.increase(GRACE + 1);
    await expectRevert(
      () =>
        mailbox.process(
          encodeCheckpointMetadata(1, old.root, old.proofs[1]!, old.attestations),
          messages[1]!,
        ),
      ism.interface,
      "MultisigIsmSetNotActive",
    );
    // The new set's checkpoint over the same block delivers; once that set is revoked it does not.
    const fresh = await checkpoint(messages, set2);
    await (
      await mailbox.process(
        encodeCheckpointMetadata(2, fresh.root, fresh.proofs[1]!, fresh.attestations),
        messages[1]!,
      )
    ).wait();
    await (await ism.revokeSet(EAST, 2)).wait();
    await expectRevert(
      () =>
        mailbox.process(
          encodeCheckpointMetadata(2, fresh.root, fresh.proofs[2]!, fresh.attestations),
          messages[2]!,
        ),
      ism.interface,
      "MultisigIsmSetNotActive",
    );
    expect(await mailbox.delivered(messages[2]!)).toBe(false);
  });
});
