// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IAigcProvenanceProofVerifier} from "../interfaces/IAigcProvenanceProofVerifier.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";
import {AigcProvenanceVerifier} from "../verifiers/AigcProvenanceVerifier.sol";

/// @title AigcProvenanceProofVerifier
/// @dev Calls the generated verifier externally: its assembly ends the call frame with `return`,
/// so it cannot be inherited and called internally.
contract AigcProvenanceProofVerifier is IAigcProvenanceProofVerifier {
    AigcProvenanceVerifier private immutable _verifier;

    constructor(AigcProvenanceVerifier verifier) {
        _verifier = verifier;
    }

    /// @inheritdoc IAigcProvenanceProofVerifier
    function verify(Groth16Proof calldata proof, uint256[8] calldata publicSignals) external view {
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, publicSignals)) {
            revert AigcProvenanceProofVerifierProofInvalid();
        }
    }
}
