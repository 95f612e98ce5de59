// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IReceiptBatchProofVerifier} from "../interfaces/IReceiptBatchProofVerifier.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";
import {ReceiptBatchVerifier} from "../verifiers/ReceiptBatchVerifier.sol";

/// @title ReceiptBatchProofVerifier
/// @dev Calls the generated verifier externally: its assembly ends the call frame with `return`,
/// so it cannot be inherited and called internally.
contract ReceiptBatchProofVerifier is IReceiptBatchProofVerifier {
    ReceiptBatchVerifier private immutable _verifier;

    constructor(ReceiptBatchVerifier verifier) {
        _verifier = verifier;
    }

    /// @inheritdoc IReceiptBatchProofVerifier
    function verify(Groth16Proof calldata proof, uint256[66] calldata publicSignals) external view {
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, publicSignals)) {
            revert ReceiptBatchProofVerifierProofInvalid();
        }
    }
}
