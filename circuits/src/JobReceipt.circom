pragma circom 2.2.0;

// JobReceipt — a compute node's receipt for one job attempt (Receipts(1), see ../lib/receipt.circom).
//
// Proves: the prover knows `secret` with Poseidon(secret) == identityCommitment; the packed public terms
//   terms = jobId | attempt << 64 | latencyBoundMs << 96 | deadline << 128 | 1 << 192
//           | latencyMet << 193 | deadlineMet << 194
// hold the job's terms and the true SLA predicates latencyMet = (latencyMs <= latencyBoundMs),
// deadlineMet = (finishTime <= deadline) over the private metrics; metricsDigest = Poseidon(0,
// Poseidon(latencyMs, finishTime, energyWh, salt)). outputCommitment is bound, not opened.
// Range checks: jobId, deadline, finishTime < 2^64; attempt, latencyBoundMs, latencyMs, energyWh < 2^32.
//
// Public signals: [0] metricsDigest  [1] identityCommitment  [2] terms  [3] outputCommitment
//
// The caller (contract) must still check: identityCommitment is the registered identity of the node
// assigned to (jobId, attempt); latencyBoundMs and deadline are the job's terms; (jobId, attempt) has no
// receipt yet (then record it); the proof verifies. There is no nullifier: (jobId, attempt) is the key.

include "../lib/receipt.circom";

component main {public [identityCommitment, terms, outputCommitment]} = Receipts(1);
