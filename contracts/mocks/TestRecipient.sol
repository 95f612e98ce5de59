// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMailbox} from "../interfaces/IMailbox.sol";
import {IMessageRecipient} from "../interfaces/IMessenger.sol";

/// @title TestRecipient
/// @notice Records every message its mailbox delivers; can be told to revert, to exercise the relayer's
/// reason codes, or to call its mailbox back while delivering (the reentrancy attack), and exposes one governance-owned parameter for the cross-chain governance test.
contract TestRecipient is IMessageRecipient {
    error TestRecipientRejected(bytes32 bodyHash);
    error TestRecipientNotOwner(address caller);
    error TestRecipientNotMailbox(address caller);

    event Received(uint32 indexed origin, bytes32 indexed sender, bytes32 bodyHash, uint256 count);
    event ParameterSet(uint256 value);

    address public immutable mailbox;
    address public owner;
    bool public rejecting;
    bool public reentering;
    uint256 public parameter;
    uint256 public received;
    mapping(bytes32 bodyHash => uint256 count) public receivedCount;

    constructor(address mailbox_, address owner_) {
        mailbox = mailbox_;
        owner = owner_;
    }

    function handle(uint32 origin, bytes32 sender, bytes calldata body) external payable {
        if (msg.sender != mailbox) revert TestRecipientNotMailbox(msg.sender);
        bytes32 bodyHash = keccak256(body);
        if (rejecting) revert TestRecipientRejected(bodyHash);
        if (reentering) IMailbox(mailbox).withdrawTips();
        uint256 count = ++receivedCount[bodyHash];
        ++received;
        emit Received(origin, sender, bodyHash, count);
    }

    function setRejecting(bool value) external {
        rejecting = value;
    }

    function setReentering(bool value) external {
        reentering = value;
    }

    function setParameter(uint256 value) external {
        if (msg.sender != owner) revert TestRecipientNotOwner(msg.sender);
        parameter = value;
        emit ParameterSet(value);
    }
}
