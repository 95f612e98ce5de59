// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IJobReceiptProofVerifier} from "../interfaces/IJobReceiptProofVerifier.sol";
import {IReceiptProofVerifier} from "../interfaces/IReceiptProofVerifier.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";
import {JobReceiptVerifier} from "../verifiers/JobReceiptVerifier.sol";

/// @title JobReceiptProofVerifier
/// @dev Calls the generated verifier externally: its assembly ends the call frame with `return`,
/// so it cannot be inherited and called internally.
contract JobReceiptProofVerifier is IJobReceiptProofVerifier {
    uint256 private constant SIGNALS = 4;
    JobReceiptVerifier private immutable _verifier;

    constructor(JobReceiptVerifier verifier) {
        _verifier = verifier;
    }

    /// @inheritdoc IReceiptProofVerifier
    function verify(Groth16Proof calldata proof, uint256[] calldata publicSignals) external view {
        if (publicSignals.length != SIGNALS) revert JobReceiptProofVerifierProofInvalid();
        uint256[SIGNALS] memory s;
        for (uint256 i = 0; i < SIGNALS; ++i) s[i] = publicSignals[i];
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, s))
            revert JobReceiptProofVerifierProofInvalid();
    }
}
