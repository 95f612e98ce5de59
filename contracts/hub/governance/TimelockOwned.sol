// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ITimelockOwned} from "../../interfaces/ITimelockOwned.sol";

/// @title TimelockOwned
/// @notice Ownership for contracts the hub Timelock owns: two-step transfer (`acceptOwnership` by the new
/// owner) and no renouncing.
abstract contract TimelockOwned is Ownable2Step, ITimelockOwned {
    /// @dev Disabled: see {ITimelockOwned-TimelockOwnedRenounceDisabled}.
    function renounceOwnership() public pure override {
        revert TimelockOwnedRenounceDisabled();
    }
}
