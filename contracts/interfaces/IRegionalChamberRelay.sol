// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IRegionalChamberRelay
/// @notice On a region: forwards a stakeholder chamber member's veto to the hub's `StakeholderChamber` over the
/// region's ERC-7786 gateway. The member sends it themselves (the veto is `msg.sender`'s); the hub checks
/// membership (the credential lives on the hub, so a revocation applies at once everywhere) and the window when
/// the message is delivered. Each member forwards at most one veto per proposal from a relay; the bridge delivers
/// each message once.
interface IRegionalChamberRelay {
    /// @notice The member already forwarded a veto on this proposal from this relay.
    error RegionalChamberRelayAlreadySent(uint256 proposalId, address member);

    /// @notice Emitted when a member's veto is sent to the hub.
    event VetoForwarded(uint256 indexed proposalId, address indexed member);

    /// @notice Sends the caller's veto on the hub proposal `proposalId` to the hub chamber.
    function veto(uint256 proposalId) external returns (bytes32 sendId);

    /// @notice Whether `member` forwarded a veto on the proposal from this relay.
    function forwarded(uint256 proposalId, address member) external view returns (bool);

    /// @notice The hub chamber's ERC-7930 address.
    function hubChamber() external view returns (bytes memory);
}
