// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IVerifiedInferenceProofVerifier} from "../interfaces/IVerifiedInferenceProofVerifier.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";
import {VerifiedInferenceVerifier} from "../verifiers/VerifiedInferenceVerifier.sol";

/// @title VerifiedInferenceProofVerifier
/// @dev Calls the generated verifier externally: its assembly ends the call frame with `return`,
/// so it cannot be inherited and called internally.
contract VerifiedInferenceProofVerifier is IVerifiedInferenceProofVerifier {
    VerifiedInferenceVerifier private immutable _verifier;

    constructor(VerifiedInferenceVerifier verifier) {
        _verifier = verifier;
    }

    /// @inheritdoc IVerifiedInferenceProofVerifier
    function verify(Groth16Proof calldata proof, uint256[3] calldata publicSignals) external view {
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, publicSignals)) {
            revert VerifiedInferenceProofVerifierProofInvalid();
        }
    }
}
