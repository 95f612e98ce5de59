// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {MessageEndpoint} from "../../messaging/MessageEndpoint.sol";

/// @title TimelockOwnedEndpoint
/// @notice A {MessageEndpoint} the hub Timelock owns, with {TimelockOwned}'s two-step transfer.
abstract contract TimelockOwnedEndpoint is MessageEndpoint, Ownable2Step {
    function renounceOwnership() public pure override(Ownable, MessageEndpoint) {
        revert TimelockOwnedRenounceDisabled();
    }

    function transferOwnership(address newOwner) public override(Ownable, Ownable2Step) onlyOwner {
        Ownable2Step.transferOwnership(newOwner);
    }

    function _transferOwnership(address newOwner) internal override(Ownable, Ownable2Step) {
        Ownable2Step._transferOwnership(newOwner);
    }
}
