// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title IJobReceiptProofVerifier
/// @notice Reverting front of the snarkjs-generated `JobReceiptVerifier` (which only returns a bool).
/// Signals: metricsDigest, identityCommitment, terms, outputCommitment (built by `ReceiptProofLib`).
interface IJobReceiptProofVerifier {
    /// @notice The proof does not verify against the given public signals.
    error JobReceiptProofVerifierProofInvalid();

    /// @notice Reverts with `JobReceiptProofVerifierProofInvalid` unless `proof` is valid for `publicSignals`.
    /// @param proof The Groth16 proof.
    /// @param publicSignals The public signals in circuit order (see circuits/src/JobReceipt.circom).
    function verify(Groth16Proof calldata proof, uint256[4] calldata publicSignals) external view;
}
