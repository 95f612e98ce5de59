// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Groth16Proof} from "../libraries/Groth16Proof.sol";

/// @title IReceiptProofVerifier
/// @notice What `JobMarket` calls to check a receipt proof: one entry point for the single (JobReceipt) and the
/// batch (ReceiptBatch) verifier, so the market encodes one call whatever the batch size.
interface IReceiptProofVerifier {
    /// @notice Reverts with the verifier's `...ProofInvalid` error unless `proof` is valid for `publicSignals`
    /// (a signal count other than the circuit's is invalid too).
    /// @param proof The Groth16 proof.
    /// @param publicSignals The public signals in circuit order (built by `JobMarket` with `ReceiptProofLib.width`
    /// and `ReceiptProofLib.terms`).
    function verify(Groth16Proof calldata proof, uint256[] calldata publicSignals) external view;
}
