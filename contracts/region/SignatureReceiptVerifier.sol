// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IReceiptVerifier} from "../interfaces/IReceiptVerifier.sol";
import {MessageLib} from "../libraries/MessageLib.sol";

/// @title SignatureReceiptVerifier
/// @notice Accepts a receipt signed (EIP-712) by the node's operator key. The domain binds chain id and this
/// contract, and the struct binds job, node and attempt, so a signature is valid for exactly one receipt.
/// ERC-1271 operators (smart-contract wallets) are supported.
contract SignatureReceiptVerifier is IReceiptVerifier, EIP712 {
    bytes32 public constant RECEIPT_TYPEHASH = keccak256(
        "Receipt(uint256 jobId,uint256 nodeId,uint32 attempt,uint256 inputCommitment,uint256 outputCommitment,"
        "uint32 latencyMs,uint64 finishTime,uint32 energyWh)"
    );

    constructor() EIP712("Suanli Receipt", "1") {}

    /// @inheritdoc IReceiptVerifier
    function verifyReceipt(
        MessageLib.Receipt calldata receipt,
        address operator,
        uint256,
        bytes calldata proof
    ) external view returns (bool) {
        if (operator == address(0)) return false;
        return SignatureChecker.isValidSignatureNow(operator, receiptDigest(receipt), proof);
    }

    /// @notice The EIP-712 digest an operator signs for `receipt`.
    function receiptDigest(MessageLib.Receipt calldata receipt) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(RECEIPT_TYPEHASH, receipt)));
    }
}
