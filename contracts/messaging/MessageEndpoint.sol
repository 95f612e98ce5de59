// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {IMessageEndpoint} from "../interfaces/IMessageEndpoint.sol";
import {ITimelockOwned} from "../interfaces/ITimelockOwned.sol";

/// @title MessageEndpoint
/// @notice Base for contracts that exchange messages with one counterpart per domain. It authenticates
/// every delivery twice: the caller must be the endpoint's messenger, and the origin sender must be the
/// remote governance enrolled for that origin domain. Ownership (governance) cannot be renounced, and a
/// delivery carrying ETH is refused, since an endpoint has no way to pass it on.
abstract contract MessageEndpoint is IMessageEndpoint, ITimelockOwned, Ownable {
    IMessenger private immutable _messenger;
    mapping(uint32 domain => bytes32 remote) private _remotes;

    constructor(IMessenger messenger_, address initialOwner) Ownable(initialOwner) {
        _messenger = messenger_;
    }

    /// @inheritdoc IMessageEndpoint
    function messenger() public view returns (address) {
        return address(_messenger);
    }

    /// @inheritdoc IMessageEndpoint
    function remote(uint32 domain) public view returns (bytes32) {
        return _remotes[domain];
    }

    /// @inheritdoc IMessageEndpoint
    function enrollRemote(uint32 domain, bytes32 remoteAddress) external onlyOwner {
        _remotes[domain] = remoteAddress;
        emit RemoteEnrolled(domain, remoteAddress);
    }

    /// @dev Authenticates the delivery, then hands the body to the implementation.
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external payable {
        if (msg.sender != address(_messenger)) revert EndpointCallerNotMessenger(msg.sender);
        if (msg.value != 0) revert EndpointValueNotAccepted(msg.value);
        bytes32 expected = _remotes[origin];
        if (expected == bytes32(0) || expected != sender) revert EndpointUnknownRemote(origin, sender);
        _handle(origin, body);
    }

    /// @dev Disabled: see {ITimelockOwned-TimelockOwnedRenounceDisabled}.
    function renounceOwnership() public pure virtual override {
        revert TimelockOwnedRenounceDisabled();
    }

    /// @dev Sends `body` to the enrolled remote on `domain`.
    function _send(uint32 domain, bytes memory body) internal returns (bytes32) {
        bytes32 to = _remotes[domain];
        if (to == bytes32(0)) revert EndpointNoRemote(domain);
        return _messenger.dispatch(domain, to, body);
    }

    function _localDomain() internal view returns (uint32) {
        return _messenger.localDomain();
    }

    /// @dev Processes an authenticated message from the remote on `origin`.
    function _handle(uint32 origin, bytes calldata body) internal virtual;
}
