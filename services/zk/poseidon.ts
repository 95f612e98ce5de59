// Poseidon helpers that mirror the circuits' hashing exactly (circomlib Poseidon over BN254).
import { createHash } from "node:crypto";
import * as lite from "poseidon-lite";

/** The BN254 scalar field order: every circuit value lives in [0, FIELD). */
export const FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

const BY_ARITY = [
  lite.poseidon1,
  lite.poseidon2,
  lite.poseidon3,
  lite.poseidon4,
  lite.poseidon5,
  lite.poseidon6,
  lite.poseidon7,
  lite.poseidon8,
  lite.poseidon9,
  lite.poseidon10,
  lite.poseidon11,
  lite.poseidon12,
  lite.poseidon13,
  lite.poseidon14,
  lite.poseidon15,
  lite.poseidon16,
];

/** A signed integer as the field element the circuits use (negative v becomes FIELD - |v|). */
export function toField(v: bigint | number): bigint {
  const b = BigInt(v) % FIELD;
  return b < 0n ? b + FIELD : b;
}

/** circomlib Poseidon(n) for 1 <= n <= 16 inputs. */
export function poseidon(inputs: readonly (bigint | number)[]): bigint {
  const hash = BY_ARITY[inputs.length - 1];
  if (hash === undefined) throw new RangeError(`poseidon takes 1..16 inputs, got ${inputs.length}`);
  return hash(inputs.map(toField));
}

/** Absorbed elements per Poseidon(16) call in `poseidonSponge` (circuits/lib/sponge.circom). */
export const SPONGE_RATE = 15;

/** state = domain; per chunk of 15 (zero-padded): state = Poseidon(state, chunk). */
export function poseidonSponge(elements: readonly bigint[], domain: bigint): bigint {
  let state = domain;
  for (let i = 0; i < elements.length; i += SPONGE_RATE) {
    const chunk = elements.slice(i, i + SPONGE_RATE);
    while (chunk.length < SPONGE_RATE) chunk.push(0n);
    state = poseidon([state, ...chunk]);
  }
  return state;
}

/** Bytes packed 31 per field element, little-endian (circuits/lib/sponge.circom PackBytes). */
export function packBytes(bytes: Uint8Array): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < bytes.length; i += 31) {
    let acc = 0n;
    const end = Math.min(i + 31, bytes.length);
    for (let k = end - 1; k >= i; k--) acc = (acc << 8n) | BigInt(bytes[k] ?? 0);
    out.push(acc);
  }
  return out;
}

/** A uint256 list hashed the way the contracts do: uint256(sha256(abi.encodePacked(list))) % FIELD. */
export function sha256ToField(words: readonly bigint[]): bigint {
  const buf = Buffer.alloc(32 * words.length);
  words.forEach((w, i) => buf.write(w.toString(16).padStart(64, "0"), 32 * i, "hex"));
  return BigInt("0x" + createHash("sha256").update(buf).digest("hex")) % FIELD;
}
