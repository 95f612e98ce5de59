// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IHubTokenBridge
/// @notice The hub's lockbox for SUAN sent to regions (OpenZeppelin `BridgeERC20`): it keeps what each region
/// holds, unlocks no more than was locked for that region, and delegates the votes of everything locked to the
/// `HubVotePool`, which casts them as the regions' holders voted.
interface IHubTokenBridge {
    /// @notice A region asked to unlock more than was locked for it.
    error HubTokenBridgeExceedsLocked(uint256 chainId, uint256 amount, uint256 locked);

    /// @notice Emitted when governance links a region's token.
    event RegionLinked(uint256 indexed chainId, address gateway, bytes counterpart);

    /// @notice Amount locked for the region with chain id `chainId` (what that region's token may hold).
    function lockedFor(uint256 chainId) external view returns (uint256);

    /// @notice Links (or relinks) the SUAN token of a region: its gateway and ERC-7930 address. Governance only.
    function linkRegion(address gateway, bytes calldata counterpart) external;
}
