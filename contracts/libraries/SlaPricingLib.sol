// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title SlaPricingLib
/// @notice Pure pricing and settlement arithmetic of the job market.
///
/// price   = resources × durationSec × unitPrice × tierMultiplierBps / 10 000
/// penalty = price × latencyPenaltyBps × min(latency − bound, bound) / (10 000 × bound)   (0 when latency ≤ bound)
/// fee     = (price − penalty) × feeBps / 10 000
/// provider gets price − penalty − fee; the buyer gets escrow − price + penalty back; the treasury gets fee.
/// A missed deadline is not priced here: the market refunds the whole escrow and slashes the provider.
///
/// Worked example (payment token with 6 decimals):
///   4 resource units for 600 s at a unit price of 25 (0.000025 per unit-second), interactive tier ×1.5
///   (15 000 bps): price = 4 × 600 × 25 × 15 000 / 10 000 = 90 000 (0.09 tokens).
///   Latency bound 200 ms, measured 250 ms, latency penalty rate 50 % (5 000 bps):
///   penalty = 90 000 × 5 000 × 50 / (10 000 × 200) = 11 250.
///   Fee 2 % (200 bps) of 78 750 = 1 575. Provider receives 77 175; with an escrow of 120 000 the buyer gets
///   120 000 − 90 000 + 11 250 = 41 250 back. 77 175 + 41 250 + 1 575 = 120 000.
///
/// @dev Overflow cannot happen for any input of these widths: price's product is below
/// 2^32 · 2^32 · 2^128 · 2^16 = 2^208, the penalty's below 2^208 · 2^14 · 2^32 = 2^254 (bps ≤ 10 000 < 2^14), the
/// fee's below 2^222. Arithmetic stays checked anyway; the property tests exercise the extremes.
library SlaPricingLib {
    uint256 internal constant BPS = 10_000;

    /// @notice Outcome of a settlement; `providerPay + buyerRefund + fee == escrow`.
    struct Outcome {
        uint256 providerPay;
        uint256 buyerRefund;
        uint256 fee;
        uint256 penalty;
    }

    /// @notice The SLA price of a job.
    function price(
        uint32 resources,
        uint32 durationSec,
        uint128 unitPrice,
        uint16 tierMultiplierBps
    ) internal pure returns (uint256) {
        return (uint256(resources) * durationSec * unitPrice * tierMultiplierBps) / BPS;
    }

    /// @notice The pro-rata latency penalty: linear in the excess over the bound, capped at one bound's excess.
    /// @param bound Latency bound in ms; must be non-zero (the market rejects jobs without one).
    function latencyPenalty(
        uint256 jobPrice,
        uint32 latencyMs,
        uint32 bound,
        uint16 penaltyBps
    ) internal pure returns (uint256) {
        if (latencyMs <= bound) return 0;
        uint256 excess = latencyMs - bound;
        if (excess > bound) excess = bound;
        return (jobPrice * penaltyBps * excess) / (BPS * bound);
    }

    /// @notice Splits `escrow` for a job settled on a receipt that met its deadline.
    /// @dev Requires jobPrice ≤ escrow and penaltyBps, feeBps ≤ 10 000 (the market guarantees both).
    function settle(
        uint256 escrow,
        uint256 jobPrice,
        uint32 latencyMs,
        uint32 bound,
        uint16 penaltyBps,
        uint16 feeBps
    ) internal pure returns (Outcome memory o) {
        o.penalty = latencyPenalty(jobPrice, latencyMs, bound, penaltyBps);
        uint256 earned = jobPrice - o.penalty;
        o.fee = (earned * feeBps) / BPS;
        o.providerPay = earned - o.fee;
        o.buyerRefund = escrow - jobPrice + o.penalty;
    }
}
