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

export function decodeEnvelope(message: string): Envelope {
  const [version, nonce, origin, sender, destination, recipient, body] = coder.decode(
    ENVELOPE_TYPES,
    message,
  );
  return {
    version: Number(version),
    nonce: Number(nonce),
    origin: Number(origin),
    sender: String(sender),
    destination: Number(destination),
    recipient: String(recipient),
    body: String(body),
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

/** One validator's attestation of one message. */
export interface Attestation {
  validator: string;
  signature: string;
}

/**
 * `MultisigIsm` metadata: set version ‖ signatures ordered by increasing signer address.
 * The caller chooses which attestations (exactly the threshold is enough).
 */
export function encodeMetadata(setVersion: number, attestations: Attestation[]): string {
  const sorted = [...attestations].sort((a, b) => (BigInt(a.validator) < BigInt(b.validator) ? -1 : 1));
  return concat([toBeHex(setVersion, 4), ...sorted.map((a) => a.signature)]);
}
