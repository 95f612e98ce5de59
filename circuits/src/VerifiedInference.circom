pragma circom 2.2.0;

// VerifiedInference — y = f(x) for a quantized 16 -> 16 -> 8 network with ReLU:
//   h[j] = max(0, floor((b1[j] + sum_i W1[j][i] * x[i]) / 2^7))      (j < 16)
//   y[k] = b2[k] + sum_j W2[k][j] * h[j]                              (k < 8)
// x, W1, W2 are signed 8-bit, b1, b2 signed 16-bit (all range-checked; negative values are
// field elements p - |v|). The private weights must open the public modelCommitment:
//   modelCommitment = PoseidonSponge(domain 408)(W1 row-major, b1, W2 row-major, b2)
//   inputCommitment = Poseidon(x[0..15]),  outputCommitment = Poseidon(y[0..7])
//
// Public signals: [0] outputCommitment  [1] modelCommitment  [2] inputCommitment
//
// The caller must still check: modelCommitment is the registered (approved) model; the opened
// x and y it holds off-chain hash to inputCommitment and outputCommitment.

include "circomlib/circuits/poseidon.circom";
include "../lib/quantized.circom";
include "../lib/sponge.circom";

template VerifiedInference(nIn, nHidden, nOut, shift) {
    signal input modelCommitment;
    signal input inputCommitment;

    signal input x[nIn];
    signal input w1[nHidden][nIn];
    signal input b1[nHidden];
    signal input w2[nOut][nHidden];
    signal input b2[nOut];

    signal output outputCommitment;

    var NPARAMS = nHidden * nIn + nHidden + nOut * nHidden + nOut;
    signal params[NPARAMS];
    var p = 0;
    for (var j = 0; j < nHidden; j++) {
        for (var i = 0; i < nIn; i++) { SignedRange(8)(w1[j][i]); params[p] <== w1[j][i]; p++; }
    }
    for (var j = 0; j < nHidden; j++) { SignedRange(16)(b1[j]); params[p] <== b1[j]; p++; }
    for (var k = 0; k < nOut; k++) {
        for (var j = 0; j < nHidden; j++) { SignedRange(8)(w2[k][j]); params[p] <== w2[k][j]; p++; }
    }
    for (var k = 0; k < nOut; k++) { SignedRange(16)(b2[k]); params[p] <== b2[k]; p++; }
    signal model <== PoseidonSponge(NPARAMS, NPARAMS)(params);
    model === modelCommitment;

    for (var i = 0; i < nIn; i++) { SignedRange(8)(x[i]); }
    signal xHash <== Poseidon(nIn)(x);
    xHash === inputCommitment;

    // |acc1| <= 16 * 128 * 128 + 2^15 < 2^20
    signal acc1[nHidden] <== Dense(nIn, nHidden)(x, w1, b1);
    signal h[nHidden];
    for (var j = 0; j < nHidden; j++) { h[j] <== ShiftRelu(20, shift)(acc1[j]); }
    signal y[nOut] <== Dense(nHidden, nOut)(h, w2, b2);
    outputCommitment <== Poseidon(nOut)(y);
}

component main {public [modelCommitment, inputCommitment]} = VerifiedInference(16, 16, 8, 7);
