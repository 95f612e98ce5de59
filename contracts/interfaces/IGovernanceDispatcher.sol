// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IGovernanceDispatcher
/// @notice The hub's one sender of governance calls to regions. Owned by the hub Timelock: it numbers the calls
/// of each region in the order the Timelock executes them and gives each an expiry, so the region's
/// `GovernanceExecutor` runs them in that order whatever order the bridge delivers them in.
interface IGovernanceDispatcher {
    /// @notice A validity of zero or above `MAX_VALIDITY` seconds was given.
    error GovernanceDispatcherInvalidValidity(uint64 validFor);

    /// @notice Emitted for every call sent.
    event GovernanceCallSent(
        uint32 indexed region,
        uint64 indexed sequence,
        bytes32 messageId,
        address target,
        uint64 expiresAt
    );

    /// @notice Sends `target.call{value}(data)` to the executor of `region`, valid for `validFor` seconds.
    /// Owner (hub Timelock) only.
    function send(
        uint32 region,
        bytes32 executor,
        address target,
        uint256 value,
        bytes calldata data,
        uint64 validFor
    ) external returns (bytes32 messageId, uint64 sequence);

    /// @notice The sequence number the next call to `region` gets.
    function nextSequence(uint32 region) external view returns (uint64);
}
