// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessenger} from "../interfaces/IMessenger.sol";
import {IRegionalReporter} from "../interfaces/IRegionalReporter.sol";
import {IRegionReports} from "../interfaces/IRegionReports.sol";
import {MessageLib} from "../libraries/MessageLib.sol";
import {MessageEndpoint} from "../messaging/MessageEndpoint.sol";
import {TimelockOwnedEndpoint} from "./governance/TimelockOwnedEndpoint.sol";

/// @title RegionReports
/// @notice See {IRegionReports}.
/// @dev Accepts `REGIONAL_REPORT` only from each region's enrolled RegionalReporter (MessageEndpoint) and
/// keeps the newest epoch per region. Owned by the hub Timelock with a two-step transfer (TimelockOwnedEndpoint).
contract RegionReports is IRegionReports, TimelockOwnedEndpoint {
    mapping(uint32 region => IRegionalReporter.RegionalReport) private _latest;
    uint32[] private _regions;

    constructor(IMessenger messenger_, address initialOwner) MessageEndpoint(messenger_, initialOwner) {}

    /// @inheritdoc IRegionReports
    function latest(uint32 region) external view returns (IRegionalReporter.RegionalReport memory) {
        return _latest[region];
    }

    /// @inheritdoc IRegionReports
    function regions() external view returns (uint32[] memory) {
        return _regions;
    }

    function _handle(uint32 origin, bytes calldata body) internal override {
        (uint8 kind, bytes calldata payload) = MessageLib.decode(body);
        if (kind != MessageLib.REGIONAL_REPORT) revert MessageLib.MessageLibUnexpectedKind(kind);
        IRegionalReporter.RegionalReport memory r = abi.decode(payload, (IRegionalReporter.RegionalReport));
        uint64 current = _latest[origin].epoch;
        if (r.epoch <= current) {
            emit StaleReportIgnored(origin, r.epoch, current);
            return;
        }
        if (current == 0) _regions.push(origin);
        _latest[origin] = r;
        emit RegionReported(origin, r.epoch, r);
    }
}
