// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IReceiptProofVerifier} from "./IReceiptProofVerifier.sol";

/// @title IReceiptBatchProofVerifier
/// @notice Reverting front of the snarkjs-generated `ReceiptBatch8Verifier` and `ReceiptBatchVerifier` (which
/// only return a bool). Signals: metricsDigest, identityCommitment, terms[W], outputCommitment[W] with W = 8
/// (18 signals, circuits/src/ReceiptBatch8.circom) or W = 32 (66, circuits/src/ReceiptBatch.circom).
interface IReceiptBatchProofVerifier is IReceiptProofVerifier {
    /// @notice The proof does not verify against the given public signals (or they are neither 18 nor 66).
    error ReceiptBatchProofVerifierProofInvalid();
}
