// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IJobReceiptProofVerifier} from "../interfaces/IJobReceiptProofVerifier.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";
import {JobReceiptVerifier} from "../verifiers/JobReceiptVerifier.sol";

/// @title JobReceiptProofVerifier
/// @dev Calls the generated verifier externally: its assembly ends the call frame with `return`,
/// so it cannot be inherited and called internally.
contract JobReceiptProofVerifier is IJobReceiptProofVerifier {
    JobReceiptVerifier private immutable _verifier;

    constructor(JobReceiptVerifier verifier) {
        _verifier = verifier;
    }

    /// @inheritdoc IJobReceiptProofVerifier
    function verify(Groth16Proof calldata proof, uint256[4] calldata publicSignals) external view {
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, publicSignals)) {
            revert JobReceiptProofVerifierProofInvalid();
        }
    }
}
