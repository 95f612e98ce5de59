// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessageRecipient} from "../../interfaces/IMessenger.sol";

/// @title HugeRevertRecipient
/// @notice Test double (never deployed by deploy/): reverts with `size` bytes of revert data (1 MB by default),
/// so a caller that copies the whole payload pays memory expansion quadratic in its size.
contract HugeRevertRecipient is IMessageRecipient {
    uint256 public immutable size;

    constructor(uint256 size_) {
        size = size_;
    }

    function handle(uint32, bytes32, bytes calldata) external payable {
        uint256 n = size;
        // solhint-disable-next-line no-inline-assembly
        assembly {
            revert(0, n)
        }
    }
}
