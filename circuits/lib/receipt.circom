pragma circom 2.2.0;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// One job receipt of the node that knows `secret`; the node's identity check
// (Poseidon(secret) == identityCommitment) is done once by the caller template.
//
// `enabled` must be 0 or 1. With enabled = 1 the slot proves:
//   metricsCommitment == Poseidon(latencyMs, finishTime, energyWh, salt)
//   latencyMet  == (latencyMs  <= latencyBoundMs)
//   deadlineMet == (finishTime <= deadline)
//   nullifier   == Poseidon(secret, jobId)
// With enabled = 0 (a padding slot) every public value of the slot must be 0 and
// the outputs are forced to 0, so a padding slot can never be read as a receipt.
// Range checks: jobId, finishTime, deadline < 2^64; latencyMs, latencyBoundMs, energyWh < 2^32.
template ReceiptSlot() {
    signal input secret;
    signal input enabled;
    signal input jobId;
    signal input inputCommitment;
    signal input outputCommitment;
    signal input metricsCommitment;
    signal input latencyBoundMs;
    signal input deadline;
    signal input latencyMs;
    signal input finishTime;
    signal input energyWh;
    signal input salt;

    signal output nullifier;
    signal output latencyMet;
    signal output deadlineMet;

    enabled * (enabled - 1) === 0;

    _ <== Num2Bits(64)(jobId);
    _ <== Num2Bits(32)(latencyBoundMs);
    _ <== Num2Bits(64)(deadline);
    _ <== Num2Bits(32)(latencyMs);
    _ <== Num2Bits(64)(finishTime);
    _ <== Num2Bits(32)(energyWh);

    // A padding slot carries no public data.
    signal disabled <== 1 - enabled;
    disabled * jobId === 0;
    disabled * inputCommitment === 0;
    disabled * outputCommitment === 0;
    disabled * metricsCommitment === 0;
    disabled * latencyBoundMs === 0;
    disabled * deadline === 0;

    signal metrics <== Poseidon(4)([latencyMs, finishTime, energyWh, salt]);
    enabled * (metrics - metricsCommitment) === 0;

    signal latencyOk <== LessEqThan(32)([latencyMs, latencyBoundMs]);
    signal deadlineOk <== LessEqThan(64)([finishTime, deadline]);
    latencyMet <== enabled * latencyOk;
    deadlineMet <== enabled * deadlineOk;

    signal n <== Poseidon(2)([secret, jobId]);
    nullifier <== enabled * n;
}

// Proves knowledge of the secret behind identityCommitment = Poseidon(secret).
template IdentityCheck() {
    signal input secret;
    signal input identityCommitment;
    signal commitment <== Poseidon(1)([secret]);
    commitment === identityCommitment;
}
