// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MessageLib} from "../libraries/MessageLib.sol";

/// @title IReceiptVerifier
/// @notice Decides whether a job receipt is valid. Swappable by governance: an EIP-712 operator signature
/// today, a Groth16 receipt proof later.
interface IReceiptVerifier {
    /// @notice True when `proof` proves `receipt` for the node with `operator` and `identityCommitment`.
    function verifyReceipt(
        MessageLib.Receipt calldata receipt,
        address operator,
        uint256 identityCommitment,
        bytes calldata proof
    ) external view returns (bool);
}
