// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title RateLimitLib
/// @notice Token bucket counted in whole messages, refilled continuously at `refillPerHour` messages per hour.
/// @dev Tokens are stored scaled by 3600 (one message = 3600 units) so a per-hour refill is exact integer
/// math per second: `units += elapsedSeconds × refillPerHour`, capped at `capacity × 3600`.
library RateLimitLib {
    uint256 internal constant UNIT = 3600;

    struct Bucket {
        uint64 capacity;
        uint64 refillPerHour;
        uint64 updatedAt;
        uint128 units;
    }

    /// @notice The units in the bucket at `timestamp`.
    function unitsAt(Bucket storage bucket, uint256 timestamp) internal view returns (uint256) {
        uint256 cap = uint256(bucket.capacity) * UNIT;
        uint256 units = uint256(bucket.units) + (timestamp - bucket.updatedAt) * bucket.refillPerHour;
        return units > cap ? cap : units;
    }

    /// @notice Takes one message from the bucket. Returns 0 on success, otherwise the time one is available.
    function consume(Bucket storage bucket, uint256 timestamp) internal returns (uint64 availableAt) {
        uint256 units = unitsAt(bucket, timestamp);
        if (units < UNIT) return nextAt(bucket, units, timestamp);
        bucket.units = uint128(units - UNIT);
        bucket.updatedAt = uint64(timestamp);
        return 0;
    }

    /// @notice When a bucket holding `units` at `timestamp` holds a whole message again.
    function nextAt(Bucket storage bucket, uint256 units, uint256 timestamp) internal view returns (uint64) {
        if (units >= UNIT) return uint64(timestamp);
        uint256 missing = UNIT - units;
        return uint64(timestamp + (missing + bucket.refillPerHour - 1) / bucket.refillPerHour);
    }
}
