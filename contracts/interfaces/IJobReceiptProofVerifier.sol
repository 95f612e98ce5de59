// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IReceiptProofVerifier} from "./IReceiptProofVerifier.sol";

/// @title IJobReceiptProofVerifier
/// @notice Reverting front of the snarkjs-generated `JobReceiptVerifier` (which only returns a bool).
/// Signals (4): metricsDigest, identityCommitment, terms, outputCommitment (see circuits/src/JobReceipt.circom).
interface IJobReceiptProofVerifier is IReceiptProofVerifier {
    /// @notice The proof does not verify against the given public signals (or they are not 4).
    error JobReceiptProofVerifierProofInvalid();
}
