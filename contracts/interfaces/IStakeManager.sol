// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IStakeManager
/// @notice Providers stake SuanliToken per node. Work is only placed on nodes staked at or above the
/// governance-set minimum; stake leaves after an unbonding delay and can be slashed to the treasury while
/// bonded or unbonding. The market locks part of the bonded stake for every open assignment (the job's timeout
/// slash); locked stake cannot be unbonded, so the slash that backs a job cannot leave before the job is settled.
interface IStakeManager {
    /// @notice The caller does not operate the node (per the hub's node index).
    error StakeManagerNotOperator(uint256 nodeId, address caller);
    /// @notice Amount is zero or exceeds what is available.
    error StakeManagerInvalidAmount(uint256 amount, uint256 available);
    /// @notice The unbonding delay has not passed yet.
    error StakeManagerStillUnbonding(uint256 nodeId, uint64 releaseAt);
    /// @notice The caller may not slash.
    error StakeManagerNotSlasher(address caller);
    /// @notice A parameter is out of range.
    error StakeManagerInvalidParameter(bytes32 parameter);
    /// @notice The node's bonded stake not yet locked by open assignments is below `amount`.
    error StakeManagerInsufficientFreeStake(uint256 nodeId, uint256 amount, uint256 free);

    event Staked(uint256 indexed nodeId, address indexed operator, uint256 amount);
    event UnbondRequested(uint256 indexed nodeId, uint256 amount, uint64 releaseAt);
    event Withdrawn(uint256 indexed nodeId, address indexed operator, uint256 amount);
    event Slashed(uint256 indexed nodeId, uint256 amount, address treasury);
    event StakeLocked(uint256 indexed nodeId, uint256 amount, uint256 locked);
    event StakeUnlocked(uint256 indexed nodeId, uint256 amount, uint256 locked);
    event MinStakeChanged(uint256 minStake);
    event UnbondingDelayChanged(uint64 delay);
    event SlasherChanged(address slasher);
    event TreasuryChanged(address treasury);

    /// @notice Adds `amount` of stake to `nodeId`. Node operator only.
    function stake(uint256 nodeId, uint256 amount) external;

    /// @notice Starts unbonding `amount` of the bonded stake that open assignments do not lock; adding to a
    /// pending unbond restarts its delay. Node operator only.
    function requestUnbond(uint256 nodeId, uint256 amount) external;

    /// @notice Pays out unbonded stake once the delay has passed. Node operator only.
    function withdraw(uint256 nodeId) external;

    /// @notice Slashes up to `amount` (bonded first, then unbonding) to the treasury; returns what was slashed.
    /// Slasher only. Locked stake stays counted in the bonded stake until the slasher unlocks it.
    function slash(uint256 nodeId, uint256 amount) external returns (uint256 slashed);

    /// @notice Locks `amount` of the node's free bonded stake for an open assignment. Slasher (the market) only.
    function lock(uint256 nodeId, uint256 amount) external;

    /// @notice Releases `amount` locked by `lock` when its assignment ends (at most what is locked, so ending
    /// an assignment never reverts). Slasher (the market) only.
    function unlock(uint256 nodeId, uint256 amount) external;

    /// @notice The node's stake locked by open assignments (always ≤ its bonded stake).
    function lockedOf(uint256 nodeId) external view returns (uint256);

    /// @notice True when the node's bonded stake is at least the minimum.
    function hasMinimumStake(uint256 nodeId) external view returns (bool);

    /// @notice Bonded and unbonding stake of a node and when the unbonding part is released.
    function stakeOf(
        uint256 nodeId
    ) external view returns (uint256 bonded, uint256 unbonding, uint64 releaseAt);

    function setMinStake(uint256 minStake) external;
    function setUnbondingDelay(uint64 delay) external;
    function setSlasher(address slasher) external;
    function setTreasury(address treasury) external;
}
