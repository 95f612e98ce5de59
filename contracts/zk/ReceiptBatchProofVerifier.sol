// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IReceiptBatchProofVerifier} from "../interfaces/IReceiptBatchProofVerifier.sol";
import {IReceiptProofVerifier} from "../interfaces/IReceiptProofVerifier.sol";
import {Groth16Proof} from "../libraries/Groth16Proof.sol";
import {ReceiptBatch8Verifier} from "../verifiers/ReceiptBatch8Verifier.sol";
import {ReceiptBatchVerifier} from "../verifiers/ReceiptBatchVerifier.sol";

/// @title ReceiptBatchProofVerifier
/// @notice The batch front: 18 signals (2..8 receipts, `ReceiptProofLib.width` 8) are checked by the
/// ReceiptBatch8 key, 66 signals (9..32 receipts) by the ReceiptBatch key; any other count is invalid. Both keys
/// are replaced together by installing a new front (`JobMarket.setProofVerifiers`).
/// @dev Calls the generated verifiers externally: their assembly ends the call frame with `return`,
/// so they cannot be inherited and called internally.
contract ReceiptBatchProofVerifier is IReceiptBatchProofVerifier {
    uint256 private constant SIGNALS_8 = 18;
    uint256 private constant SIGNALS_32 = 66;
    ReceiptBatch8Verifier private immutable _verifier8;
    ReceiptBatchVerifier private immutable _verifier32;

    constructor(ReceiptBatch8Verifier verifier8, ReceiptBatchVerifier verifier32) {
        _verifier8 = verifier8;
        _verifier32 = verifier32;
    }

    /// @inheritdoc IReceiptProofVerifier
    function verify(Groth16Proof calldata proof, uint256[] calldata publicSignals) external view {
        uint256 n = publicSignals.length;
        bool valid;
        if (n == SIGNALS_8) {
            uint256[SIGNALS_8] memory s;
            for (uint256 i = 0; i < SIGNALS_8; ++i) s[i] = publicSignals[i];
            valid = _verifier8.verifyProof(proof.a, proof.b, proof.c, s);
        } else if (n == SIGNALS_32) {
            uint256[SIGNALS_32] memory s;
            for (uint256 i = 0; i < SIGNALS_32; ++i) s[i] = publicSignals[i];
            valid = _verifier32.verifyProof(proof.a, proof.b, proof.c, s);
        }
        if (!valid) revert ReceiptBatchProofVerifierProofInvalid();
    }
}
