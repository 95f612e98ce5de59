/**
 * Content addressing of job inputs and outputs. A blob's commitment is the Poseidon sponge of its bytes packed
 * 31 per field element with its length as domain: for a 32×32 RGB image (3,072 bytes) this is exactly
 * `contentCommitment` of services/zk/inputs.ts, the value AigcProvenance proves; other lengths use the same
 * construction. Commitments travel as decimal strings (the receipt's `outputCommitment`).
 */
import { packBytes, poseidonSponge } from "../../zk/poseidon.js";

export function blobCommitment(bytes: Uint8Array): bigint {
  return poseidonSponge(packBytes(bytes), BigInt(bytes.length));
}

/** A decimal commitment as it appears in URLs (`/v1/outputs/:commitment`); undefined when malformed. */
export function parseCommitment(text: string): bigint | undefined {
  return /^[0-9]{1,78}$/.test(text) ? BigInt(text) : undefined;
}
