// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC7786GatewaySource} from "@openzeppelin/contracts/interfaces/draft-IERC7786.sol";
import {IMessageRecipient} from "./IMessenger.sol";

/// @title IMailboxGateway
/// @notice The bridge as an ERC-7786 gateway: `sendMessage` carries a payload to an ERC-7930 interoperable
/// address on another Suanli chain through the chain's Mailbox, and the gateway on the destination hands it to
/// the recipient's `receiveMessage` with the sender's interoperable address. Every Mailbox guarantee applies
/// unchanged (M-of-N attestation, exactly-once delivery, the rate limit of the `ERC7786_MESSAGE` lane).
/// @dev A Suanli domain is the EVM chain id, so the interoperable address of a chain is `formatEvmV1(domain)`.
/// Body: `MessageLib.encode(ERC7786_MESSAGE, abi.encodePacked(uint64 sequence, address sender, address
/// recipient, payload))` (packed: 48 bytes of header, no ABI padding to pay for in calldata); the receive id is
/// `keccak256(abi.encode(origin, sequence))`.
interface IMailboxGateway is IERC7786GatewaySource, IMessageRecipient {
    /// @notice The recipient is not an EVM (eip155) interoperable address with a 20-byte address.
    error MailboxGatewayInvalidRecipient(bytes recipient);
    /// @notice The destination chain has no enrolled gateway (or is this chain).
    error MailboxGatewayUnknownDestination(uint256 chainId);
    /// @notice Messages carrying value are not supported (the Mailbox moves no value across chains).
    error MailboxGatewayValueNotSupported(uint256 value);
    /// @notice The recipient did not return `IERC7786Recipient.receiveMessage.selector`.
    error MailboxGatewayRecipientRefused(address recipient);
    /// @notice The body is not an ERC-7786 message.
    error MailboxGatewayUnexpectedKind(uint8 kind);
    /// @notice The ERC-7786 message is shorter than its 48-byte header (sequence, sender, recipient).
    error MailboxGatewayMessageMalformed(uint256 length);

    /// @notice Emitted when a message from another chain was handed to its recipient. The origin and the sender
    /// are in the same transaction: the Mailbox's `Processed` (origin) and the ERC-7930 sender the recipient got.
    event MessageReceived(bytes32 indexed receiveId, address indexed recipient);

    /// @notice Number of messages sent so far (the next message's sequence).
    function sent() external view returns (uint64);
}
