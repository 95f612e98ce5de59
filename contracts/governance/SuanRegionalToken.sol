// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Crosschain} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Crosschain.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {CrosschainLinked} from "@openzeppelin/contracts/crosschain/CrosschainLinked.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ISuanRegionalToken} from "../interfaces/ISuanRegionalToken.sol";

/// @title SuanRegionalToken
/// @notice SUAN on a regional chain (see `ISuanRegionalToken`): OpenZeppelin's `ERC20Crosschain` (burn on send,
/// mint on receive) with ERC20Votes on a timestamp clock.
/// @dev Invariant: the supply here never exceeds what the hub locked for this chain. It holds because the only
/// link is the hub's `HubTokenBridge` (which sends only after taking custody): a message from any other sender,
/// including this token on another region, fails `ERC7786RecipientUnauthorizedGateway`, and there is no owner and
/// no other mint path. Region-to-region moves go through the hub.
contract SuanRegionalToken is ISuanRegionalToken, ERC20, ERC20Permit, ERC20Votes, ERC20Crosschain {
    /// @param hubLink The hub's gateway here and the ERC-7930 address of the hub's `HubTokenBridge`.
    constructor(
        Link[] memory hubLink
    ) ERC20("Suanli", "SUAN") ERC20Permit("Suanli") CrosschainLinked(hubLink) {
        if (hubLink.length != 1) revert SuanRegionalTokenOneHubLink(hubLink.length);
    }

    /// @dev ERC-6372: votes are checkpointed by timestamp, the hub's clock.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @dev ERC-6372: see `clock`.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
