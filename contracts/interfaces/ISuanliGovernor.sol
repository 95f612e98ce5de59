// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ISuanliGovernor
/// @notice What the DAO's Governor adds to OpenZeppelin's: the stakeholder chamber's veto on marked proposals.
interface ISuanliGovernor {
    /// @notice A marked proposal cannot be queued while the chamber's veto window is open.
    error SuanliGovernorVetoWindowOpen(uint256 proposalId, uint256 closesAt);

    /// @notice Whether the proposal is of a class the stakeholder chamber may veto (fixed at proposal time).
    function proposalVetoable(uint256 proposalId) external view returns (bool);
}
