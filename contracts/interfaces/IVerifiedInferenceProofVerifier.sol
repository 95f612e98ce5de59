// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title IVerifiedInferenceProofVerifier
/// @notice Reverting front of the snarkjs-generated `VerifiedInferenceVerifier` (which only returns a bool).
/// Signals: outputCommitment, modelCommitment, inputCommitment.
interface IVerifiedInferenceProofVerifier {
    /// @notice The proof does not verify against the given public signals.
    error VerifiedInferenceProofVerifierProofInvalid();

    /// @notice Reverts with `VerifiedInferenceProofVerifierProofInvalid` unless `proof` is valid for `publicSignals`.
    /// @param proof The Groth16 proof.
    /// @param publicSignals The public signals in circuit order (see circuits/src/VerifiedInference.circom).
    function verify(Groth16Proof calldata proof, uint256[3] calldata publicSignals) external view;
}
