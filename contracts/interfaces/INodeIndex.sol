// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {MessageLib} from "../libraries/MessageLib.sol";

/// @title INodeIndex
/// @notice The hub's global index of nodes, fed by the regional registries' reports. The scheduler reads it
/// to place jobs; the market reads it for operators and prices.
interface INodeIndex {
    /// @notice A report's node id does not belong to the region it came from.
    error NodeIndexWrongRegion(uint256 nodeId, uint32 origin);
    /// @notice `nodeId` has never been reported.
    error NodeIndexUnknownNode(uint256 nodeId);

    event NodeIndexed(
        uint256 indexed nodeId,
        uint32 indexed region,
        uint8 kind,
        MessageLib.NodeRecord record
    );
    /// @notice A report older than (or the same as) the record held arrived and was ignored.
    event NodeReportIgnored(uint256 indexed nodeId, uint64 sequence, uint64 current);

    /// @notice The latest record of a node.
    function node(uint256 nodeId) external view returns (MessageLib.NodeRecord memory);

    /// @notice What placement needs of a node, without copying its whole record: status and ask.
    function placementOf(uint256 nodeId) external view returns (uint8 status, uint128 pricePerSecond);

    /// @notice The node's identity commitment (zero when unknown).
    function identityCommitmentOf(uint256 nodeId) external view returns (uint256);

    /// @notice The node's operator (zero when unknown).
    function operatorOf(uint256 nodeId) external view returns (address);

    /// @notice Number of nodes known to the hub.
    function nodeCount() external view returns (uint256);

    /// @notice Node ids in the order the hub learnt of them, from `offset`, at most `limit`.
    function nodeIds(uint256 offset, uint256 limit) external view returns (uint256[] memory ids);

    /// @notice The region (domain) encoded in a node id.
    function regionOf(uint256 nodeId) external pure returns (uint32);
}
