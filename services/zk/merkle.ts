// The approved-model Merkle tree: binary, Poseidon(2), fixed depth, empty leaves are 0.
// Mirrors contracts/hub/ModelRegistry.sol and circuits/lib/merkle.circom.
import { poseidon } from "./poseidon.js";

export const MODEL_TREE_DEPTH = 8;

/** Leaf of model `modelId` (1-based; stored at index modelId - 1). */
export function modelLeaf(modelId: bigint, weightsCommitment: bigint): bigint {
  return poseidon([modelId, weightsCommitment]);
}

function levels(leaves: ReadonlyMap<number, bigint>, depth: number): Map<number, bigint>[] {
  const zero: bigint[] = [0n];
  for (let k = 0; k < depth; k++) zero.push(poseidon([zero[k]!, zero[k]!]));
  const out: Map<number, bigint>[] = [new Map(leaves)];
  for (let k = 0; k < depth; k++) {
    const next = new Map<number, bigint>();
    for (const i of out[k]!.keys()) {
      const p = i >> 1;
      if (next.has(p)) continue;
      const l = out[k]!.get(2 * p) ?? zero[k]!;
      const r = out[k]!.get(2 * p + 1) ?? zero[k]!;
      next.set(p, poseidon([l, r]));
    }
    out.push(next);
  }
  // Missing nodes of a level read as that level's empty-subtree hash.
  out.forEach((m, k) => m.set(-1, zero[k]!));
  return out;
}

export interface MerkleTree {
  root: bigint;
  /** Siblings from the leaf level up, for the leaf at `index`. */
  siblings(index: number): bigint[];
}

/** A sparse tree over leaves given by index (absent leaves are 0). */
export function merkleTree(leaves: ReadonlyMap<number, bigint>, depth = MODEL_TREE_DEPTH): MerkleTree {
  for (const i of leaves.keys()) {
    if (!Number.isInteger(i) || i < 0 || i >= 2 ** depth)
      throw new RangeError(`leaf index ${i} out of range`);
  }
  const lv = levels(leaves, depth);
  const at = (k: number, i: number) => lv[k]!.get(i) ?? lv[k]!.get(-1)!;
  return {
    root: at(depth, 0),
    siblings(index) {
      const out: bigint[] = [];
      for (let k = 0, i = index; k < depth; k++, i >>= 1) out.push(at(k, i ^ 1));
      return out;
    },
  };
}
