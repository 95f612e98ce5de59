pragma circom 2.2.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// One job receipt slot. `enabled` must be 0 or 1. With enabled = 1 the slot proves:
//   metrics     == Poseidon(latencyMs, finishTime, energyWh, salt)            (returned, private)
//   latencyMet  == (latencyMs  <= latencyBoundMs)
//   deadlineMet == (finishTime <= deadline)
//   terms       == jobId | attempt << 64 | latencyBoundMs << 96 | deadline << 128
//                  | enabled << 192 | latencyMet << 193 | deadlineMet << 194
// With enabled = 0 (a padding slot) terms and outputCommitment must be 0, so a padding slot can never be
// read as a receipt. Range checks: jobId, deadline, finishTime < 2^64; attempt, latencyBoundMs, latencyMs,
// energyWh < 2^32, so the packing is injective. The node's identity is checked once per proof by the caller.
template ReceiptSlot() {
    signal input enabled;
    signal input terms;
    signal input outputCommitment;
    signal input jobId;
    signal input attempt;
    signal input latencyBoundMs;
    signal input deadline;
    signal input latencyMs;
    signal input finishTime;
    signal input energyWh;
    signal input salt;

    signal output metrics;

    enabled * (enabled - 1) === 0;

    _ <== Num2Bits(64)(jobId);
    _ <== Num2Bits(32)(attempt);
    _ <== Num2Bits(32)(latencyBoundMs);
    _ <== Num2Bits(64)(deadline);
    _ <== Num2Bits(32)(latencyMs);
    _ <== Num2Bits(64)(finishTime);
    _ <== Num2Bits(32)(energyWh);

    signal latencyOk <== LessEqThan(32)([latencyMs, latencyBoundMs]);
    signal deadlineOk <== LessEqThan(64)([finishTime, deadline]);
    signal latencyMet <== enabled * latencyOk;
    signal deadlineMet <== enabled * deadlineOk;

    signal packed <== jobId + attempt * (1 << 64) + latencyBoundMs * (1 << 96) + deadline * (1 << 128);
    // A padding slot carries no public data: its packed terms and output must be zero.
    signal disabled <== 1 - enabled;
    disabled * packed === 0;
    disabled * outputCommitment === 0;
    terms === packed + enabled * (1 << 192) + latencyMet * (1 << 193) + deadlineMet * (1 << 194);

    metrics <== Poseidon(4)([latencyMs, finishTime, energyWh, salt]);
}

// N receipts of the ONE node that knows `secret` (Poseidon(secret) == identityCommitment).
// metricsDigest chains the enabled slots' metrics commitments: d_0 = 0, d_{i+1} = Poseidon(d_i, metrics_i)
// for an enabled slot and d_i otherwise; the node opens it off chain to an auditor.
// Public signals (snarkjs order): [0] metricsDigest  [1] identityCommitment  [2..N+1] terms[i]
//   [N+2..2N+1] outputCommitment[i]
template Receipts(N) {
    signal input identityCommitment;
    signal input terms[N];
    signal input outputCommitment[N];

    signal input secret;
    signal input enabled[N];
    signal input jobId[N];
    signal input attempt[N];
    signal input latencyBoundMs[N];
    signal input deadline[N];
    signal input latencyMs[N];
    signal input finishTime[N];
    signal input energyWh[N];
    signal input salt[N];

    signal output metricsDigest;

    signal identity <== Poseidon(1)([secret]);
    identity === identityCommitment;

    signal metrics[N];
    signal digest[N + 1];
    signal chained[N];
    digest[0] <== 0;
    for (var i = 0; i < N; i++) {
        metrics[i] <== ReceiptSlot()(
            enabled[i], terms[i], outputCommitment[i], jobId[i], attempt[i], latencyBoundMs[i], deadline[i],
            latencyMs[i], finishTime[i], energyWh[i], salt[i]
        );
        chained[i] <== Poseidon(2)([digest[i], metrics[i]]);
        digest[i + 1] <== digest[i] + enabled[i] * (chained[i] - digest[i]);
    }
    metricsDigest <== digest[N];
}
