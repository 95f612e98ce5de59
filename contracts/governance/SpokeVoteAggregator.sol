// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IERC7786GatewaySource} from "@openzeppelin/contracts/interfaces/draft-IERC7786.sol";
import {ERC7786Recipient} from "@openzeppelin/contracts/crosschain/ERC7786Recipient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {Bytes} from "@openzeppelin/contracts/utils/Bytes.sol";
import {ISpokeVoteAggregator} from "../interfaces/ISpokeVoteAggregator.sol";

/// @title SpokeVoteAggregator
/// @notice A region's vote aggregator for hub proposals (see `ISpokeVoteAggregator`).
/// @dev Invariants: a voter counts at most once per proposal, with their regional votes at the hub snapshot
/// time (the token's clock is the timestamp, like the hub's); votes are taken only in (snapshot, cut-off]; the
/// tally only grows, and the hub pool counts only what a tally adds. Ballot signatures are EIP-712 bound to
/// this chain id and this contract, so a signature made for another region does not verify here.
contract SpokeVoteAggregator is ISpokeVoteAggregator, ERC7786Recipient, EIP712, Nonces {
    using Bytes for bytes;

    bytes32 public constant BALLOT_TYPEHASH = keccak256(
        "Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)"
    );

    struct Proposal {
        uint48 snapshot;
        uint48 cutoff;
        uint256 againstVotes;
        uint256 forVotes;
        uint256 abstainVotes;
        /// @dev Total of the three when the tally was last sent.
        uint256 sentTotal;
    }

    IVotes private immutable _token;
    address private immutable _gateway;
    bytes private _hubPool;
    mapping(uint256 proposalId => Proposal) private _proposals;
    mapping(uint256 proposalId => mapping(address voter => bool)) private _voted;

    /// @param token_ Regional SUAN (timestamp clock).
    /// @param gateway_ The chain's ERC-7786 gateway.
    /// @param hubPool_ ERC-7930 address of the hub's `HubVotePool` (the only announcer, the tally's recipient).
    constructor(IVotes token_, address gateway_, bytes memory hubPool_) EIP712("SpokeVoteAggregator", "1") {
        _token = token_;
        _gateway = gateway_;
        _hubPool = hubPool_;
    }

    /// @inheritdoc ISpokeVoteAggregator
    function castVote(uint256 proposalId, uint8 support) external returns (uint256) {
        return _castVote(proposalId, msg.sender, support, "");
    }

    /// @inheritdoc ISpokeVoteAggregator
    function castVoteWithReason(
        uint256 proposalId,
        uint8 support,
        string calldata reason
    ) external returns (uint256) {
        return _castVote(proposalId, msg.sender, support, reason);
    }

    /// @inheritdoc ISpokeVoteAggregator
    function castVoteBySig(
        uint256 proposalId,
        uint8 support,
        address voter,
        bytes calldata signature
    ) external returns (uint256) {
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(BALLOT_TYPEHASH, proposalId, support, voter, _useNonce(voter)))
        );
        if (!SignatureChecker.isValidSignatureNow(voter, digest, signature))
            revert SpokeVoteAggregatorInvalidSignature(voter);
        return _castVote(proposalId, voter, support, "");
    }

    /// @inheritdoc ISpokeVoteAggregator
    function sendTally(uint256 proposalId) external returns (bytes32 sendId) {
        Proposal storage p = _known(proposalId);
        uint256 total = p.againstVotes + p.forVotes + p.abstainVotes;
        if (total == p.sentTotal) revert SpokeVoteAggregatorNothingToSend(proposalId);
        p.sentTotal = total;
        emit TallySent(proposalId, p.againstVotes, p.forVotes, p.abstainVotes);
        sendId = IERC7786GatewaySource(_gateway).sendMessage(
            _hubPool,
            abi.encode(proposalId, p.againstVotes, p.forVotes, p.abstainVotes),
            new bytes[](0)
        );
    }

    /// @inheritdoc ISpokeVoteAggregator
    function proposalTimes(uint256 proposalId) external view returns (uint48 snapshot, uint48 cutoff) {
        Proposal storage p = _proposals[proposalId];
        return (p.snapshot, p.cutoff);
    }

    /// @inheritdoc ISpokeVoteAggregator
    function proposalVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        Proposal storage p = _proposals[proposalId];
        return (p.againstVotes, p.forVotes, p.abstainVotes);
    }

    /// @inheritdoc ISpokeVoteAggregator
    function hasVoted(uint256 proposalId, address account) external view returns (bool) {
        return _voted[proposalId][account];
    }

    /// @inheritdoc ISpokeVoteAggregator
    function nonces(address voter) public view override(ISpokeVoteAggregator, Nonces) returns (uint256) {
        return super.nonces(voter);
    }

    /// @notice The hub pool's ERC-7930 address.
    function hubPool() external view returns (bytes memory) {
        return _hubPool;
    }

    function _castVote(
        uint256 proposalId,
        address voter,
        uint8 support,
        string memory reason
    ) private returns (uint256 weight) {
        Proposal storage p = _known(proposalId);
        if (block.timestamp <= p.snapshot) revert SpokeVoteAggregatorNotStarted(proposalId, p.snapshot);
        if (block.timestamp > p.cutoff) revert SpokeVoteAggregatorVotingClosed(proposalId, p.cutoff);
        if (_voted[proposalId][voter]) revert SpokeVoteAggregatorAlreadyVoted(proposalId, voter);
        weight = _token.getPastVotes(voter, p.snapshot);
        if (weight == 0) revert SpokeVoteAggregatorNoWeight(proposalId, voter);
        _voted[proposalId][voter] = true;
        if (support == 0) p.againstVotes += weight;
        else if (support == 1) p.forVotes += weight;
        else if (support == 2) p.abstainVotes += weight;
        else revert SpokeVoteAggregatorInvalidSupport(support);
        emit VoteCast(voter, proposalId, support, weight, reason);
    }

    function _known(uint256 proposalId) private view returns (Proposal storage p) {
        p = _proposals[proposalId];
        if (p.snapshot == 0) revert SpokeVoteAggregatorUnknownProposal(proposalId);
    }

    /// @inheritdoc ERC7786Recipient
    function _isAuthorizedGateway(
        address gateway,
        bytes calldata sender
    ) internal view override returns (bool) {
        return gateway == _gateway && _hubPool.equal(sender);
    }

    /// @dev An announcement from the hub pool: (proposal id, snapshot, cut-off).
    function _processMessage(address, bytes32, bytes calldata, bytes calldata payload) internal override {
        (uint256 proposalId, uint48 snapshot, uint48 cutoff) = abi.decode(payload, (uint256, uint48, uint48));
        Proposal storage p = _proposals[proposalId];
        if (p.snapshot != 0) revert SpokeVoteAggregatorAlreadyAnnounced(proposalId);
        p.snapshot = snapshot;
        p.cutoff = cutoff;
        emit ProposalAnnounced(proposalId, snapshot, cutoff);
    }
}
