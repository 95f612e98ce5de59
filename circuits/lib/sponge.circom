pragma circom 2.2.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";

// Poseidon sponge over n field elements: state starts at `domain`, then absorbs
// 15 elements per Poseidon(16) call as state = Poseidon(state, e[15k..15k+14]),
// the last chunk padded with zeros. Mirrors `poseidonSponge` in services/zk/poseidon.ts.
template PoseidonSponge(n, domain) {
    signal input in[n];
    signal output out;

    var RATE = 15;
    var ROUNDS = (n + RATE - 1) \ RATE;
    signal state[ROUNDS + 1];
    state[0] <== domain;
    component h[ROUNDS];
    for (var r = 0; r < ROUNDS; r++) {
        h[r] = Poseidon(RATE + 1);
        h[r].inputs[0] <== state[r];
        for (var j = 0; j < RATE; j++) {
            var k = r * RATE + j;
            if (k < n) {
                h[r].inputs[j + 1] <== in[k];
            } else {
                h[r].inputs[j + 1] <== 0;
            }
        }
        state[r + 1] <== h[r].out;
    }
    out <== state[ROUNDS];
}

// Packs n bytes (each range-checked to 8 bits) little-endian into ceil(n / 31) field elements.
template PackBytes(n) {
    signal input bytes[n];
    var PER = 31;
    var M = (n + PER - 1) \ PER;
    signal output out[M];

    for (var i = 0; i < n; i++) {
        _ <== Num2Bits(8)(bytes[i]);
    }
    for (var m = 0; m < M; m++) {
        var acc = 0;
        var f = 1;
        for (var j = 0; j < PER; j++) {
            var k = m * PER + j;
            if (k < n) {
                acc += bytes[k] * f;
                f *= 256;
            }
        }
        out[m] <== acc;
    }
}
