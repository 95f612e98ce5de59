// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IComputeRegistry
/// @notice The node registry of one regional chain. Providers register nodes with their attributes; every
/// change is recorded here and reported to the hub's node index through the messenger.
interface IComputeRegistry {
    enum NodeStatus {
        None,
        Active,
        Paused,
        Retired
    }

    enum EnergySource {
        Grid,
        Solar,
        Wind,
        Hydro,
        Nuclear,
        Gas,
        Coal
    }

    /// @notice Attributes a provider declares for a node.
    /// @param cpuCores Number of CPU cores (> 0).
    /// @param memoryMb Memory in MiB (> 0).
    /// @param gpuModel GPU model name, empty for CPU-only nodes (≤ 64 bytes).
    /// @param gpuCount Number of GPUs; 0 exactly when `gpuModel` is empty.
    /// @param latencyClass 0 (edge, < 10 ms) … 3 (bulk, best effort).
    /// @param energySource Dominant energy source of the node's site.
    /// @param carbonIntensity Grid carbon intensity at the site in gCO2/kWh (≤ 2 000).
    /// @param pricePerSecond Ask in payment-token units per resource-unit-second (> 0).
    /// @param identityCommitment Poseidon hash of the node's secret: a non-zero BN254 field element.
    /// @param endpoint URL where the node agent accepts directives (1–256 bytes).
    struct NodeParams {
        uint32 cpuCores;
        uint32 memoryMb;
        string gpuModel;
        uint16 gpuCount;
        uint8 latencyClass;
        EnergySource energySource;
        uint32 carbonIntensity;
        uint128 pricePerSecond;
        uint256 identityCommitment;
        string endpoint;
    }

    /// @notice An attribute of `NodeParams` is out of range; `attribute` names it.
    error ComputeRegistryInvalidAttribute(bytes32 attribute);
    /// @notice `nodeId` is not registered here.
    error ComputeRegistryUnknownNode(uint256 nodeId);
    /// @notice The caller is not the node's operator.
    error ComputeRegistryNotOperator(uint256 nodeId, address caller);
    /// @notice The node's status does not allow the operation.
    error ComputeRegistryInvalidStatus(uint256 nodeId, NodeStatus status);

    event NodeRegistered(uint256 indexed nodeId, address indexed operator, NodeParams params);
    event NodeUpdated(uint256 indexed nodeId, NodeParams params);
    event NodeStatusChanged(uint256 indexed nodeId, NodeStatus status);

    /// @notice Registers a node operated by the caller. Node ids are `(localDomain << 64) | index`, so they
    /// are unique across regions and name their region.
    function register(NodeParams calldata params) external returns (uint256 nodeId);

    /// @notice Replaces a node's attributes. Operator only; not for retired nodes.
    function update(uint256 nodeId, NodeParams calldata params) external;

    /// @notice Stops the scheduler from placing new work on the node. Operator only.
    function pause(uint256 nodeId) external;

    /// @notice Makes a paused node schedulable again. Operator only.
    function unpause(uint256 nodeId) external;

    /// @notice Retires a node for good. Operator only.
    function retire(uint256 nodeId) external;

    /// @notice The node's operator, attributes and status.
    function node(
        uint256 nodeId
    ) external view returns (address operator, NodeStatus status, NodeParams memory);

    /// @notice The node's operator (zero when unknown).
    function operatorOf(uint256 nodeId) external view returns (address);

    /// @notice The node's identity commitment (zero when unknown).
    function identityCommitmentOf(uint256 nodeId) external view returns (uint256);

    /// @notice Number of nodes ever registered here.
    function nodeCount() external view returns (uint256);
}
