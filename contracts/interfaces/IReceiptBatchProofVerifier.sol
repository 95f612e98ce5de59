// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title IReceiptBatchProofVerifier
/// @notice Reverting front of the snarkjs-generated `ReceiptBatchVerifier` (which only returns a bool).
/// Signals: metricsDigest, identityCommitment, terms[32], outputCommitment[32] (built by `ReceiptProofLib`).
interface IReceiptBatchProofVerifier {
    /// @notice The proof does not verify against the given public signals.
    error ReceiptBatchProofVerifierProofInvalid();

    /// @notice Reverts with `ReceiptBatchProofVerifierProofInvalid` unless `proof` is valid for `publicSignals`.
    /// @param proof The Groth16 proof.
    /// @param publicSignals The public signals in circuit order (see circuits/src/ReceiptBatch.circom).
    function verify(Groth16Proof calldata proof, uint256[66] calldata publicSignals) external view;
}
