// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ISuanliToken} from "../../interfaces/ISuanliToken.sol";

/// @title SuanliToken
/// @notice The governance and staking token (SUAN): ERC-20 with EIP-2612 permits and ERC-5805 votes.
/// The whole supply is minted once at deployment to an explicit distribution; there is no owner and no
/// further minting. Its clock is the timestamp (ERC-6372), so a proposal's snapshot means the same moment on
/// every chain: regional SUAN (`SuanRegionalToken`) checkpoints votes on the same clock.
contract SuanliToken is ISuanliToken, ERC20, ERC20Permit, ERC20Votes {
    /// @param holders Who receives the supply (deploy/params.ts names them per network).
    /// @param amounts What each holder receives; the supply is their sum.
    constructor(
        address[] memory holders,
        uint256[] memory amounts
    ) ERC20("Suanli", "SUAN") ERC20Permit("Suanli") {
        if (holders.length == 0 || holders.length != amounts.length) {
            revert SuanliTokenInvalidDistribution(holders.length, amounts.length);
        }
        for (uint256 i = 0; i < holders.length; ++i) _mint(holders[i], amounts[i]);
    }

    /// @dev ERC-6372: votes are checkpointed by timestamp (block numbers differ across chains).
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
