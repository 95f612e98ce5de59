// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {
    IERC7786GatewaySource,
    IERC7786Recipient
} from "@openzeppelin/contracts/interfaces/draft-IERC7786.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {IMailboxGateway} from "../interfaces/IMailboxGateway.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {MessageLib} from "../libraries/MessageLib.sol";
import {MessageEndpoint} from "../messaging/MessageEndpoint.sol";

/// @title MailboxGateway
/// @notice An ERC-7786 source and destination gateway over the chain's Mailbox (see `IMailboxGateway`).
/// Gateways on different chains enrol each other as remotes (`enrollRemote`), so a delivery is accepted only
/// from the Mailbox and only when the origin's enrolled gateway dispatched it.
/// @dev No attribute is supported and no value is carried; `sendMessage` returns 0 (the message is sent: the
/// relayer delivers it without further action from the sender).
contract MailboxGateway is IMailboxGateway, MessageEndpoint {
    /// @dev Packed header of a carried message: sequence (8 bytes), sender (20), recipient (20).
    uint256 private constant HEADER = 48;
    uint64 private _sent;

    constructor(IMessenger mailbox_, address initialOwner) MessageEndpoint(mailbox_, initialOwner) {}

    /// @inheritdoc IERC7786GatewaySource
    function supportsAttribute(bytes4) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc IERC7786GatewaySource
    function sendMessage(
        bytes calldata recipient,
        bytes calldata payload,
        bytes[] calldata attributes
    ) external payable returns (bytes32 sendId) {
        if (attributes.length != 0) revert UnsupportedAttribute(bytes4(attributes[0]));
        if (msg.value != 0) revert MailboxGatewayValueNotSupported(msg.value);
        (bool ok, uint256 chainId, address to) = InteroperableAddress.tryParseEvmV1Calldata(recipient);
        if (!ok || to == address(0)) revert MailboxGatewayInvalidRecipient(recipient);
        if (chainId > type(uint32).max || remote(uint32(chainId)) == bytes32(0))
            revert MailboxGatewayUnknownDestination(chainId);
        uint64 sequence = _sent++;
        _send(
            uint32(chainId),
            MessageLib.encode(MessageLib.ERC7786_MESSAGE, abi.encodePacked(sequence, msg.sender, to, payload))
        );
        emit MessageSent(
            bytes32(0),
            InteroperableAddress.formatEvmV1(_localDomain(), msg.sender),
            recipient,
            payload,
            0,
            attributes
        );
        return bytes32(0);
    }

    /// @inheritdoc IMailboxGateway
    function sent() external view returns (uint64) {
        return _sent;
    }

    /// @dev An authenticated message from the gateway on `origin`: hand it to its recipient, which must accept.
    function _handle(uint32 origin, bytes calldata body) internal override {
        (uint8 kind, bytes calldata data) = MessageLib.decode(body);
        if (kind != MessageLib.ERC7786_MESSAGE) revert MailboxGatewayUnexpectedKind(kind);
        if (data.length < HEADER) revert MailboxGatewayMessageMalformed(data.length);
        uint64 sequence = uint64(bytes8(data[0:8]));
        address from = address(bytes20(data[8:28]));
        address to = address(bytes20(data[28:HEADER]));
        bytes32 receiveId = keccak256(abi.encode(origin, sequence));
        emit MessageReceived(receiveId, to);
        bytes4 magic = IERC7786Recipient(to).receiveMessage(
            receiveId,
            InteroperableAddress.formatEvmV1(origin, from),
            data[HEADER:]
        );
        if (magic != IERC7786Recipient.receiveMessage.selector) revert MailboxGatewayRecipientRefused(to);
    }
}
