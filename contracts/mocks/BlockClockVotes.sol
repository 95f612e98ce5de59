// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";

/// @title BlockClockVotes
/// @notice Test double: an ERC20Votes token on OpenZeppelin's default block-number clock, which the Governor
/// must refuse (`SuanliGovernorClockMismatch`): its clock is the timestamp.
contract BlockClockVotes is ERC20, EIP712, ERC20Votes {
    constructor() ERC20("Block clock votes", "BCV") EIP712("Block clock votes", "1") {}

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}
