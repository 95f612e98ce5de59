// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IStakeManager
/// @notice Providers stake SuanliToken per node. Work is only placed on nodes staked at or above the
/// governance-set minimum; stake leaves after an unbonding delay and can be slashed to the treasury while
/// bonded or unbonding.
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

    event Staked(uint256 indexed nodeId, address indexed operator, uint256 amount);
    event UnbondRequested(uint256 indexed nodeId, uint256 amount, uint64 releaseAt);
    event Withdrawn(uint256 indexed nodeId, address indexed operator, uint256 amount);
    event Slashed(uint256 indexed nodeId, uint256 amount, address treasury);
    event MinStakeChanged(uint256 minStake);
    event UnbondingDelayChanged(uint64 delay);
    event SlasherChanged(address slasher);
    event TreasuryChanged(address treasury);

    /// @notice Adds `amount` of stake to `nodeId`. Node operator only.
    function stake(uint256 nodeId, uint256 amount) external;

    /// @notice Starts unbonding `amount`; adding to a pending unbond restarts its delay. Node operator only.
    function requestUnbond(uint256 nodeId, uint256 amount) external;

    /// @notice Pays out unbonded stake once the delay has passed. Node operator only.
    function withdraw(uint256 nodeId) external;

    /// @notice Slashes up to `amount` (bonded first, then unbonding) to the treasury; returns what was slashed.
    function slash(uint256 nodeId, uint256 amount) external returns (uint256 slashed);

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
