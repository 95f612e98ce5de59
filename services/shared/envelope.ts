import {
  AbiCoder,
  concat,
  getBytes,
  hashMessage,
  keccak256,
  recoverAddress,
  solidityPackedKeccak256,
  toBeHex,
  zeroPadValue,
} from "ethers";

/** The bridge envelope (see `IMailbox`): `messageId = keccak256(abi.encode(...fields))`. */
export interface Envelope {
  version: number;
  nonce: number;
  origin: number;
  sender: string;
  destination: number;
  recipient: string;
  body: string;
}

const ENVELOPE_TYPES = ["uint8", "uint32", "uint32", "bytes32", "uint32", "bytes32", "bytes"];
const coder = AbiCoder.defaultAbiCoder();

export function encodeEnvelope(e: Envelope): string {
  return coder.encode(ENVELOPE_TYPES, [
    e.version,
    e.nonce,
    e.origin,
    e.sender,
    e.destination,
    e.recipient,
    e.body,
  ]);
}

/**
 * Decodes an envelope. The layout is fixed (six head words, then the body's offset word, length and bytes),
 * so it is read by slicing rather than through the generic ABI coder: relayer and validators decode every
 * message they see, and the generic coder builds its type tree on every call.
 */
export function decodeEnvelope(message: string): Envelope {
  const hex = message.startsWith("0x") ? message.slice(2) : message;
  const word = (i: number) => hex.slice(i * 64, (i + 1) * 64);
  const small = (i: number, bits: number): number => {
    const value = BigInt(`0x${word(i)}`);
    if (value >> BigInt(bits) !== 0n) throw new Error(`envelope: field ${i} exceeds ${bits} bits`);
    return Number(value);
  };
  if (hex.length < 8 * 64 || BigInt(`0x${word(6)}`) !== 0xe0n)
    throw new Error("envelope: not an ABI-encoded envelope");
  const length = Number(BigInt(`0x${word(7)}`));
  if (hex.length < 8 * 64 + length * 2) throw new Error("envelope: body runs past the end");
  return {
    version: small(0, 8),
    nonce: small(1, 32),
    origin: small(2, 32),
    sender: `0x${word(3)}`.toLowerCase(),
    destination: small(4, 32),
    recipient: `0x${word(5)}`.toLowerCase(),
    body: `0x${hex.slice(8 * 64, 8 * 64 + length * 2)}`.toLowerCase(),
  };
}

export function messageIdOf(message: string): string {
  return keccak256(message);
}

/** The MessageLib kind of a body (`version ‖ kind ‖ payload`), or undefined for a body without a header. */
export function bodyKind(body: string): number | undefined {
  const bytes = getBytes(body);
  return bytes.length >= 2 ? bytes[1] : undefined;
}

/**
 * What a validator signs with EIP-191 (mirrors `MultisigIsm.digest`): the message id bound to its origin
 * domain and Mailbox and to the destination Mailbox that may deliver it.
 */
export function signingDigest(
  origin: number,
  originMailbox: string,
  destinationMailbox: string,
  messageId: string,
): string {
  return solidityPackedKeccak256(
    ["string", "uint32", "bytes32", "address", "bytes32"],
    ["SUANLI_BRIDGE_V2", origin, zeroPadValue(originMailbox, 32), destinationMailbox, messageId],
  );
}

/** The address whose key made `signature` (EIP-191) over `digest`; undefined for a malformed signature. */
export function recoverAttester(digest: string, signature: string): string | undefined {
  try {
    return recoverAddress(hashMessage(getBytes(digest)), signature);
  } catch {
    return undefined; // not a recoverable signature: it counts for no one
  }
}

/** What a validator signs for a checkpoint (mirrors `MultisigIsm.checkpointDigest`). */
export function checkpointDigest(
  origin: number,
  originMailbox: string,
  destinationMailbox: string,
  root: string,
): string {
  return solidityPackedKeccak256(
    ["string", "uint32", "bytes32", "address", "bytes32"],
    ["SUANLI_CHECKPOINT_V1", origin, zeroPadValue(originMailbox, 32), destinationMailbox, root],
  );
}

