pragma circom 2.2.0;

// ReceiptBatch — up to 32 JobReceipt statements of ONE node in one proof (Receipts(32), see
// ../lib/receipt.circom; the witness holds the node's secret, so a batch is always one node's receipts).
//
// Per enabled slot i it proves exactly the JobReceipt statement (packed terms with attempt and SLA flags,
// outputCommitment bound); metricsDigest chains the enabled slots' metrics commitments.
// Padding: a slot with enabled = 0 must have terms[i] = outputCommitment[i] = 0.
//
// Public signals (snarkjs order): [0] metricsDigest  [1] identityCommitment  [2..33] terms[0..31]
//   [34..65] outputCommitment[0..31]
//
// The caller must still check: identityCommitment is the registered identity of the node assigned to
// every enabled (jobId, attempt); each enabled slot's terms match that job; no (jobId, attempt) appears
// twice or already has a receipt (then record it); padding slots are all zero.

include "../lib/receipt.circom";

component main {public [identityCommitment, terms, outputCommitment]} = Receipts(32);
