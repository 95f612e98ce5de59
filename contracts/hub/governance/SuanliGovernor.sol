// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingFractional} from "@openzeppelin/contracts/governance/extensions/GovernorCountingFractional.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IHubVotePool} from "../../interfaces/IHubVotePool.sol";
import {IStakeholderChamber} from "../../interfaces/IStakeholderChamber.sol";
import {ISuanliGovernor} from "../../interfaces/ISuanliGovernor.sol";

/// @title SuanliGovernor
/// @notice The DAO: OpenZeppelin Governor with settings, fractional counting (plain for/against/abstain votes,
/// and the split votes `HubVotePool` casts for the regions), token votes, a quorum fraction and execution through
/// the Timelock, which owns every protocol parameter. Proposals of a class the `StakeholderChamber` may veto
/// wait for its window to close before they can be queued, and are Defeated when vetoed.
/// @dev Gas: the clock is the timestamp, read here rather than asked of the token (checked equal at deployment);
/// the bound vote pool's weight is the one the pool read from the token's checkpoints (`IHubVotePool`
/// `castingWeight`), so counting a spoke's tally does not search the pool's checkpoints each time.
contract SuanliGovernor is
    ISuanliGovernor,
    Governor,
    GovernorSettings,
    GovernorCountingFractional,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    IStakeholderChamber private immutable _chamber;
    address private immutable _binder;
    address private _votePool;
    mapping(uint256 proposalId => bool) private _vetoable;

    /// @param chamber_ The stakeholder chamber (address 0: no second house).
    constructor(
        IVotes token,
        TimelockController timelock,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumPercent,
        IStakeholderChamber chamber_
    )
        Governor("Suanli DAO")
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotes(token)
        GovernorVotesQuorumFraction(quorumPercent)
        GovernorTimelockControl(timelock)
    {
        _chamber = chamber_;
        _binder = msg.sender;
        if (keccak256(bytes(IERC6372(address(token)).CLOCK_MODE())) != keccak256("mode=timestamp"))
            revert SuanliGovernorClockMismatch();
    }

    /// @inheritdoc ISuanliGovernor
    function bindVotePool(address votePool_) external {
        if (msg.sender != _binder) revert SuanliGovernorNotBinder(msg.sender);
        if (_votePool != address(0)) revert SuanliGovernorVotePoolBound();
        _votePool = votePool_;
        emit VotePoolBound(votePool_);
    }

    /// @inheritdoc ISuanliGovernor
    function votePool() external view returns (address) {
        return _votePool;
    }

    /// @dev ERC-6372: the token's clock (the timestamp, checked in the constructor), without a call to it.
    function clock() public view override(Governor, GovernorVotes) returns (uint48) {
        return Time.timestamp();
    }

    /// @dev ERC-6372: see `clock`.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(Governor, GovernorVotes) returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc ISuanliGovernor
    function proposalVetoable(uint256 proposalId) external view returns (bool) {
        return _vetoable[proposalId];
    }

    /// @notice The stakeholder chamber.
    function chamber() external view returns (IStakeholderChamber) {
        return _chamber;
    }

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function quorum(
        uint256 blockNumber
    ) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
        return super.quorum(blockNumber);
    }

    /// @dev A marked proposal the chamber vetoed is Defeated whatever the token vote.
    function state(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        ProposalState s = super.state(proposalId);
        if (s == ProposalState.Succeeded && _vetoable[proposalId] && _chamber.vetoed(proposalId)) {
            return ProposalState.Defeated;
        }
        return s;
    }

    /// @dev The bound pool, while it casts a tally, states its weight at the snapshot (read from the token);
    /// everyone else's, and the pool's outside a cast, is looked up in the token's checkpoints.
    function _getVotes(
        address account,
        uint256 timepoint,
        bytes memory params
    ) internal view override(Governor, GovernorVotes) returns (uint256) {
        // Only a fractional vote (48-byte params) can be the pool's: plain votes skip the pool check.
        if (params.length == 0x30 && account == _votePool && account != address(0)) {
            uint256 weight = IHubVotePool(account).castingWeight();
            if (weight != 0) return weight;
        }
        return super._getVotes(account, timepoint, params);
    }

    /// @dev Records whether the proposal is of a class the chamber may veto.
    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal override returns (uint256 proposalId) {
        proposalId = super._propose(targets, values, calldatas, description, proposer);
        if (address(_chamber) != address(0) && _chamber.isVetoable(targets, values, calldatas)) {
            _vetoable[proposalId] = true;
        }
    }

    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        if (_vetoable[proposalId]) {
            uint256 closesAt = _chamber.vetoWindowEnd(proposalId);
            if (block.timestamp <= closesAt) revert SuanliGovernorVetoWindowOpen(proposalId, closesAt);
        }
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
