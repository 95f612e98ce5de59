// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC7786GatewaySource} from "@openzeppelin/contracts/interfaces/draft-IERC7786.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {IRegionalChamberRelay} from "../interfaces/IRegionalChamberRelay.sol";

/// @title RegionalChamberRelay
/// @notice A region's door to the stakeholder chamber (see `IRegionalChamberRelay`): anyone submits a member's
/// signed veto here, the hub chamber verifies the signature and counts it on delivery.
/// @dev Invariant: at most one message per (proposal, member) leaves this relay, and only with the member's
/// signature; no owner, immutable links (the hub chamber accepts only the relay it registered for this chain).
contract RegionalChamberRelay is IRegionalChamberRelay {
    /// @dev The hub chamber's EIP-712 domain and type (`StakeholderChamber`): name, version, hub chain, chamber.
    bytes32 private constant DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 private constant VETO_TYPEHASH = keccak256("Veto(uint256 proposalId,address member)");

    address private immutable _gateway;
    bytes32 private immutable _hubDomainSeparator;
    bytes private _hubChamber;
    mapping(uint256 proposalId => mapping(address member => bool)) private _forwarded;

    /// @param gateway_ The region's ERC-7786 gateway.
    /// @param hubChamber_ ERC-7930 address of the hub's `StakeholderChamber`.
    constructor(address gateway_, bytes memory hubChamber_) {
        _gateway = gateway_;
        _hubChamber = hubChamber_;
        (uint256 hubChainId, address chamber) = InteroperableAddress.parseEvmV1(hubChamber_);
        _hubDomainSeparator = keccak256(
            abi.encode(
                DOMAIN_TYPEHASH,
                keccak256("Suanli Stakeholder Chamber"),
                keccak256("1"),
                hubChainId,
                chamber
            )
        );
    }

    /// @inheritdoc IRegionalChamberRelay
    function veto(
        uint256 proposalId,
        address member,
        bytes calldata signature
    ) external returns (bytes32 sendId) {
        (address signer, , ) = ECDSA.tryRecoverCalldata(vetoDigest(proposalId, member), signature);
        if (signer != member || member == address(0))
            revert RegionalChamberRelayInvalidSignature(proposalId, member);
        if (_forwarded[proposalId][member]) revert RegionalChamberRelayAlreadySent(proposalId, member);
        _forwarded[proposalId][member] = true;
        emit VetoForwarded(proposalId, member);
        sendId = IERC7786GatewaySource(_gateway).sendMessage(
            _hubChamber,
            abi.encode(proposalId, member, signature),
            new bytes[](0)
        );
    }

    /// @inheritdoc IRegionalChamberRelay
    function vetoDigest(uint256 proposalId, address member) public view returns (bytes32) {
        return
            MessageHashUtils.toTypedDataHash(
                _hubDomainSeparator,
                keccak256(abi.encode(VETO_TYPEHASH, proposalId, member))
            );
    }

    /// @inheritdoc IRegionalChamberRelay
    function forwarded(uint256 proposalId, address member) external view returns (bool) {
        return _forwarded[proposalId][member];
    }

    /// @inheritdoc IRegionalChamberRelay
    function hubChamber() external view returns (bytes memory) {
        return _hubChamber;
    }
}
