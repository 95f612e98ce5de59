// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IDirectiveHub} from "../interfaces/IDirectiveHub.sol";
import {IJobMarket} from "../interfaces/IJobMarket.sol";
import {IMessenger} from "../interfaces/IMessenger.sol";
import {IMessageEndpoint} from "../interfaces/IMessageEndpoint.sol";
import {INodeIndex} from "../interfaces/INodeIndex.sol";
import {IStakeManager} from "../interfaces/IStakeManager.sol";
import {MessageLib} from "../libraries/MessageLib.sol";

/// @title DirectiveHub
/// @notice Issues placement directives; see {IDirectiveHub}. Remotes are the regions' DirectiveInbox.
/// @dev Governance (the Timelock) holds DEFAULT_ADMIN_ROLE and grants SCHEDULER_ROLE; remotes are enrolled by
/// the admin too. AccessControl instead of Ownable because several schedulers may hold the role.
contract DirectiveHub is IDirectiveHub, IMessageEndpoint, AccessControl {
    bytes32 public constant SCHEDULER_ROLE = keccak256("SCHEDULER_ROLE");
    uint8 private constant NODE_ACTIVE = 1;

    IMessenger private immutable _messenger;
    IJobMarket private immutable _market;
    INodeIndex private immutable _index;
    IStakeManager private immutable _stake;
    mapping(uint32 domain => bytes32 remote) private _remotes;

    constructor(
        IMessenger messenger_,
        IJobMarket market,
        INodeIndex index,
        IStakeManager stakeManager,
        address admin
    ) {
        _messenger = messenger_;
        _market = market;
        _index = index;
        _stake = stakeManager;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /// @inheritdoc IDirectiveHub
    function assign(
        uint256 jobId,
        uint256 nodeId,
        uint32 attempt
    ) external onlyRole(SCHEDULER_ROLE) returns (bytes32 messageId) {
        (uint8 status, uint128 pricePerSecond) = _index.placementOf(nodeId);
        if (status != NODE_ACTIVE) revert DirectiveHubNodeNotActive(nodeId);
        if (!_stake.hasMinimumStake(nodeId)) revert DirectiveHubInsufficientStake(nodeId);
        uint32 region = _index.regionOf(nodeId);
        bytes32 inbox = _remotes[region];
        if (inbox == bytes32(0)) revert EndpointNoRemote(region);

        MessageLib.AssignTerms memory terms = _market.recordAssignment(
            jobId,
            nodeId,
            pricePerSecond,
            attempt
        );
        messageId = _messenger.dispatch(region, inbox, MessageLib.encodeAssign(terms));
        emit Assigned(jobId, region, nodeId, terms, messageId);
    }

    /// @inheritdoc IMessageEndpoint
    function messenger() external view returns (address) {
        return address(_messenger);
    }

    /// @inheritdoc IMessageEndpoint
    function remote(uint32 domain) external view returns (bytes32) {
        return _remotes[domain];
    }

    /// @inheritdoc IMessageEndpoint
    function enrollRemote(uint32 domain, bytes32 remoteAddress) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _remotes[domain] = remoteAddress;
        emit RemoteEnrolled(domain, remoteAddress);
    }

    /// @dev Directives only flow down: no remote may send to the hub side.
    function handle(uint32 origin, bytes32 sender, bytes calldata) external payable {
        revert EndpointUnknownRemote(origin, sender);
    }
}
