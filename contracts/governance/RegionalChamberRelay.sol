// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC7786GatewaySource} from "@openzeppelin/contracts/interfaces/draft-IERC7786.sol";
import {IRegionalChamberRelay} from "../interfaces/IRegionalChamberRelay.sol";

/// @title RegionalChamberRelay
/// @notice A region's door to the stakeholder chamber (see `IRegionalChamberRelay`): a member vetoes from here,
/// the hub chamber counts it on delivery.
/// @dev Invariant: at most one message per (proposal, member) leaves this relay; no owner, immutable links
/// (the hub chamber accepts only the relay it registered for this chain).
contract RegionalChamberRelay is IRegionalChamberRelay {
    address private immutable _gateway;
    bytes private _hubChamber;
    mapping(uint256 proposalId => mapping(address member => bool)) private _forwarded;

    /// @param gateway_ The region's ERC-7786 gateway.
    /// @param hubChamber_ ERC-7930 address of the hub's `StakeholderChamber`.
    constructor(address gateway_, bytes memory hubChamber_) {
        _gateway = gateway_;
        _hubChamber = hubChamber_;
    }

    /// @inheritdoc IRegionalChamberRelay
    function veto(uint256 proposalId) external returns (bytes32 sendId) {
        if (_forwarded[proposalId][msg.sender])
            revert RegionalChamberRelayAlreadySent(proposalId, msg.sender);
        _forwarded[proposalId][msg.sender] = true;
        emit VetoForwarded(proposalId, msg.sender);
        sendId = IERC7786GatewaySource(_gateway).sendMessage(
            _hubChamber,
            abi.encode(proposalId, msg.sender),
            new bytes[](0)
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
