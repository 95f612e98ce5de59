// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {TimelockOwned} from "./governance/TimelockOwned.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IPoseidonT3} from "../interfaces/IPoseidonT3.sol";

/// @title ModelRegistry
/// @notice DAO-governed approved-model set, kept as a Poseidon Merkle tree (mirrors
/// circuits/lib/merkle.circom and services/zk/merkle.ts).
contract ModelRegistry is IModelRegistry, TimelockOwned {
    uint256 internal constant DEPTH = 8;
    uint256 internal constant FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    IPoseidonT3 private immutable _hasher;
    /// @dev _zeros[k] is the root of an empty subtree of height k.
    uint256[DEPTH + 1] private _zeros;
    /// @dev _nodes[k][i]: node i of level k; 0 means "empty subtree" (read as _zeros[k]).
    mapping(uint256 level => mapping(uint256 index => uint256)) private _nodes;
    mapping(uint256 modelId => Model) private _models;
    uint256 private _count;
    uint256 private _root;

    /// @param hasher The deployed circomlibjs Poseidon(2) bytecode.
    /// @param owner_ The DAO Timelock.
    constructor(IPoseidonT3 hasher, address owner_) Ownable(owner_) {
        _hasher = hasher;
        for (uint256 k = 0; k < DEPTH; ++k) {
            _zeros[k + 1] = hasher.poseidon([_zeros[k], _zeros[k]]);
        }
        _root = _zeros[DEPTH];
    }

    /// @inheritdoc IModelRegistry
    function approveModel(
        uint256 weightsCommitment,
        string calldata name,
        string calldata version
    ) external onlyOwner returns (uint256 modelId) {
        if (weightsCommitment == 0 || weightsCommitment >= FIELD) {
            revert ModelRegistryInvalidCommitment(weightsCommitment);
        }
        if (_count == 2 ** DEPTH) revert ModelRegistryFull();
        modelId = ++_count;
        _models[modelId] = Model(weightsCommitment, name, version, true);
        uint256 newRoot = _setLeaf(modelId - 1, _hasher.poseidon([modelId, weightsCommitment]));
        emit ModelApproved(modelId, weightsCommitment, name, version, newRoot);
    }

    /// @inheritdoc IModelRegistry
    function revokeModel(uint256 modelId) external onlyOwner {
        if (!_models[modelId].approved) revert ModelRegistryNotApproved(modelId);
        _models[modelId].approved = false;
        uint256 newRoot = _setLeaf(modelId - 1, 0);
        emit ModelRevoked(modelId, newRoot);
    }

    /// @inheritdoc IModelRegistry
    function root() external view returns (uint256) {
        return _root;
    }

    /// @inheritdoc IModelRegistry
    function isApproved(uint256 modelId) external view returns (bool) {
        return _models[modelId].approved;
    }

    /// @inheritdoc IModelRegistry
    function model(uint256 modelId) external view returns (Model memory) {
        return _models[modelId];
    }

    /// @inheritdoc IModelRegistry
    function modelCount() external view returns (uint256) {
        return _count;
    }

    function _setLeaf(uint256 index, uint256 leaf) private returns (uint256) {
        uint256 node = leaf;
        for (uint256 k = 0; k < DEPTH; ++k) {
            _nodes[k][index] = node;
            uint256 sibling = _nodes[k][index ^ 1];
            if (sibling == 0) sibling = _zeros[k];
            node = index & 1 == 0 ? _hasher.poseidon([node, sibling]) : _hasher.poseidon([sibling, node]);
            index >>= 1;
        }
        _root = node;
        return node;
    }
}
