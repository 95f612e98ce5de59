// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessenger} from "../interfaces/IMessenger.sol";
import {INodeIndex} from "../interfaces/INodeIndex.sol";
import {MessageLib} from "../libraries/MessageLib.sol";
import {MessageEndpoint} from "../messaging/MessageEndpoint.sol";
import {TimelockOwnedEndpoint} from "./governance/TimelockOwnedEndpoint.sol";

/// @title NodeIndex
/// @notice Hub-side index of every region's nodes; see {INodeIndex}. Remotes are the regions' ComputeRegistry.
contract NodeIndex is INodeIndex, TimelockOwnedEndpoint {
    mapping(uint256 nodeId => MessageLib.NodeRecord) private _nodes;
    uint256[] private _ids;

    constructor(IMessenger messenger_, address initialOwner) MessageEndpoint(messenger_, initialOwner) {}

    /// @inheritdoc INodeIndex
    function node(uint256 nodeId) external view returns (MessageLib.NodeRecord memory) {
        MessageLib.NodeRecord storage r = _nodes[nodeId];
        if (r.operator == address(0)) revert NodeIndexUnknownNode(nodeId);
        return r;
    }

    /// @inheritdoc INodeIndex
    function placementOf(uint256 nodeId) external view returns (uint8, uint128) {
        MessageLib.NodeRecord storage r = _nodes[nodeId];
        if (r.operator == address(0)) revert NodeIndexUnknownNode(nodeId);
        return (r.status, r.pricePerSecond);
    }

    /// @inheritdoc INodeIndex
    function identityCommitmentOf(uint256 nodeId) external view returns (uint256) {
        return _nodes[nodeId].identityCommitment;
    }

    /// @inheritdoc INodeIndex
    function operatorOf(uint256 nodeId) external view returns (address) {
        return _nodes[nodeId].operator;
    }

    /// @inheritdoc INodeIndex
    function nodeCount() external view returns (uint256) {
        return _ids.length;
    }

    /// @inheritdoc INodeIndex
    function nodeIds(uint256 offset, uint256 limit) external view returns (uint256[] memory ids) {
        uint256 total = _ids.length;
        if (offset >= total) return ids;
        uint256 end = offset + limit > total ? total : offset + limit;
        ids = new uint256[](end - offset);
        for (uint256 i = offset; i < end; ++i) ids[i - offset] = _ids[i];
    }

    /// @inheritdoc INodeIndex
    function regionOf(uint256 nodeId) public pure returns (uint32) {
        return uint32(nodeId >> 64);
    }

    function _handle(uint32 origin, bytes calldata body) internal override {
        (uint8 kind, bytes calldata payload) = MessageLib.decode(body);
        if (
            kind != MessageLib.NODE_REGISTERED &&
            kind != MessageLib.NODE_UPDATED &&
            kind != MessageLib.NODE_RETIRED
        ) {
            revert MessageLib.MessageLibUnexpectedKind(kind);
        }
        MessageLib.NodeRecord memory record = MessageLib.decodeNode(payload);
        if (regionOf(record.nodeId) != origin) revert NodeIndexWrongRegion(record.nodeId, origin);
        MessageLib.NodeRecord storage current = _nodes[record.nodeId];
        // The bridge may deliver a node's reports out of order; an older one must not roll the record back.
        // Ignoring (not reverting) keeps the late message from being retried forever.
        if (record.sequence <= current.sequence) {
            emit NodeReportIgnored(record.nodeId, record.sequence, current.sequence);
            return;
        }
        if (current.operator == address(0)) _ids.push(record.nodeId);
        _nodes[record.nodeId] = record;
        emit NodeIndexed(record.nodeId, origin, kind, record);
    }
}
