pragma circom 2.2.0;

// ReceiptBatch8 — up to 8 JobReceipt statements of ONE node in one proof (Receipts(8), see
// ../lib/receipt.circom): the small-batch sibling of ReceiptBatch (32 slots), so a batch of 2..8 receipts
// neither proves nor verifies 24+ padding slots.
//
// Per enabled slot i it proves exactly the JobReceipt statement (packed terms with attempt and SLA flags,
// outputCommitment bound); metricsDigest chains the enabled slots' metrics commitments.
// Padding: a slot with enabled = 0 must have terms[i] = outputCommitment[i] = 0.
//
// Public signals (snarkjs order): [0] metricsDigest  [1] identityCommitment  [2..9] terms[0..7]
//   [10..17] outputCommitment[0..7]
//
// The caller must still check: identityCommitment is the registered identity of the node assigned to
// every enabled (jobId, attempt); each enabled slot's terms match that job; no (jobId, attempt) appears
// twice or already has a receipt (then record it); padding slots are all zero.

include "../lib/receipt.circom";

component main {public [identityCommitment, terms, outputCommitment]} = Receipts(8);
