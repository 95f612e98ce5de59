// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessenger} from "../interfaces/IMessenger.sol";
import {IComputeRegistry} from "../interfaces/IComputeRegistry.sol";
import {MessageLib} from "../libraries/MessageLib.sol";
import {MessageEndpoint} from "../messaging/MessageEndpoint.sol";

/// @title ComputeRegistry
/// @notice Region-side node registry; see {IComputeRegistry}.
contract ComputeRegistry is IComputeRegistry, MessageEndpoint {
    /// @dev BN254 scalar field order: identity commitments are Poseidon outputs, hence below it.
    uint256 private constant SNARK_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;
    uint8 private constant MAX_LATENCY_CLASS = 3;
    uint32 private constant MAX_CARBON_INTENSITY = 2_000;
    uint256 private constant MAX_ENDPOINT_BYTES = 256;
    uint256 private constant MAX_GPU_MODEL_BYTES = 64;

    struct Node {
        address operator;
        NodeStatus status;
        uint64 reports;
        NodeParams params;
    }

    uint32 private immutable _hubDomain;
    uint256 private _count;
    mapping(uint256 nodeId => Node) private _nodes;

    /// @param messenger_ Messenger to the hub.
    /// @param hubDomain Domain of the hub chain, where node changes are reported.
    /// @param initialOwner Governance of this region (the region's GovernanceExecutor).
    constructor(
        IMessenger messenger_,
        uint32 hubDomain,
        address initialOwner
    ) MessageEndpoint(messenger_, initialOwner) {
        _hubDomain = hubDomain;
    }

    /// @inheritdoc IComputeRegistry
    function register(NodeParams calldata params) external returns (uint256 nodeId) {
        _validate(params);
        nodeId = (uint256(_localDomain()) << 64) | ++_count;
        Node storage n = _nodes[nodeId];
        n.operator = msg.sender;
        n.status = NodeStatus.Active;
        n.params = params;
        emit NodeRegistered(nodeId, msg.sender, params);
        _report(MessageLib.NODE_REGISTERED, nodeId, n);
    }

    /// @inheritdoc IComputeRegistry
    function update(uint256 nodeId, NodeParams calldata params) external {
        Node storage n = _operated(nodeId);
        if (n.status == NodeStatus.Retired) revert ComputeRegistryInvalidStatus(nodeId, n.status);
        _validate(params);
        n.params = params;
        emit NodeUpdated(nodeId, params);
        _report(MessageLib.NODE_UPDATED, nodeId, n);
    }

    /// @inheritdoc IComputeRegistry
    function pause(uint256 nodeId) external {
        _transition(nodeId, NodeStatus.Active, NodeStatus.Paused, MessageLib.NODE_UPDATED);
    }

    /// @inheritdoc IComputeRegistry
    function unpause(uint256 nodeId) external {
        _transition(nodeId, NodeStatus.Paused, NodeStatus.Active, MessageLib.NODE_UPDATED);
    }

    /// @inheritdoc IComputeRegistry
    function retire(uint256 nodeId) external {
        Node storage n = _operated(nodeId);
        if (n.status == NodeStatus.Retired) revert ComputeRegistryInvalidStatus(nodeId, n.status);
        n.status = NodeStatus.Retired;
        emit NodeStatusChanged(nodeId, NodeStatus.Retired);
        _report(MessageLib.NODE_RETIRED, nodeId, n);
    }

    /// @inheritdoc IComputeRegistry
    function node(uint256 nodeId) external view returns (address, NodeStatus, NodeParams memory) {
        Node storage n = _nodes[nodeId];
        if (n.operator == address(0)) revert ComputeRegistryUnknownNode(nodeId);
        return (n.operator, n.status, n.params);
    }

    /// @inheritdoc IComputeRegistry
    function operatorOf(uint256 nodeId) external view returns (address) {
        return _nodes[nodeId].operator;
    }

    /// @inheritdoc IComputeRegistry
    function identityCommitmentOf(uint256 nodeId) external view returns (uint256) {
        return _nodes[nodeId].params.identityCommitment;
    }

    /// @inheritdoc IComputeRegistry
    function nodeCount() external view returns (uint256) {
        return _count;
    }

    function _transition(uint256 nodeId, NodeStatus from, NodeStatus to, uint8 kind) private {
        Node storage n = _operated(nodeId);
        if (n.status != from) revert ComputeRegistryInvalidStatus(nodeId, n.status);
        n.status = to;
        emit NodeStatusChanged(nodeId, to);
        _report(kind, nodeId, n);
    }

    function _operated(uint256 nodeId) private view returns (Node storage n) {
        n = _nodes[nodeId];
        if (n.operator == address(0)) revert ComputeRegistryUnknownNode(nodeId);
        if (n.operator != msg.sender) revert ComputeRegistryNotOperator(nodeId, msg.sender);
    }

    function _report(uint8 kind, uint256 nodeId, Node storage n) private {
        NodeParams storage p = n.params;
        MessageLib.NodeRecord memory record = MessageLib.NodeRecord({
            nodeId: nodeId,
            operator: n.operator,
            cpuCores: p.cpuCores,
            memoryMb: p.memoryMb,
            gpuModel: p.gpuModel,
            gpuCount: p.gpuCount,
            latencyClass: p.latencyClass,
            energySource: uint8(p.energySource),
            carbonIntensity: p.carbonIntensity,
            pricePerSecond: p.pricePerSecond,
            identityCommitment: p.identityCommitment,
            endpoint: p.endpoint,
            status: uint8(n.status),
            sequence: ++n.reports
        });
        _send(_hubDomain, MessageLib.encodeNode(kind, record));
    }

    function _validate(NodeParams calldata p) private pure {
        if (p.cpuCores == 0) revert ComputeRegistryInvalidAttribute("cpuCores");
        if (p.memoryMb == 0) revert ComputeRegistryInvalidAttribute("memoryMb");
        uint256 modelLength = bytes(p.gpuModel).length;
        if (modelLength > MAX_GPU_MODEL_BYTES) revert ComputeRegistryInvalidAttribute("gpuModel");
        if ((modelLength == 0) != (p.gpuCount == 0)) revert ComputeRegistryInvalidAttribute("gpuCount");
        if (p.latencyClass > MAX_LATENCY_CLASS) revert ComputeRegistryInvalidAttribute("latencyClass");
        if (p.carbonIntensity > MAX_CARBON_INTENSITY)
            revert ComputeRegistryInvalidAttribute("carbonIntensity");
        if (p.pricePerSecond == 0) revert ComputeRegistryInvalidAttribute("pricePerSecond");
        if (p.identityCommitment == 0 || p.identityCommitment >= SNARK_FIELD) {
            revert ComputeRegistryInvalidAttribute("identityCommitment");
        }
        uint256 endpointLength = bytes(p.endpoint).length;
        if (endpointLength == 0 || endpointLength > MAX_ENDPOINT_BYTES) {
            revert ComputeRegistryInvalidAttribute("endpoint");
        }
    }

    /// @dev The registry only reports; it accepts no inbound messages.
    function _handle(uint32, bytes calldata body) internal pure override {
        (uint8 kind, ) = MessageLib.decode(body);
        revert MessageLib.MessageLibUnexpectedKind(kind);
    }
}
