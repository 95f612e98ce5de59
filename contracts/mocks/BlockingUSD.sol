// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TestUSD} from "./TestUSD.sol";

/// @title BlockingUSD
/// @notice Hostile test token: TestUSD whose transfers to or from a blocked address revert, like a stablecoin
/// blacklist. Used to show that one blocked party cannot lock the other parties' shares of an escrow.
contract BlockingUSD is TestUSD {
    error BlockingUSDBlocked(address account);

    mapping(address account => bool) public blocked;

    function setBlocked(address account, bool blocked_) external {
        blocked[account] = blocked_;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (blocked[from]) revert BlockingUSDBlocked(from);
        if (blocked[to]) revert BlockingUSDBlocked(to);
        super._update(from, to, value);
    }
}
