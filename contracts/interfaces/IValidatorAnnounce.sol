// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IValidatorAnnounce
/// @notice Where validators publish the URL of their signature store, signed by the validator key itself, so a
/// relayer finds each validator's endpoint on chain and no one else can redirect it (after Hyperlane's
/// ValidatorAnnounce). Anyone may submit an announcement; only the key's signature makes it count.
/// @dev The validator signs, with EIP-191, `announcementDigest(location)` =
/// `keccak256("SUANLI_VALIDATOR_ANNOUNCE" ‖ chainid ‖ this contract ‖ keccak256(location))`.
interface IValidatorAnnounce {
    /// @notice The signature does not recover to the announced validator.
    error ValidatorAnnounceWrongSigner(address validator, address signer);
    /// @notice This validator already announced this location.
    error ValidatorAnnounceReplayed(address validator, string location);
    /// @notice The location is empty or longer than 256 bytes.
    error ValidatorAnnounceBadLocation();

    /// @notice Emitted for every accepted announcement.
    event ValidatorAnnounced(address indexed validator, string location);

    /// @notice Records `location` as `validator`'s latest signature store.
    function announce(address validator, string calldata location, bytes calldata signature) external;

    /// @notice The latest location of each validator (empty string when it never announced).
    function latestLocations(address[] calldata validators) external view returns (string[] memory);

    /// @notice The digest a validator signs to announce `location` here.
    function announcementDigest(string calldata location) external view returns (bytes32);
}
