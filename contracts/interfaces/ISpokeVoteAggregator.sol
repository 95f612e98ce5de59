// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ISpokeVoteAggregator
/// @notice Voting on a region for a hub proposal: the hub's `HubVotePool` announces the proposal (id, snapshot,
/// cut-off); holders of regional SUAN vote with the Governor's `castVote` shapes, each weighed at the hub
/// snapshot time; anyone sends the running tally to the hub pool.
interface ISpokeVoteAggregator {
    /// @notice The hub proposal was not announced here.
    error SpokeVoteAggregatorUnknownProposal(uint256 proposalId);
    /// @notice The proposal was already announced here.
    error SpokeVoteAggregatorAlreadyAnnounced(uint256 proposalId);
    /// @notice The vote opens after the snapshot time.
    error SpokeVoteAggregatorNotStarted(uint256 proposalId, uint48 snapshot);
    /// @notice The spoke's voting closed at its cut-off.
    error SpokeVoteAggregatorVotingClosed(uint256 proposalId, uint48 cutoff);
    /// @notice The account already voted on the proposal here.
    error SpokeVoteAggregatorAlreadyVoted(uint256 proposalId, address voter);
    /// @notice The account had no votes here at the snapshot.
    error SpokeVoteAggregatorNoWeight(uint256 proposalId, address voter);
    /// @notice The support value is not 0 (against), 1 (for) or 2 (abstain).
    error SpokeVoteAggregatorInvalidSupport(uint8 support);
    /// @notice The signature is not the voter's over this ballot on this chain and aggregator.
    error SpokeVoteAggregatorInvalidSignature(address voter);
    /// @notice The tally did not change since it was last sent.
    error SpokeVoteAggregatorNothingToSend(uint256 proposalId);

    /// @notice Emitted when the hub announces a proposal.
    event ProposalAnnounced(uint256 indexed proposalId, uint48 snapshot, uint48 cutoff);
    /// @notice Emitted for every vote (same fields as `IGovernor.VoteCast`).
    event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason);
    /// @notice Emitted when the tally is sent to the hub.
    event TallySent(uint256 indexed proposalId, uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);

    /// @notice Votes with the caller's weight at the snapshot. Returns the weight.
    function castVote(uint256 proposalId, uint8 support) external returns (uint256);

    /// @notice `castVote` with a reason.
    function castVoteWithReason(
        uint256 proposalId,
        uint8 support,
        string calldata reason
    ) external returns (uint256);

    /// @notice Votes for `voter` with their EIP-712 `Ballot(proposalId, support, voter, nonce)` signature.
    function castVoteBySig(
        uint256 proposalId,
        uint8 support,
        address voter,
        bytes calldata signature
    ) external returns (uint256);

    /// @notice Sends the proposal's running tally to the hub pool (anyone may call).
    function sendTally(uint256 proposalId) external returns (bytes32 sendId);

    /// @notice The proposal's snapshot and cut-off (0, 0: not announced).
    function proposalTimes(uint256 proposalId) external view returns (uint48 snapshot, uint48 cutoff);

    /// @notice The proposal's tally here.
    function proposalVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);

    /// @notice Whether `account` voted on the proposal here.
    function hasVoted(uint256 proposalId, address account) external view returns (bool);

    /// @notice The current nonce of `voter` for `castVoteBySig`.
    function nonces(address voter) external view returns (uint256);
}
