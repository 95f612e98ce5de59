// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {TimelockOwned} from "./governance/TimelockOwned.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {INodeIndex} from "../interfaces/INodeIndex.sol";
import {IStakeManager} from "../interfaces/IStakeManager.sol";

/// @title StakeManager
/// @notice Per-node provider stake in SuanliToken; see {IStakeManager}. Parameters are owned by the Timelock.
contract StakeManager is IStakeManager, TimelockOwned, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @dev Upper bound of the unbonding delay governance may set (a year), so stake cannot be locked forever.
    uint64 private constant MAX_UNBONDING_DELAY = 365 days;

    struct Stake {
        uint256 bonded;
        uint256 unbonding;
        uint64 releaseAt;
        uint256 locked;
    }

    IERC20 private immutable _token;
    INodeIndex private immutable _index;
    uint256 private _minStake;
    uint64 private _unbondingDelay;
    address private _slasher;
    address private _treasury;
    mapping(uint256 nodeId => Stake) private _stakes;

    constructor(
        IERC20 token,
        INodeIndex index,
        uint256 minStake_,
        uint64 unbondingDelay_,
        address treasury,
        address initialOwner
    ) Ownable(initialOwner) {
        if (unbondingDelay_ > MAX_UNBONDING_DELAY) revert StakeManagerInvalidParameter("unbondingDelay");
        if (treasury == address(0)) revert StakeManagerInvalidParameter("treasury");
        _token = token;
        _index = index;
        _minStake = minStake_;
        _unbondingDelay = unbondingDelay_;
        _treasury = treasury;
    }

    /// @inheritdoc IStakeManager
    function stake(uint256 nodeId, uint256 amount) external nonReentrant {
        _onlyOperator(nodeId);
        if (amount == 0) revert StakeManagerInvalidAmount(amount, type(uint256).max);
        _stakes[nodeId].bonded += amount;
        emit Staked(nodeId, msg.sender, amount);
        _token.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IStakeManager
    function requestUnbond(uint256 nodeId, uint256 amount) external {
        _onlyOperator(nodeId);
        Stake storage s = _stakes[nodeId];
        uint256 free = s.bonded - s.locked;
        if (amount == 0 || amount > free) revert StakeManagerInvalidAmount(amount, free);
        s.bonded -= amount;
        s.unbonding += amount;
        s.releaseAt = uint64(block.timestamp) + _unbondingDelay;
        emit UnbondRequested(nodeId, amount, s.releaseAt);
    }

    /// @inheritdoc IStakeManager
    function withdraw(uint256 nodeId) external nonReentrant {
        _onlyOperator(nodeId);
        Stake storage s = _stakes[nodeId];
        uint256 amount = s.unbonding;
        if (amount == 0) revert StakeManagerInvalidAmount(0, 0);
        if (block.timestamp < s.releaseAt) revert StakeManagerStillUnbonding(nodeId, s.releaseAt);
        s.unbonding = 0;
        emit Withdrawn(nodeId, msg.sender, amount);
        _token.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IStakeManager
    function slash(uint256 nodeId, uint256 amount) external nonReentrant returns (uint256 slashed) {
        _onlySlasher();
        Stake storage s = _stakes[nodeId];
        uint256 fromBonded = amount < s.bonded ? amount : s.bonded;
        uint256 rest = amount - fromBonded;
        uint256 fromUnbonding = rest < s.unbonding ? rest : s.unbonding;
        s.bonded -= fromBonded;
        s.unbonding -= fromUnbonding;
        // Keep locked ≤ bonded: a slash beyond the free stake consumes locked stake.
        if (s.locked > s.bonded) s.locked = s.bonded;
        slashed = fromBonded + fromUnbonding;
        if (slashed == 0) return 0;
        emit Slashed(nodeId, slashed, _treasury);
        _token.safeTransfer(_treasury, slashed);
    }

    /// @inheritdoc IStakeManager
    function lock(uint256 nodeId, uint256 amount) external {
        _onlySlasher();
        Stake storage s = _stakes[nodeId];
        uint256 free = s.bonded - s.locked;
        if (amount > free) revert StakeManagerInsufficientFreeStake(nodeId, amount, free);
        s.locked += amount;
        emit StakeLocked(nodeId, amount, s.locked);
    }

    /// @inheritdoc IStakeManager
    function unlock(uint256 nodeId, uint256 amount) external {
        _onlySlasher();
        Stake storage s = _stakes[nodeId];
        uint256 released = amount < s.locked ? amount : s.locked;
        s.locked -= released;
        emit StakeUnlocked(nodeId, released, s.locked);
    }

    /// @inheritdoc IStakeManager
    function lockedOf(uint256 nodeId) external view returns (uint256) {
        return _stakes[nodeId].locked;
    }

    /// @inheritdoc IStakeManager
    function hasMinimumStake(uint256 nodeId) external view returns (bool) {
        return _stakes[nodeId].bonded >= _minStake;
    }

    /// @inheritdoc IStakeManager
    function stakeOf(uint256 nodeId) external view returns (uint256, uint256, uint64) {
        Stake storage s = _stakes[nodeId];
        return (s.bonded, s.unbonding, s.releaseAt);
    }

    /// @notice The governance-set minimum bonded stake per node.
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @notice The governance-set unbonding delay.
    function unbondingDelay() external view returns (uint64) {
        return _unbondingDelay;
    }

    /// @inheritdoc IStakeManager
    function setMinStake(uint256 minStake_) external onlyOwner {
        _minStake = minStake_;
        emit MinStakeChanged(minStake_);
    }

    /// @inheritdoc IStakeManager
    function setUnbondingDelay(uint64 delay) external onlyOwner {
        if (delay > MAX_UNBONDING_DELAY) revert StakeManagerInvalidParameter("unbondingDelay");
        _unbondingDelay = delay;
        emit UnbondingDelayChanged(delay);
    }

    /// @inheritdoc IStakeManager
    function setSlasher(address slasher) external onlyOwner {
        _slasher = slasher;
        emit SlasherChanged(slasher);
    }

    /// @inheritdoc IStakeManager
    function setTreasury(address treasury) external onlyOwner {
        if (treasury == address(0)) revert StakeManagerInvalidParameter("treasury");
        _treasury = treasury;
        emit TreasuryChanged(treasury);
    }

    function _onlySlasher() private view {
        if (msg.sender != _slasher) revert StakeManagerNotSlasher(msg.sender);
    }

    function _onlyOperator(uint256 nodeId) private view {
        if (_index.operatorOf(nodeId) != msg.sender) revert StakeManagerNotOperator(nodeId, msg.sender);
    }
}
