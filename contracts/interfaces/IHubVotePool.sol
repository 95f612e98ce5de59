// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IHubVotePool
/// @notice On the hub: announces proposals to the regions' vote aggregators and casts the tallies they send
/// through the Governor's fractional counting, with the votes the `HubTokenBridge` delegated to it.
interface IHubVotePool {
    /// @notice The tally came from an address that is not the registered aggregator of its chain.
    error HubVotePoolUnknownAggregator(uint256 chainId, address sender);
    /// @notice The Governor does not know the proposal.
    error HubVotePoolUnknownProposal(uint256 proposalId);
    /// @notice The tally arrived when the hub vote was not open (after the hub's end, or before its start).
    error HubVotePoolVotingClosed(uint256 proposalId);
    /// @notice The tally lowers or repeats the one counted from this spoke.
    error HubVotePoolTallyNotIncreasing(uint256 proposalId, uint256 chainId);
    /// @notice The proposal was already announced to the spoke.
    error HubVotePoolAlreadyAnnounced(uint256 proposalId, uint256 chainId);
    /// @notice The tally window is not shorter than the voting period.
    error HubVotePoolInvalidTallyWindow(uint48 window);
    /// @notice A tally came from a spoke the proposal was not announced to.
    error HubVotePoolNotAnnounced(uint256 proposalId, uint256 chainId);
    /// @notice The proposal was announced before its snapshot had passed (its vote opens after `snapshot`): the
    /// pool fixes the regions' weight when it announces, which only a past snapshot allows.
    error HubVotePoolSnapshotNotPast(uint256 proposalId, uint48 snapshot);
    /// @notice The caller is not the gateway.
    error HubVotePoolUnknownGateway(address gateway);

    /// @notice Emitted when governance registers (or replaces) the aggregator of a chain.
    event AggregatorRegistered(uint256 indexed chainId, address aggregator);
    /// @notice Emitted when governance removes the aggregator of a chain.
    event AggregatorRemoved(uint256 indexed chainId);
    /// @notice Emitted when a proposal is announced to a spoke.
    event ProposalAnnounced(
        uint256 indexed proposalId,
        uint256 indexed chainId,
        uint48 snapshot,
        uint48 cutoff
    );
    /// @notice Emitted when a spoke's tally is counted; the amounts are what this tally added.
    event TallyCounted(
        uint256 indexed proposalId,
        uint256 indexed chainId,
        uint256 againstAdded,
        uint256 forAdded,
        uint256 abstainAdded
    );
    /// @notice Emitted when governance sets the tally window.
    event TallyWindowSet(uint48 window);

    /// @notice Registers `aggregator` as the vote aggregator of chain `chainId`. Governance only.
    function registerAggregator(uint256 chainId, address aggregator) external;

    /// @notice Removes the aggregator of chain `chainId` (its tallies are refused from then on). Governance only.
    function removeAggregator(uint256 chainId) external;

    /// @notice Sets the time between a spoke's cut-off and the hub vote's end. Governance only.
    function setTallyWindow(uint48 window) external;

    /// @notice Sends the proposal (id, snapshot, cut-off) to chain `chainId`'s aggregator (anyone may call),
    /// once the snapshot is past (the spokes take votes only after it), and records the pool's votes at the
    /// snapshot for that spoke's tallies.
    function announce(uint256 proposalId, uint256 chainId) external returns (bytes32 sendId);

    /// @notice The spokes' cut-off of a proposal: the hub's end minus the tally window.
    function cutoff(uint256 proposalId) external view returns (uint48);

    /// @notice The registered aggregator of chain `chainId` (zero: none).
    function aggregator(uint256 chainId) external view returns (address);

    /// @notice The tally counted from chain `chainId` for the proposal.
    function spokeVotes(
        uint256 proposalId,
        uint256 chainId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);

    /// @notice The tally window in seconds.
    function tallyWindow() external view returns (uint48);

    /// @notice While the pool casts a tally: its votes at the proposal's snapshot (read from the token's
    /// checkpoints when the proposal was announced to the spoke, and kept); zero at any other time. The Governor weighs the pool's
    /// fractional vote with it.
    function castingWeight() external view returns (uint256);
}
