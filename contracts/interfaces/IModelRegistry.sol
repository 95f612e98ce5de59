// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IModelRegistry
/// @notice The DAO-approved set of generative models. Model `id` (1-based) is the leaf
/// Poseidon(id, weightsCommitment) at index id - 1 of a depth-8 Poseidon Merkle tree; a revoked model's
/// leaf is 0. The AigcProvenance circuit proves membership against `root()`.
interface IModelRegistry {
    struct Model {
        uint256 weightsCommitment;
        string name;
        string version;
        bool approved;
    }

    /// @notice All 2^8 model slots are used.
    error ModelRegistryFull();
    /// @notice The weights commitment is 0 or not a BN254 field element.
    error ModelRegistryInvalidCommitment(uint256 weightsCommitment);
    /// @notice No approved model has this id.
    error ModelRegistryNotApproved(uint256 modelId);

    /// @notice A model was approved; `root` is the new tree root.
    event ModelApproved(
        uint256 indexed modelId,
        uint256 weightsCommitment,
        string name,
        string version,
        uint256 root
    );
    /// @notice A model was revoked (its leaf set to 0); `root` is the new tree root.
    event ModelRevoked(uint256 indexed modelId, uint256 root);

    /// @notice Adds a model to the approved set (owner = DAO Timelock).
    /// @param weightsCommitment Commitment to the weights (for VerifiedInference models: its modelCommitment).
    /// @param name Human-readable model name.
    /// @param version Model version string.
    /// @return modelId The new model's id.
    function approveModel(
        uint256 weightsCommitment,
        string calldata name,
        string calldata version
    ) external returns (uint256 modelId);

    /// @notice Removes an approved model from the set (owner = DAO Timelock).
    /// @param modelId Id of the model.
    function revokeModel(uint256 modelId) external;

    /// @notice The current Merkle root of the approved-model tree.
    function root() external view returns (uint256);

    /// @notice Whether `modelId` is currently approved.
    function isApproved(uint256 modelId) external view returns (bool);

    /// @notice The stored model (approved or revoked).
    function model(uint256 modelId) external view returns (Model memory);

    /// @notice Number of models ever approved (ids are 1..modelCount()).
    function modelCount() external view returns (uint256);
}
