// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ISuanRegionalToken
/// @notice SUAN on a regional chain: minted only when the hub's `HubTokenBridge` locked the same amount, burnt
/// when sent back (then unlocked on the hub). Votes checkpointed by timestamp (ERC-6372), like the hub's token.
interface ISuanRegionalToken {
    /// @notice The token was built with a number of hub links other than one.
    error SuanRegionalTokenOneHubLink(uint256 links);
}
