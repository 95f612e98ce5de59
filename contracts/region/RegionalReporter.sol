// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IMessenger} from "../interfaces/IMessenger.sol";
import {IRegionalReporter} from "../interfaces/IRegionalReporter.sol";
import {MessageLib} from "../libraries/MessageLib.sol";
import {MessageEndpoint} from "../messaging/MessageEndpoint.sol";

/// @title RegionalReporter
/// @notice See {IRegionalReporter}.
/// @dev Keeps one invariant: epochs sent to the hub strictly increase, and only the appointed coordinator
/// sends them. The contract accepts no inbound messages.
contract RegionalReporter is IRegionalReporter, MessageEndpoint {
    /// @notice Upper bound of a carbon intensity (gCO2/kWh): above any grid's.
    uint32 public constant MAX_CARBON_INTENSITY = 2_000;
    /// @notice Most silent nodes one report may name.
    uint256 public constant MAX_SILENT_NODES = 64;

    uint32 private immutable _hubDomain;
    address private _coordinator;
    uint64 private _lastEpoch;

    constructor(
        IMessenger messenger_,
        uint32 hubDomain,
        address initialOwner
    ) MessageEndpoint(messenger_, initialOwner) {
        _hubDomain = hubDomain;
    }

    /// @inheritdoc IRegionalReporter
    function report(RegionalReport calldata r) external {
        if (msg.sender != _coordinator) revert RegionalReporterNotCoordinator(msg.sender);
        if (r.epoch <= _lastEpoch) revert RegionalReporterStaleEpoch(r.epoch, _lastEpoch);
        if (r.utilisationBps > 10_000) revert RegionalReporterInvalidField("utilisationBps");
        if (r.carbonIntensity > MAX_CARBON_INTENSITY) revert RegionalReporterInvalidField("carbonIntensity");
        uint256 silent = r.silentNodes.length;
        if (silent > MAX_SILENT_NODES) revert RegionalReporterInvalidField("silentNodes");
        uint32 domain = _localDomain();
        for (uint256 i = 0; i < silent; ++i) {
            // Node ids are (regionDomain << 64) | index: a region reports only its own nodes.
            if (r.silentNodes[i] >> 64 != domain) revert RegionalReporterInvalidField("silentNodes");
        }
        _lastEpoch = r.epoch;
        RegionalReport memory stamped = r;
        stamped.reportedAt = uint64(block.timestamp);
        bytes32 id = _send(_hubDomain, MessageLib.encode(MessageLib.REGIONAL_REPORT, abi.encode(stamped)));
        emit ReportSent(r.epoch, stamped, id);
    }

    /// @inheritdoc IRegionalReporter
    function setCoordinator(address coordinator_) external onlyOwner {
        if (coordinator_ == address(0)) revert RegionalReporterZeroCoordinator();
        _coordinator = coordinator_;
        emit CoordinatorAppointed(coordinator_);
    }

    /// @inheritdoc IRegionalReporter
    function coordinator() external view returns (address) {
        return _coordinator;
    }

    /// @inheritdoc IRegionalReporter
    function lastEpoch() external view returns (uint64) {
        return _lastEpoch;
    }

    /// @dev The reporter only sends.
    function _handle(uint32, bytes calldata body) internal pure override {
        (uint8 kind, ) = MessageLib.decode(body);
        revert MessageLib.MessageLibUnexpectedKind(kind);
    }
}
