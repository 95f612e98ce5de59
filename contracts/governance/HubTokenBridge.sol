// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {BridgeERC20} from "@openzeppelin/contracts/crosschain/bridges/BridgeERC20.sol";
import {CrosschainLinked} from "@openzeppelin/contracts/crosschain/CrosschainLinked.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {IHubTokenBridge} from "../interfaces/IHubTokenBridge.sol";
import {ITimelockOwned} from "../interfaces/ITimelockOwned.sol";

/// @title HubTokenBridge
/// @notice The hub's SUAN lockbox for the regions (see `IHubTokenBridge`): OpenZeppelin's `BridgeERC20`.
/// Owned by the hub Timelock (one-step `Ownable` like the Mailbox, so the deploy can hand it over; renouncing is
/// disabled).
/// @dev Invariant: `lockedFor(c)` = SUAN sent to region `c` minus SUAN returned from it, and the lockbox holds
/// their sum; the region's supply plus what is in flight to it equals `lockedFor(c)`.
contract HubTokenBridge is IHubTokenBridge, BridgeERC20, Ownable, ITimelockOwned {
    mapping(uint256 chainId => uint256) private _locked;

    /// @param votePool Receives the votes of everything locked here (the `HubVotePool`).
    constructor(
        IERC20 token_,
        address votePool,
        address initialOwner
    ) BridgeERC20(token_) CrosschainLinked(new Link[](0)) Ownable(initialOwner) {
        IVotes(address(token_)).delegate(votePool);
    }

    /// @inheritdoc IHubTokenBridge
    function linkRegion(address gateway, bytes calldata counterpart) external onlyOwner {
        _setLink(gateway, counterpart, true);
        (uint256 chainId, ) = InteroperableAddress.parseEvmV1Calldata(counterpart);
        emit RegionLinked(chainId, gateway, counterpart);
    }

    /// @inheritdoc IHubTokenBridge
    function lockedFor(uint256 chainId) external view returns (uint256) {
        return _locked[chainId];
    }

    /// @dev Counts what is locked for the destination region, then locks and sends (BridgeFungible).
    function _crosschainTransfer(
        address from,
        bytes memory to,
        uint256 amount
    ) internal override returns (bytes32) {
        (uint256 chainId, ) = InteroperableAddress.parseEvmV1(to);
        _locked[chainId] += amount;
        return super._crosschainTransfer(from, to, amount);
    }

    /// @dev A region returns SUAN: unlock no more than was locked for it (a compromised region cannot drain the
    /// others' custody).
    function _processMessage(
        address gateway,
        bytes32 receiveId,
        bytes calldata sender,
        bytes calldata payload
    ) internal override {
        (uint256 chainId, ) = InteroperableAddress.parseEvmV1Calldata(sender);
        (, , uint256 amount) = abi.decode(payload, (bytes, bytes, uint256));
        uint256 locked = _locked[chainId];
        if (amount > locked) revert HubTokenBridgeExceedsLocked(chainId, amount, locked);
        _locked[chainId] = locked - amount;
        super._processMessage(gateway, receiveId, sender, payload);
    }

    /// @dev Disabled: see {ITimelockOwned-TimelockOwnedRenounceDisabled}.
    function renounceOwnership() public pure override {
        revert TimelockOwnedRenounceDisabled();
    }
}
