pragma circom 2.2.0;

// AigcProvenance — provenance of one AI-generated 32x32 RGB image (3,072 bytes, row-major RGB) that is the
// output of a settled market job.
//
// Proves:
//   contentCommitment = PoseidonSponge(domain 3072)(bytes packed 31 per field element, little-endian)
//   Poseidon(modelId, weightsCommitment) is the leaf at index modelId - 1 of the depth-8 Poseidon
//     Merkle tree with root modelRoot (the ModelRegistry's approved-model tree); 1 <= modelId <= 256
//   promptCommitment  = Poseidon(promptHash, paramsHash, promptSalt)   (prompt and parameters private)
//   jobInputCommitment = Poseidon(modelId, promptCommitment)  (output: the input commitment an AIGC job's
//     spec carries, so the job named model modelId and this prompt)
//   creatorCommitment = Poseidon(creatorSecret)
//   parentsHash and binding are bound (not opened); binding carries the registrant, chain id and registry
//     (as Semaphore binds its message), so a copied proof is useless to anyone else.
//
// Public signals: [0] jobInputCommitment  [1] contentCommitment  [2] modelId  [3] modelRoot
//                 [4] creatorCommitment  [5] promptCommitment  [6] parentsHash  [7] binding
//
// The caller must still check: modelRoot is the registry's current root; jobInputCommitment is the input
// commitment of a settled job whose verified output commitment is contentCommitment; parentsHash is the
// hash of the record's parent ids and those records exist; binding is
// keccak256(chainid, registry, registrant) >> 8; the image it holds hashes to contentCommitment.

include "circomlib/circuits/poseidon.circom";
include "../lib/sponge.circom";
include "../lib/merkle.circom";

template AigcProvenance(nBytes, depth) {
    signal input contentCommitment;
    signal input modelId;
    signal input modelRoot;
    signal input creatorCommitment;
    signal input promptCommitment;
    signal input parentsHash;
    signal input binding;

    signal input content[nBytes];
    signal input weightsCommitment;
    signal input siblings[depth];
    signal input creatorSecret;
    signal input promptHash;
    signal input paramsHash;
    signal input promptSalt;

    signal output jobInputCommitment;

    signal packed[(nBytes + 30) \ 31] <== PackBytes(nBytes)(content);
    signal content_ <== PoseidonSponge((nBytes + 30) \ 31, nBytes)(packed);
    content_ === contentCommitment;

    signal leaf <== Poseidon(2)([modelId, weightsCommitment]);
    signal root <== MerkleRoot(depth)(leaf, modelId - 1, siblings);
    root === modelRoot;

    signal prompt <== Poseidon(3)([promptHash, paramsHash, promptSalt]);
    prompt === promptCommitment;
    jobInputCommitment <== Poseidon(2)([modelId, promptCommitment]);

    signal creator <== Poseidon(1)([creatorSecret]);
    creator === creatorCommitment;

    signal parentsSquare <== parentsHash * parentsHash;
    signal bindingSquare <== binding * binding;
}

component main {public [contentCommitment, modelId, modelRoot, creatorCommitment, promptCommitment, parentsHash, binding]} = AigcProvenance(3072, 8);
