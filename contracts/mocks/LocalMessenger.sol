// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IMessageRecipient, IMessenger} from "../interfaces/IMessenger.sol";

/// @title LocalMessenger
/// @notice Test double of the bridge for a single chain: one instance per simulated domain, peered with
/// the others, delivering every dispatched message immediately and synchronously (a revert in the
/// recipient reverts the dispatch, so tests see the recipient's custom error directly). In `held` mode it
/// queues outgoing messages instead, and `release` delivers the oldest one: the asynchrony of a real bridge.
/// It authenticates nothing beyond its peers, so only its owner may peer, hold and release, and deploy/suanli.ts
/// refuses it outside the development chains (deploy/params.ts: DEVELOPMENT_CHAIN_IDS).
contract LocalMessenger is IMessenger, Ownable {
    error LocalMessengerUnknownPeer(uint32 domain);
    error LocalMessengerCallerNotPeer(address caller);
    error LocalMessengerNothingHeld();

    struct Held {
        uint32 destination;
        bytes32 sender;
        bytes32 recipient;
        bytes body;
    }

    event Dispatched(bytes32 indexed messageId, uint32 destination, bytes32 recipient, bytes body);

    uint32 public immutable localDomain;
    mapping(uint32 domain => LocalMessenger peer) public peers;
    uint256 public nonce;
    bool public held;
    Held[] private _queue;
    uint256 private _next;

    constructor(uint32 domain) Ownable(msg.sender) {
        localDomain = domain;
    }

    function setPeer(LocalMessenger peer) external onlyOwner {
        peers[peer.localDomain()] = peer;
    }

    function setHeld(bool held_) external onlyOwner {
        held = held_;
    }

    function heldCount() external view returns (uint256) {
        return _queue.length - _next;
    }

    /// @notice Delivers the oldest held message.
    function release() external onlyOwner {
        if (_next == _queue.length) revert LocalMessengerNothingHeld();
        Held memory m = _queue[_next++];
        peers[m.destination].deliver(localDomain, m.sender, m.recipient, m.body);
    }

    /// @notice Drops the oldest held message undelivered: a relayer giving up on one that keeps reverting.
    function skip() external onlyOwner {
        if (_next == _queue.length) revert LocalMessengerNothingHeld();
        ++_next;
    }

    function dispatch(
        uint32 destinationDomain,
        bytes32 recipient,
        bytes calldata body
    ) external payable returns (bytes32 messageId) {
        LocalMessenger peer = peers[destinationDomain];
        if (address(peer) == address(0)) revert LocalMessengerUnknownPeer(destinationDomain);
        bytes32 sender = bytes32(uint256(uint160(msg.sender)));
        messageId = keccak256(abi.encode(nonce++, localDomain, sender, destinationDomain, recipient, body));
        emit Dispatched(messageId, destinationDomain, recipient, body);
        if (held) _queue.push(Held(destinationDomain, sender, recipient, body));
        else peer.deliver(localDomain, sender, recipient, body);
    }

    function deliver(uint32 origin, bytes32 sender, bytes32 recipient, bytes calldata body) external {
        if (address(peers[origin]) != msg.sender) revert LocalMessengerCallerNotPeer(msg.sender);
        IMessageRecipient(address(uint160(uint256(recipient)))).handle(origin, sender, body);
    }
}
