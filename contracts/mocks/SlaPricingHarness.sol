// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {SlaPricingLib} from "../libraries/SlaPricingLib.sol";

/// @title SlaPricingHarness
/// @notice Exposes SlaPricingLib for property tests.
contract SlaPricingHarness {
    function price(
        uint32 resources,
        uint32 durationSec,
        uint128 unitPrice,
        uint16 bps
    ) external pure returns (uint256) {
        return SlaPricingLib.price(resources, durationSec, unitPrice, bps);
    }

    function settle(
        uint256 escrow,
        uint256 jobPrice,
        uint32 latencyMs,
        uint32 bound,
        uint16 penaltyBps,
        uint16 feeBps
    ) external pure returns (SlaPricingLib.Outcome memory) {
        return SlaPricingLib.settle(escrow, jobPrice, latencyMs, bound, penaltyBps, feeBps);
    }
}
