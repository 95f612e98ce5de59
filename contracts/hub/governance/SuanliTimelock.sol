// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title SuanliTimelock
/// @notice OpenZeppelin's TimelockController, unchanged: it owns every protocol parameter and the treasury,
/// and executes what the Governor queued after `minDelay`.
contract SuanliTimelock is TimelockController {
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {}
}
