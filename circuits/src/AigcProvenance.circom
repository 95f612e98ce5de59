pragma circom 2.2.0;

// AigcProvenance — provenance of one AI-generated 32x32 RGB image (3,072 bytes, row-major RGB).
//
// Proves:
//   contentCommitment = PoseidonSponge(domain 3072)(bytes packed 31 per field element, little-endian)
//   Poseidon(modelId, weightsCommitment) is the leaf at index modelId - 1 of the depth-8 Poseidon
//     Merkle tree with root modelRoot (the ModelRegistry's approved-model tree); 1 <= modelId <= 256
//   promptCommitment  = Poseidon(promptHash, paramsHash, promptSalt)   (prompt and parameters private)
//   creatorCommitment = Poseidon(creatorSecret)
//   linkedOutputCommitment is 0 (no linked job) or equals contentCommitment
//   parentsHash is bound (not opened).
//
// Public signals: [0] contentCommitment  [1] modelId  [2] modelRoot  [3] creatorCommitment
//                 [4] promptCommitment  [5] linkedOutputCommitment  [6] parentsHash
//
// The caller must still check: modelRoot is the registry's current root; linkedOutputCommitment
// is the output commitment of the verified receipt of the linked job (0 if none); parentsHash is
// the hash of the record's parent ids and those records exist; the image it holds hashes to
// contentCommitment.

include "circomlib/circuits/poseidon.circom";
include "../lib/sponge.circom";
include "../lib/merkle.circom";

template AigcProvenance(nBytes, depth) {
    signal input contentCommitment;
    signal input modelId;
    signal input modelRoot;
    signal input creatorCommitment;
    signal input promptCommitment;
    signal input linkedOutputCommitment;
    signal input parentsHash;

    signal input content[nBytes];
    signal input weightsCommitment;
    signal input siblings[depth];
    signal input creatorSecret;
    signal input promptHash;
    signal input paramsHash;
    signal input promptSalt;

    signal packed[(nBytes + 30) \ 31] <== PackBytes(nBytes)(content);
    signal content_ <== PoseidonSponge((nBytes + 30) \ 31, nBytes)(packed);
    content_ === contentCommitment;

    signal leaf <== Poseidon(2)([modelId, weightsCommitment]);
    signal root <== MerkleRoot(depth)(leaf, modelId - 1, siblings);
    root === modelRoot;

    signal prompt <== Poseidon(3)([promptHash, paramsHash, promptSalt]);
    prompt === promptCommitment;

    signal creator <== Poseidon(1)([creatorSecret]);
    creator === creatorCommitment;

    linkedOutputCommitment * (linkedOutputCommitment - contentCommitment) === 0;
    signal parentsSquare <== parentsHash * parentsHash;
}

component main {public [contentCommitment, modelId, modelRoot, creatorCommitment, promptCommitment, linkedOutputCommitment, parentsHash]} = AigcProvenance(3072, 8);
