// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC7786GatewaySource} from "@openzeppelin/contracts/interfaces/draft-IERC7786.sol";
import {ERC7786Recipient} from "@openzeppelin/contracts/crosschain/ERC7786Recipient.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IHubVotePool} from "../interfaces/IHubVotePool.sol";
import {ITimelockOwned} from "../interfaces/ITimelockOwned.sol";

/// @title HubVotePool
/// @notice The hub side of spoke voting (see `IHubVotePool`). It holds the votes of all SUAN locked for the
/// regions (delegated by `HubTokenBridge`) and casts, through `GovernorCountingFractional`, exactly what each
/// registered spoke's tally adds.
/// @dev Invariants: per (proposal, spoke) the counted tally only grows and is counted once per increase; the
/// Governor's fractional counting caps everything cast at the pool's snapshot weight (the SUAN locked for the
/// regions at the snapshot), so spokes together can never count more than exists on the regions.
/// Gas (docs/governance.md): a tally's delivery reads two slots and writes one; `announce`, made once the
/// snapshot is past, writes both with the pool's weight at the snapshot (read from the token there, final since
/// the snapshot is past), so no delivery reads the token or pays for a fresh slot here, and the weight is handed
/// to the Governor while casting (`castingWeight`): a delivery's cost does not grow with the lockbox's
/// checkpoints (one per bridge transfer).
contract HubVotePool is IHubVotePool, ERC7786Recipient, Ownable, ITimelockOwned {
    /// @dev `GovernorCountingFractional`'s support value for a split vote.
    uint8 private constant FRACTIONAL = 255;

    /// @dev Two slots per (proposal, spoke), both written by `announce` (snapshot and deadline are non-zero).
    /// 104 bits hold 2e31, far above SUAN's supply (1e26); a larger (forged) tally fails SafeCast.
    struct Tally {
        uint104 againstVotes;
        uint104 forVotes;
        uint48 snapshot;
        uint104 abstainVotes;
        /// @dev The pool's votes at the snapshot, read by `announce`.
        uint104 weight;
        /// @dev The hub vote's end, fixed at proposal time (the Governor has no deadline extension).
        uint48 deadline;
    }

    IGovernor private immutable _governor;
    IVotes private immutable _token;
    address private immutable _gateway;
    uint48 private _tallyWindow;
    uint256 private transient _castingWeight;
    mapping(uint256 chainId => address) private _aggregators;
    mapping(uint256 proposalId => mapping(uint256 chainId => Tally)) private _tallies;

    constructor(
        IGovernor governor_,
        address gateway_,
        uint48 tallyWindow_,
        address initialOwner
    ) Ownable(initialOwner) {
        _governor = governor_;
        _token = IVotes(address(GovernorVotes(payable(address(governor_))).token()));
        _gateway = gateway_;
        _tallyWindow = tallyWindow_;
        emit TallyWindowSet(tallyWindow_);
    }

    /// @inheritdoc IHubVotePool
    function registerAggregator(uint256 chainId, address aggregator_) external onlyOwner {
        _aggregators[chainId] = aggregator_;
        emit AggregatorRegistered(chainId, aggregator_);
    }

    /// @inheritdoc IHubVotePool
    function removeAggregator(uint256 chainId) external onlyOwner {
        delete _aggregators[chainId];
        emit AggregatorRemoved(chainId);
    }

    /// @inheritdoc IHubVotePool
    /// @dev Checked against the voting period when a proposal is announced (`cutoff`).
    function setTallyWindow(uint48 window) external onlyOwner {
        _tallyWindow = window;
        emit TallyWindowSet(window);
    }

    /// @inheritdoc IHubVotePool
    function announce(uint256 proposalId, uint256 chainId) external returns (bytes32 sendId) {
        uint48 snapshot = uint48(_governor.proposalSnapshot(proposalId));
        if (snapshot == 0) revert HubVotePoolUnknownProposal(proposalId);
        if (block.timestamp <= snapshot) revert HubVotePoolSnapshotNotPast(proposalId, snapshot);
        address spoke = _aggregators[chainId];
        if (spoke == address(0)) revert HubVotePoolUnknownAggregator(chainId, address(0));
        Tally storage t = _tallies[proposalId][chainId];
        if (t.snapshot != 0) revert HubVotePoolAlreadyAnnounced(proposalId, chainId);
        uint48 cut = cutoff(proposalId);
        (t.snapshot, t.deadline, t.weight) = (
            snapshot,
            uint48(_governor.proposalDeadline(proposalId)),
            // The snapshot is past: its checkpoint can no longer change, so the value read now stays exact.
            SafeCast.toUint104(_token.getPastVotes(address(this), snapshot))
        );
        emit ProposalAnnounced(proposalId, chainId, snapshot, cut);
        sendId = IERC7786GatewaySource(_gateway).sendMessage(
            InteroperableAddress.formatEvmV1(chainId, spoke),
            abi.encode(proposalId, snapshot, cut),
            new bytes[](0)
        );
    }

    /// @inheritdoc IHubVotePool
    function cutoff(uint256 proposalId) public view returns (uint48) {
        uint256 snapshot = _governor.proposalSnapshot(proposalId);
        uint256 deadline = _governor.proposalDeadline(proposalId);
        if (snapshot == 0) revert HubVotePoolUnknownProposal(proposalId);
        if (deadline - snapshot <= _tallyWindow) revert HubVotePoolInvalidTallyWindow(_tallyWindow);
        return uint48(deadline - _tallyWindow);
    }

    /// @inheritdoc IHubVotePool
    function aggregator(uint256 chainId) external view returns (address) {
        return _aggregators[chainId];
    }

    /// @inheritdoc IHubVotePool
    function spokeVotes(
        uint256 proposalId,
        uint256 chainId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        Tally storage t = _tallies[proposalId][chainId];
        return (t.againstVotes, t.forVotes, t.abstainVotes);
    }

    /// @inheritdoc IHubVotePool
    function tallyWindow() external view returns (uint48) {
        return _tallyWindow;
    }

    /// @inheritdoc IHubVotePool
    function castingWeight() external view returns (uint256) {
        return _castingWeight;
    }

    /// @notice The Governor the pool votes in.
    function governor() external view returns (IGovernor) {
        return _governor;
    }

    /// @dev Only the gateway; which sender is allowed is checked in `_processMessage` (with a named error).
    function _isAuthorizedGateway(address gateway, bytes calldata) internal view override returns (bool) {
        return gateway == _gateway;
    }

    /// @dev A spoke's tally: (proposal id, against, for, abstain), cumulative.
    function _processMessage(
        address,
        bytes32,
        bytes calldata sender,
        bytes calldata payload
    ) internal override {
        (uint256 chainId, address from) = InteroperableAddress.parseEvmV1Calldata(sender);
        if (from == address(0) || _aggregators[chainId] != from)
            revert HubVotePoolUnknownAggregator(chainId, from);
        (uint256 proposalId, uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) = abi.decode(
            payload,
            (uint256, uint256, uint256, uint256)
        );
        Tally memory t = _openTally(proposalId, chainId);
        if (
            againstVotes < t.againstVotes ||
            forVotes < t.forVotes ||
            abstainVotes < t.abstainVotes ||
            againstVotes + forVotes + abstainVotes == uint256(t.againstVotes) + t.forVotes + t.abstainVotes
        ) revert HubVotePoolTallyNotIncreasing(proposalId, chainId);
        uint256 addAgainst = againstVotes - t.againstVotes;
        uint256 addFor = forVotes - t.forVotes;
        uint256 addAbstain = abstainVotes - t.abstainVotes;
        Tally storage stored = _tallies[proposalId][chainId];
        (stored.againstVotes, stored.forVotes) = (
            SafeCast.toUint104(againstVotes),
            SafeCast.toUint104(forVotes)
        );
        // The second slot only when it changes (an abstention added).
        if (addAbstain != 0) stored.abstainVotes = SafeCast.toUint104(abstainVotes);
        emit TallyCounted(proposalId, chainId, addAgainst, addFor, addAbstain);
        _castingWeight = t.weight;
        _governor.castVoteWithReasonAndParams(
            proposalId,
            FRACTIONAL,
            "",
            // each delta is at most its (checked) uint104 total
            abi.encodePacked(uint128(addAgainst), uint128(addFor), uint128(addAbstain))
        );
        _castingWeight = 0;
    }

    /// @dev The (proposal, spoke) tally, if the proposal was announced to the spoke and the hub vote is open by
    /// time (a cancelled proposal is refused by the Governor's own state check).
    function _openTally(uint256 proposalId, uint256 chainId) private view returns (Tally memory t) {
        t = _tallies[proposalId][chainId];
        if (t.snapshot == 0) {
            if (_governor.proposalSnapshot(proposalId) == 0) revert HubVotePoolUnknownProposal(proposalId);
            revert HubVotePoolNotAnnounced(proposalId, chainId);
        }
        if (block.timestamp <= t.snapshot || block.timestamp > t.deadline)
            revert HubVotePoolVotingClosed(proposalId);
    }

    /// @dev Disabled: see {ITimelockOwned-TimelockOwnedRenounceDisabled}.
    function renounceOwnership() public pure override {
        revert TimelockOwnedRenounceDisabled();
    }
}
