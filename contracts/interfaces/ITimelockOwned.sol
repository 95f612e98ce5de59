// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ITimelockOwned
/// @notice Errors of contracts whose owner is governance: ownership moves in two steps (the new owner must
/// accept) and can never be renounced, so a slip cannot leave a parameter without an owner or with a wrong one.
interface ITimelockOwned {
    /// @notice Renouncing ownership is disabled: it would freeze every parameter of the contract.
    error TimelockOwnedRenounceDisabled();
}
