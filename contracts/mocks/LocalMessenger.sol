// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessageRecipient, IMessenger} from "../interfaces/IMessenger.sol";

/// @title LocalMessenger
/// @notice Test double of the bridge for a single chain: one instance per simulated domain, peered with
/// the others, delivering every dispatched message immediately and synchronously. A revert in the
/// recipient reverts the dispatch, so tests see the recipient's custom error directly.
contract LocalMessenger is IMessenger {
    error LocalMessengerUnknownPeer(uint32 domain);
    error LocalMessengerCallerNotPeer(address caller);

    event Dispatched(bytes32 indexed messageId, uint32 destination, bytes32 recipient, bytes body);

    uint32 public immutable localDomain;
    mapping(uint32 domain => LocalMessenger peer) public peers;
    uint256 public nonce;

    constructor(uint32 domain) {
        localDomain = domain;
    }

    function setPeer(LocalMessenger peer) external {
        peers[peer.localDomain()] = peer;
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
        peer.deliver(localDomain, sender, recipient, body);
    }

    function deliver(uint32 origin, bytes32 sender, bytes32 recipient, bytes calldata body) external {
        if (address(peers[origin]) != msg.sender) revert LocalMessengerCallerNotPeer(msg.sender);
        IMessageRecipient(address(uint160(uint256(recipient)))).handle(origin, sender, body);
    }
}
