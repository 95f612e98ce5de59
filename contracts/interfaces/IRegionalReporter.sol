// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IRegionalReporter
/// @notice Region-side door for the regional coordinator's epoch reports (utilisation, queue, energy,
/// carbon). Only the coordinator the DAO appointed for the region may report; each report is sent to the
/// hub's RegionReports as a `REGIONAL_REPORT` message.
interface IRegionalReporter {
    /// @notice One epoch of a region, as its coordinator measured it.
    struct RegionalReport {
        /// @dev Strictly increasing per region.
        uint64 epoch;
        /// @dev The region chain's block time when the report was accepted (set by the contract).
        uint64 reportedAt;
        /// @dev Busy share of the region's registered capacity, in basis points (0..10 000).
        uint16 utilisationBps;
        /// @dev Jobs assigned in the region and not yet receipted.
        uint32 queueLength;
        /// @dev Energy the region's agents used in the epoch (modelled, see docs/edge.md).
        uint64 energyWh;
        /// @dev Grid carbon intensity in gCO2/kWh (0..MAX_CARBON_INTENSITY).
        uint32 carbonIntensity;
        /// @dev Agents answering heartbeats at the end of the epoch.
        uint32 activeAgents;
        /// @dev Nodes of this region whose agents stopped answering heartbeats (at most MAX_SILENT_NODES):
        /// the scheduler takes them offline and re-places their work before its deadline.
        uint256[] silentNodes;
    }

    /// @notice The caller is not the appointed coordinator.
    error RegionalReporterNotCoordinator(address caller);
    /// @notice The report's epoch is not newer than the last one sent.
    error RegionalReporterStaleEpoch(uint64 epoch, uint64 last);
    /// @notice A report field is out of range; `field` names it.
    error RegionalReporterInvalidField(bytes32 field);
    /// @notice The coordinator address is zero.
    error RegionalReporterZeroCoordinator();

    /// @notice Governance appointed `coordinator` for this region.
    event CoordinatorAppointed(address indexed coordinator);
    /// @notice A report was accepted and dispatched to the hub as message `messageId`.
    event ReportSent(uint64 indexed epoch, RegionalReport report, bytes32 messageId);

    /// @notice Sends the epoch's report to the hub. Only the appointed coordinator. `reportedAt` is ignored
    /// (the contract stamps its block time).
    function report(RegionalReport calldata r) external;

    /// @notice Appoints the region's coordinator. Governance (the region's GovernanceExecutor) only.
    function setCoordinator(address coordinator) external;

    /// @notice The appointed coordinator.
    function coordinator() external view returns (address);

    /// @notice The last epoch sent (0 before the first report).
    function lastEpoch() external view returns (uint64);
}
