pragma circom 2.2.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";

// Binary Poseidon Merkle tree of the given depth. The leaf sits at `index`
// (range-checked to `depth` bits); bit k of index says whether the node at level k
// is a right child. Mirrors ModelRegistry.sol and services/zk/merkle.ts.
template MerkleRoot(depth) {
    signal input leaf;
    signal input index;
    signal input siblings[depth];
    signal output root;

    signal bits[depth] <== Num2Bits(depth)(index);
    signal node[depth + 1];
    signal left[depth];
    signal right[depth];
    node[0] <== leaf;
    for (var k = 0; k < depth; k++) {
        // left = bit ? sibling : node ; right = bit ? node : sibling
        left[k] <== node[k] + bits[k] * (siblings[k] - node[k]);
        right[k] <== node[k] + siblings[k] - left[k];
        node[k + 1] <== Poseidon(2)([left[k], right[k]]);
    }
    root <== node[depth];
}
