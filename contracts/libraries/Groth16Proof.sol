// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @notice A Groth16 proof as the snarkjs-generated verifiers take it (G2 coordinates already swapped,
/// see `toSolidityProof` in services/zk/prover.ts).
struct Groth16Proof {
    uint256[2] a;
    uint256[2][2] b;
    uint256[2] c;
}
