// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessageRecipient} from "../../interfaces/IMessenger.sol";

/// @title GasBurnerRecipient
/// @notice Test double (never deployed by deploy/): burns every unit of gas it is given, as a hostile
/// recipient anyone can dispatch to.
contract GasBurnerRecipient is IMessageRecipient {
    uint256 public burned;

    function handle(uint32, bytes32, bytes calldata) external payable {
        while (true) ++burned;
    }
}
