// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IReceiptProofVerifier} from "./IReceiptProofVerifier.sol";

/// @title IReceiptBatchProofVerifier
/// @notice Reverting front of the snarkjs-generated `ReceiptBatchVerifier` (which only returns a bool).
/// Signals (66): metricsDigest, identityCommitment, terms[32], outputCommitment[32]
/// (see circuits/src/ReceiptBatch.circom).
interface IReceiptBatchProofVerifier is IReceiptProofVerifier {
    /// @notice The proof does not verify against the given public signals (or they are not 66).
    error ReceiptBatchProofVerifierProofInvalid();
}
