// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IValidatorAnnounce} from "../interfaces/IValidatorAnnounce.sol";

/// @title ValidatorAnnounce
/// @notice Validators' signature-store URLs, each signed by the validator key (see `IValidatorAnnounce`).
contract ValidatorAnnounce is IValidatorAnnounce {
    uint256 private constant MAX_LOCATION = 256;

    mapping(address validator => string location) private _latest;
    mapping(bytes32 announcement => bool) private _seen;

    /// @inheritdoc IValidatorAnnounce
    function announce(address validator, string calldata location, bytes calldata signature) external {
        uint256 length = bytes(location).length;
        if (length == 0 || length > MAX_LOCATION) revert ValidatorAnnounceBadLocation();
        bytes32 key = keccak256(abi.encode(validator, location));
        if (_seen[key]) revert ValidatorAnnounceReplayed(validator, location);
        address signer = ECDSA.recover(
            MessageHashUtils.toEthSignedMessageHash(announcementDigest(location)),
            signature
        );
        if (signer != validator) revert ValidatorAnnounceWrongSigner(validator, signer);
        _seen[key] = true;
        _latest[validator] = location;
        emit ValidatorAnnounced(validator, location);
    }

    /// @inheritdoc IValidatorAnnounce
    function latestLocations(
        address[] calldata validators
    ) external view returns (string[] memory locations) {
        locations = new string[](validators.length);
        for (uint256 i; i < validators.length; ++i) locations[i] = _latest[validators[i]];
    }

    /// @inheritdoc IValidatorAnnounce
    function announcementDigest(string calldata location) public view returns (bytes32) {
        return
            keccak256(
                abi.encodePacked(
                    "SUANLI_VALIDATOR_ANNOUNCE",
                    block.chainid,
                    address(this),
                    keccak256(bytes(location))
                )
            );
    }
}
