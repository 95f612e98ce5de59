// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ISuanliGovernor
/// @notice What the DAO's Governor adds to OpenZeppelin's: the stakeholder chamber's veto on marked proposals, and
/// the hub vote pool's weight at the snapshot taken from the pool while it casts (O(1), see `bindVotePool`).
interface ISuanliGovernor {
    /// @notice A marked proposal cannot be queued while the chamber's veto window is open.
    error SuanliGovernorVetoWindowOpen(uint256 proposalId, uint256 closesAt);
    /// @notice Only the Governor's deployer binds the vote pool.
    error SuanliGovernorNotBinder(address caller);
    /// @notice The vote pool was already bound.
    error SuanliGovernorVotePoolBound();
    /// @notice The token's clock is not the timestamp (the Governor's clock, ERC-6372).
    error SuanliGovernorClockMismatch();

    /// @notice Emitted when the hub vote pool is bound.
    event VotePoolBound(address votePool);

    /// @notice Binds the hub vote pool, once, by the Governor's deployer (the deploy does it right after
    /// deploying the pool). While the pool casts a spoke's tally, the Governor takes the pool's weight at the
    /// snapshot from `IHubVotePool.castingWeight` (which the pool read from the token) instead of searching the
    /// token's checkpoints again.
    function bindVotePool(address votePool) external;

    /// @notice The bound hub vote pool (zero: none).
    function votePool() external view returns (address);

    /// @notice Whether the proposal is of a class the stakeholder chamber may veto (fixed at proposal time).
    function proposalVetoable(uint256 proposalId) external view returns (bool);
}
