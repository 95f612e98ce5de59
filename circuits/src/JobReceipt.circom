pragma circom 2.2.0;

// JobReceipt — a compute node's receipt for one job.
//
// Proves: the prover knows `secret` with Poseidon(secret) == identityCommitment; the
// private metrics (latencyMs, finishTime, energyWh, salt) open metricsCommitment =
// Poseidon(latencyMs, finishTime, energyWh, salt); latencyMet = (latencyMs <= latencyBoundMs),
// deadlineMet = (finishTime <= deadline); nullifier = Poseidon(secret, jobId).
// Range checks: jobId, deadline, finishTime < 2^64; latencyBoundMs, latencyMs, energyWh < 2^32.
// inputCommitment and outputCommitment are bound to the proof but not opened here.
//
// Public signals (snarkjs order: outputs, then public inputs as declared):
//   [0] nullifier  [1] latencyMet  [2] deadlineMet
//   [3] jobId  [4] identityCommitment  [5] inputCommitment  [6] outputCommitment
//   [7] metricsCommitment  [8] latencyBoundMs  [9] deadline
//
// The caller (contract) must still check: identityCommitment is the registered identity of
// the node assigned to jobId; inputCommitment, latencyBoundMs and deadline are the job's terms;
// the nullifier has not been used before (then record it); the proof verifies.

include "../lib/receipt.circom";

template JobReceipt() {
    signal input jobId;
    signal input identityCommitment;
    signal input inputCommitment;
    signal input outputCommitment;
    signal input metricsCommitment;
    signal input latencyBoundMs;
    signal input deadline;

    signal input secret;
    signal input latencyMs;
    signal input finishTime;
    signal input energyWh;
    signal input salt;

    signal output nullifier;
    signal output latencyMet;
    signal output deadlineMet;

    IdentityCheck()(secret, identityCommitment);

    (nullifier, latencyMet, deadlineMet) <== ReceiptSlot()(
        secret, 1, jobId, inputCommitment, outputCommitment, metricsCommitment,
        latencyBoundMs, deadline, latencyMs, finishTime, energyWh, salt
    );

    // Bind the commitments that no other constraint reads (a changed value breaks the proof).
    signal inputSquare <== inputCommitment * inputCommitment;
    signal outputSquare <== outputCommitment * outputCommitment;
}

component main {public [jobId, identityCommitment, inputCommitment, outputCommitment, metricsCommitment, latencyBoundMs, deadline]} = JobReceipt();
