// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessageRecipient} from "./IMessenger.sol";

/// @title IMessageEndpoint
/// @notice A contract that sends and receives messages through one messenger and accepts messages only
/// from the counterpart contracts ("remotes") enrolled by governance for each origin domain.
interface IMessageEndpoint is IMessageRecipient {
    /// @notice `handle` was called by an address other than the endpoint's messenger.
    error EndpointCallerNotMessenger(address caller);
    /// @notice A message came from a sender that is not the enrolled remote for its origin domain.
    error EndpointUnknownRemote(uint32 origin, bytes32 sender);
    /// @notice A delivery carried ETH, which an endpoint could not pass on.
    error EndpointValueNotAccepted(uint256 value);
    /// @notice The remote for a destination domain is not enrolled.
    error EndpointNoRemote(uint32 domain);

    /// @notice Emitted when governance enrols (or, with zero, removes) the remote for a domain.
    event RemoteEnrolled(uint32 indexed domain, bytes32 remote);

    /// @notice The messenger this endpoint sends through and accepts messages from.
    function messenger() external view returns (address);

    /// @notice The enrolled remote for `domain` (zero when none).
    function remote(uint32 domain) external view returns (bytes32);

    /// @notice Enrols `remoteAddress` as the only accepted sender from `domain`. Governance only.
    function enrollRemote(uint32 domain, bytes32 remoteAddress) external;
}
