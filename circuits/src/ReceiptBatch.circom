pragma circom 2.2.0;

// ReceiptBatch(N) — N JobReceipt statements of ONE node in one proof (the witness holds the
// node's secret, so a batch is always a single node's receipts).
//
// Per slot i (enabled_i = 1) it proves exactly the JobReceipt statement:
//   metricsCommitment[i] = Poseidon(latencyMs, finishTime, energyWh, salt),
//   latencyMet_i = (latencyMs <= latencyBoundMs_i), deadlineMet_i = (finishTime <= deadline_i),
//   nullifier[i] = Poseidon(secret, jobId_i), and Poseidon(secret) == identityCommitment.
// To keep on-chain verification cheap, the small per-slot values are packed into field elements:
//   terms[i]  = jobId_i + latencyBoundMs_i * 2^64 + deadline_i * 2^96 + enabled_i * 2^160
//               (jobId, deadline < 2^64; latencyBoundMs < 2^32; enabled in {0,1})
//   outcomes  = sum_i latencyMet_i * 2^(2i) + deadlineMet_i * 2^(2i+1)
// Padding: a slot with enabled_i = 0 must have terms[i] = inputCommitment[i] =
// outputCommitment[i] = metricsCommitment[i] = 0 and yields nullifier[i] = 0 and outcome bits 0.
//
// Public signals (N = 8; snarkjs order: outputs, then public inputs as declared):
//   [0..7]   nullifier[0..7]
//   [8]      outcomes
//   [9]      identityCommitment
//   [10..17] terms[0..7]
//   [18..25] inputCommitment[0..7]
//   [26..33] outputCommitment[0..7]
//   [34..41] metricsCommitment[0..7]
//
// The caller must still check: identityCommitment is the registered identity of the node assigned
// to every enabled job; each enabled slot's terms match that job; nullifiers of enabled slots are
// unused (also within the batch: the same job twice yields the same nullifier) and then recorded;
// disabled slots are skipped.

include "../lib/receipt.circom";

template ReceiptBatch(N) {
    signal input identityCommitment;
    signal input terms[N];
    signal input inputCommitment[N];
    signal input outputCommitment[N];
    signal input metricsCommitment[N];

    signal input secret;
    signal input enabled[N];
    signal input jobId[N];
    signal input latencyBoundMs[N];
    signal input deadline[N];
    signal input latencyMs[N];
    signal input finishTime[N];
    signal input energyWh[N];
    signal input salt[N];

    signal output nullifier[N];
    signal output outcomes;

    IdentityCheck()(secret, identityCommitment);

    signal latencyMet[N];
    signal deadlineMet[N];
    var packed = 0;
    for (var i = 0; i < N; i++) {
        (nullifier[i], latencyMet[i], deadlineMet[i]) <== ReceiptSlot()(
            secret, enabled[i], jobId[i], inputCommitment[i], outputCommitment[i], metricsCommitment[i],
            latencyBoundMs[i], deadline[i], latencyMs[i], finishTime[i], energyWh[i], salt[i]
        );
        // ReceiptSlot range-checks every part, so this packing is injective.
        terms[i] === jobId[i] + latencyBoundMs[i] * (1 << 64) + deadline[i] * (1 << 96) + enabled[i] * (1 << 160);
        packed += latencyMet[i] * (1 << (2 * i)) + deadlineMet[i] * (1 << (2 * i + 1));
    }
    outcomes <== packed;
}

component main {public [identityCommitment, terms, inputCommitment, outputCommitment, metricsCommitment]} = ReceiptBatch(8);