/** A message's leaf in a checkpoint tree: hashed twice, so no inner node can pass for a leaf. */
export function checkpointLeaf(messageId: string): string {
  return keccak256(keccak256(messageId));
}

/** Sorted-pair keccak (OpenZeppelin `Hashes.commutativeKeccak256`). */
function hashPair(a: string, b: string): string {
  return BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a]));
}

/**
 * The checkpoint tree of one origin block's messages to one destination (ids in dispatch order): its root
 * and each message's proof. Pairs are hashed sorted; an odd node at the end of a level moves up unchanged.
 */
export function checkpointTree(messageIds: string[]): { root: string; proofs: string[][] } {
  if (messageIds.length === 0) throw new Error("checkpointTree: no messages");
  const proofs: string[][] = messageIds.map(() => []);
  let level = messageIds.map(checkpointLeaf);
  // members[i]: the leaf indexes under node i of the current level.
  let members = messageIds.map((_, i) => [i]);
  while (level.length > 1) {
    const next: string[] = [];
    const nextMembers: number[][] = [];
    for (let i = 0; i < level.length; i += 2) {
      if (i + 1 === level.length) {
        next.push(level[i]!);
        nextMembers.push(members[i]!);
        continue;
      }
      for (const leaf of members[i]!) proofs[leaf]!.push(level[i + 1]!);
      for (const leaf of members[i + 1]!) proofs[leaf]!.push(level[i]!);
      next.push(hashPair(level[i]!, level[i + 1]!));
      nextMembers.push([...members[i]!, ...members[i + 1]!]);
    }
    level = next;
    members = nextMembers;
  }
  return { root: level[0]!, proofs };
}

/** The root a proof leads to from a message's leaf (as `MultisigIsm` computes it). */
export function checkpointRoot(messageId: string, proof: string[]): string {
  return proof.reduce((node, sibling) => hashPair(node, sibling), checkpointLeaf(messageId));
}

/**
 * One validator's attestation of one message: a signature over the message's own digest, or — with `proof` —
 * over the checkpoint root that the proof leads to from the message (the root is always recomputed, never
 * taken from the validator).
 */
export interface Attestation {
  validator: string;
  signature: string;
  proof?: string[];
}

/** The digest an attestation's signature must be over, and the checkpoint root for checkpoint attestations. */
export function attestedDigest(
  origin: number,
  originMailbox: string,
  destinationMailbox: string,
  messageId: string,
  attestation: Attestation,
): { digest: string; root?: string } {
  if (!attestation.proof)
    return { digest: signingDigest(origin, originMailbox, destinationMailbox, messageId) };
  const root = checkpointRoot(messageId, attestation.proof);
  return { digest: checkpointDigest(origin, originMailbox, destinationMailbox, root), root };
}

/**
 * `MultisigIsm` metadata: set version ‖ signatures ordered by increasing signer address.
 * The caller chooses which attestations (exactly the threshold is enough).
 */
export function encodeMetadata(setVersion: number, attestations: Attestation[]): string {
  return concat([toBeHex(setVersion, 4), ...bySigner(attestations).map((a) => a.signature)]);
}

const CHECKPOINT_FLAG = 2 ** 31;

/**
 * `MultisigIsm` checkpoint metadata: (flag | set version) ‖ root ‖ proof length ‖ proof ‖ signatures over the
 * root, ordered by increasing signer address.
 */
export function encodeCheckpointMetadata(
  setVersion: number,
  root: string,
  proof: string[],
  attestations: Attestation[],
): string {
  return concat([
    toBeHex(CHECKPOINT_FLAG + setVersion, 4),
    root,
    toBeHex(proof.length, 1),
    ...proof,
    ...bySigner(attestations).map((a) => a.signature),
  ]);
}

function bySigner(attestations: Attestation[]): Attestation[] {
  return [...attestations].sort((a, b) => (BigInt(a.validator) < BigInt(b.validator) ? -1 : 1));
}
