// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IPoseidonT3
/// @notice circomlib Poseidon over two BN254 field elements; the implementation is the bytecode
/// circomlibjs generates (circuits/artifacts/PoseidonT3.json, written by `npm run zk:setup`).
interface IPoseidonT3 {
    /// @notice Poseidon(input[0], input[1]).
    function poseidon(uint256[2] calldata input) external pure returns (uint256);
}
