// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IRegionalChamberRelay
/// @notice On a region: forwards a stakeholder chamber member's signed veto to the hub's `StakeholderChamber`
/// over the region's ERC-7786 gateway. The member signs the hub chamber's EIP-712 `Veto(proposalId, member)`
/// (`vetoDigest`); anyone may submit it. The relay checks the signature (ECDSA) so nobody can use up a member's
/// forward; the hub checks it again against its credential registry, with membership (the credential lives on the
/// hub, so a revocation applies at once everywhere) and the window, when the message is delivered. Each member
/// forwards at most one veto per proposal from a relay; the bridge delivers each message once.
interface IRegionalChamberRelay {
    /// @notice The member already forwarded a veto on this proposal from this relay.
    error RegionalChamberRelayAlreadySent(uint256 proposalId, address member);
    /// @notice The signature is not `member`'s over the hub chamber's `vetoDigest(proposalId, member)`.
    error RegionalChamberRelayInvalidSignature(uint256 proposalId, address member);

    /// @notice Emitted when a member's veto is sent to the hub.
    event VetoForwarded(uint256 indexed proposalId, address indexed member);

    /// @notice Sends `member`'s veto on the hub proposal `proposalId`, signed by `member`, to the hub chamber.
    function veto(
        uint256 proposalId,
        address member,
        bytes calldata signature
    ) external returns (bytes32 sendId);

    /// @notice The digest `member` signs to veto `proposalId` (equal to the hub chamber's `vetoDigest`).
    function vetoDigest(uint256 proposalId, address member) external view returns (bytes32);

    /// @notice Whether `member` forwarded a veto on the proposal from this relay.
    function forwarded(uint256 proposalId, address member) external view returns (bool);

    /// @notice The hub chamber's ERC-7930 address.
    function hubChamber() external view returns (bytes memory);
}
