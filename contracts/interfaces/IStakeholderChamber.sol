// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IStakeholderChamber
/// @notice The second house: one member, one vote. Membership is a non-transferable credential (ERC-721) the DAO
/// issues and revokes. For the proposal classes the DAO marks (calls to marked target functions — contract
/// upgrades, slashing and stake parameters — and treasury spends above a threshold) the members can veto until
/// the window after the hub vote's end closes; the Governor will not queue a marked proposal before then, and a
/// vetoed one is Defeated. The chamber proposes and passes nothing itself. Members veto on the hub or from any
/// region through its `RegionalChamberRelay` (an ERC-7786 message; membership and window checked on delivery).
interface IStakeholderChamber {
    /// @notice Who a member is.
    enum MemberClass {
        Enterprise,
        PublicBody,
        Research,
        Individual
    }

    /// @notice Credentials cannot be transferred (only issued and revoked).
    error StakeholderChamberNonTransferable(uint256 credential);
    /// @notice The account is already a member.
    error StakeholderChamberAlreadyMember(address account);
    /// @notice The account is not a member.
    error StakeholderChamberNotMember(address account);
    /// @notice The proposal is not of a class the chamber may veto (or unknown to the Governor).
    error StakeholderChamberNotVetoable(uint256 proposalId);
    /// @notice The veto window of the proposal closed.
    error StakeholderChamberVetoWindowClosed(uint256 proposalId, uint256 closedAt);
    /// @notice The member already vetoed the proposal.
    error StakeholderChamberAlreadyVetoed(uint256 proposalId, address member);
    /// @notice The Governor was already bound.
    error StakeholderChamberGovernorBound();
    /// @notice A veto threshold of zero was given.
    error StakeholderChamberInvalidThreshold();
    /// @notice A regional veto came from an address that is not the registered relay of its chain.
    error StakeholderChamberUnknownRelay(uint256 chainId, address sender);
    /// @notice A regional veto whose signature is not the member's (EIP-712 `Veto`, this chamber's domain):
    /// what a validator quorum forging a veto message would send.
    error StakeholderChamberInvalidVetoSignature(uint256 proposalId, address member);

    /// @notice Emitted when a credential is issued.
    event MemberAdmitted(address indexed member, MemberClass category);
    /// @notice Emitted when a credential is revoked.
    event MemberRevoked(address indexed member);
    /// @notice Emitted for each member's veto.
    event VetoCast(uint256 indexed proposalId, address indexed member, uint256 vetoes);
    /// @notice Emitted when governance marks or unmarks a target function as vetoable.
    event VetoableSet(address indexed target, bytes4 indexed selector, bool vetoable);
    /// @notice Emitted when governance sets the spend threshold of a treasury asset (address 0: ETH).
    event SpendThresholdSet(address indexed asset, uint256 threshold);
    /// @notice Emitted when governance sets the veto rules.
    event VetoRulesSet(uint256 threshold, uint48 window);
    /// @notice Emitted when governance sets the hub's ERC-7786 gateway regional vetoes arrive through.
    event GatewaySet(address gateway);
    /// @notice Emitted when governance registers (relay 0: removes) the `RegionalChamberRelay` of a chain.
    event RegionRelaySet(uint256 indexed chainId, address relay);
    /// @notice Emitted for a veto that arrived from a region (after its `VetoCast`).
    event RegionalVetoReceived(uint256 indexed proposalId, address indexed member, uint256 indexed chainId);

    /// @notice Issues a credential to `member`. Governance only.
    function admit(address member, MemberClass category) external;

    /// @notice Revokes `member`'s credential. Governance only.
    function revoke(address member) external;

    /// @notice Marks (or unmarks) calls of `selector` on `target` as a vetoable class. Governance only.
    function setVetoable(address target, bytes4 selector, bool vetoable) external;

    /// @notice Spends of `asset` (ETH: address 0, else ERC-20 `transfer`) above `threshold` are vetoable; 0 turns
    /// it off. Governance only.
    function setSpendThreshold(address asset, uint256 threshold) external;

    /// @notice Vetoes needed and seconds after the hub vote's end the window stays open. Governance only.
    function setVetoRules(uint256 threshold, uint48 window) external;

    /// @notice Vetoes a marked proposal (members only, within the window).
    function veto(uint256 proposalId) external;

    /// @notice The EIP-712 digest a member signs to veto `proposalId` from a region:
    /// `Veto(uint256 proposalId,address member)` in the domain ("Suanli Stakeholder Chamber", "1", hub chain id,
    /// this chamber). A regional veto counts only with the member's signature over it (ECDSA, or ERC-1271 for a
    /// contract member on the hub), so the bridge can carry, delay or drop a veto but not make one.
    function vetoDigest(uint256 proposalId, address member) external view returns (bytes32);

    /// @notice Sets the hub gateway regional vetoes arrive through. Governance only.
    function setGateway(address gateway) external;

    /// @notice Registers the `RegionalChamberRelay` of chain `chainId` (0 removes it). Governance only.
    function setRegionRelay(uint256 chainId, address relay) external;

    /// @notice The registered relay of chain `chainId` (zero: none).
    function regionRelay(uint256 chainId) external view returns (address);

    /// @notice Whether a proposal with these calls is of a vetoable class.
    function isVetoable(
        address[] calldata targets,
        uint256[] calldata values,
        bytes[] calldata calldatas
    ) external view returns (bool);

    /// @notice Whether the proposal reached the veto threshold.
    function vetoed(uint256 proposalId) external view returns (bool);

    /// @notice When the proposal's veto window closes (the hub vote's end plus the window).
    function vetoWindowEnd(uint256 proposalId) external view returns (uint256);

    /// @notice Vetoes cast on the proposal.
    function vetoes(uint256 proposalId) external view returns (uint256);

    /// @notice Whether `account` holds a credential, and its class.
    function memberClass(address account) external view returns (bool isMember, MemberClass category);

    /// @notice Number of members.
    function memberCount() external view returns (uint256);
}
