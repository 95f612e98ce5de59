pragma circom 2.2.0;

include "circomlib/circuits/bitify.circom";

// Signed range check: -2^(bits-1) <= in < 2^(bits-1) (negative values are p - |v|).
template SignedRange(bits) {
    signal input in;
    _ <== Num2Bits(bits)(in + (1 << (bits - 1)));
}

// Dense layer: out[j] = b[j] + sum_i w[j][i] * x[i] (exact integer arithmetic).
template Dense(nIn, nOut) {
    signal input x[nIn];
    signal input w[nOut][nIn];
    signal input b[nOut];
    signal output out[nOut];

    signal prod[nOut][nIn];
    for (var j = 0; j < nOut; j++) {
        var acc = b[j];
        for (var i = 0; i < nIn; i++) {
            prod[j][i] <== w[j][i] * x[i];
            acc += prod[j][i];
        }
        out[j] <== acc;
    }
}

// out = max(0, floor(in / 2^shift)) for a signed `in` with |in| < 2^accBits.
// The bits of in + 2^accBits give the remainder (low `shift` bits), the quotient
// and the sign (top bit = 1 iff in >= 0), so a value out of range makes Num2Bits fail.
template ShiftRelu(accBits, shift) {
    signal input in;
    signal output out;

    signal bits[accBits + 1] <== Num2Bits(accBits + 1)(in + (1 << accBits));
    var q = 0;
    for (var i = shift; i < accBits; i++) {
        q += bits[i] * (1 << (i - shift));
    }
    out <== bits[accBits] * q;
}
