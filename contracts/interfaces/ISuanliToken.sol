// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ISuanliToken
/// @notice Errors of the SUAN token's one-time distribution.
interface ISuanliToken {
    /// @notice The distribution's holders and amounts differ in length, or it is empty.
    error SuanliTokenInvalidDistribution(uint256 holders, uint256 amounts);
}
