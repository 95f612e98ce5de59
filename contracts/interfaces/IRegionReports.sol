// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IRegionalReporter} from "./IRegionalReporter.sol";

/// @title IRegionReports
/// @notice The hub's view of each region's latest epoch report, delivered from the region's
/// RegionalReporter over the bridge. The scheduler reads it for its carbon and load terms.
interface IRegionReports {
    /// @notice A report for `region` was stored.
    event RegionReported(
        uint32 indexed region,
        uint64 indexed epoch,
        IRegionalReporter.RegionalReport report
    );
    /// @notice A report older than the stored one arrived late and was dropped (not reverted, so a reordered
    /// delivery never blocks the lane).
    event StaleReportIgnored(uint32 indexed region, uint64 epoch, uint64 latestEpoch);

    /// @notice The latest report of `region` (epoch 0 when none arrived yet).
    function latest(uint32 region) external view returns (IRegionalReporter.RegionalReport memory);

    /// @notice Every region that has reported, in order of first report.
    function regions() external view returns (uint32[] memory);
}
