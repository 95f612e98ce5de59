// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title IAigcProvenanceProofVerifier
/// @notice Reverting front of the snarkjs-generated `AigcProvenanceVerifier` (which only returns a bool).
/// Signals: jobInputCommitment, contentCommitment, modelId, modelRoot, creatorCommitment, promptCommitment,
/// parentsHash, binding.
interface IAigcProvenanceProofVerifier {
    /// @notice The proof does not verify against the given public signals.
    error AigcProvenanceProofVerifierProofInvalid();

    /// @notice Reverts with `AigcProvenanceProofVerifierProofInvalid` unless `proof` is valid for `publicSignals`.
    /// @param proof The Groth16 proof.
    /// @param publicSignals The public signals in circuit order (see circuits/src/AigcProvenance.circom).
    function verify(Groth16Proof calldata proof, uint256[8] calldata publicSignals) external view;
}
