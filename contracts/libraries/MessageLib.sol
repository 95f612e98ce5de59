// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {Groth16Proof} from "./Groth16Proof.sol";

/// @title MessageLib
/// @notice The one versioned codec for message bodies carried between the hub and regional chains.
/// @dev Layout: `version (1 byte) ‖ kind (1 byte) ‖ abi.encode(payload)`. A receiver rejects any other
/// version, so a future codec can coexist during an upgrade. Payload structs are ABI-encoded as tuples,
/// which keeps the TypeScript side (ethers AbiCoder) trivially compatible.
library MessageLib {
    uint8 internal constant VERSION = 1;

    /// hub → region
    uint8 internal constant ASSIGN = 1;
    uint8 internal constant CANCEL = 2; // reserved: not sent yet (see docs/ARCHITECTURE.md)
    uint8 internal constant GOVERNANCE_CALL = 3;
    uint8 internal constant VALIDATOR_SET_UPDATE = 4;
    /// region → hub
    uint8 internal constant NODE_REGISTERED = 16;
    uint8 internal constant NODE_UPDATED = 17;
    uint8 internal constant NODE_RETIRED = 18;
    uint8 internal constant RECEIPT_VERIFIED = 19;
    uint8 internal constant REGIONAL_REPORT = 20;
    uint8 internal constant VOTE_TALLY = 21;
    uint8 internal constant RECEIPTS_PROVEN = 22;
    /// either way: an ERC-7786 message carried by `MailboxGateway` (its own lane for rate limits)
    uint8 internal constant ERC7786_MESSAGE = 32;

    /// @notice The body is shorter than the two-byte header.
    error MessageLibTooShort(uint256 length);
    /// @notice The body was encoded with another codec version.
    error MessageLibUnsupportedVersion(uint8 version);
    /// @notice The body is of another kind than the receiver expected.
    error MessageLibUnexpectedKind(uint8 kind);
    /// @notice A `ProvenReceipt.packed` word has a bit set above `deadlineMet` (bit 97).
    error MessageLibMalformedProvenReceipt(uint256 packed);

    /// @notice Terms a directive fixes for a job on its node.
    struct AssignTerms {
        uint256 jobId;
        uint256 nodeId;
        uint32 attempt;
        uint32 resources;
        uint32 durationSec;
        uint8 tier;
        uint32 latencyBoundMs;
        uint64 deadline;
        uint128 unitPrice;
        uint256 inputCommitment;
    }

    /// @notice A node's public record, as the hub indexes it.
    struct NodeRecord {
        uint256 nodeId;
        address operator;
        uint32 cpuCores;
        uint32 memoryMb;
        string gpuModel;
        uint16 gpuCount;
        uint8 latencyClass;
        uint8 energySource;
        uint32 carbonIntensity;
        uint128 pricePerSecond;
        uint256 identityCommitment;
        string endpoint;
        uint8 status;
        /// @dev Per-node report counter set by the region (1 for the registration); the hub ignores a report
        /// whose sequence is not above the last one it applied, so reordered deliveries cannot roll it back.
        uint64 sequence;
    }

    /// @notice A job receipt: what a node reports, what the region verifies and what the hub settles on.
    struct Receipt {
        uint256 jobId;
        uint256 nodeId;
        uint32 attempt;
        uint256 inputCommitment;
        uint256 outputCommitment;
        uint32 latencyMs;
        uint64 finishTime;
        uint32 energyWh;
    }

    /// @notice A receipt proven in zero knowledge: the metrics stay private (one `metricsDigest` per proof binds
    /// them); only the SLA outcomes are public. Node, identity, latency bound and deadline are not carried per
    /// receipt: a proof covers one node, and the hub takes the terms from its own records. Packed for the wire
    /// (calldata, the messenger's event, ABI decoding): `packed` = `jobId | attempt << 64 | latencyMet << 96 |
    /// deadlineMet << 97` — the low 96 bits are those of the proof's public terms (circuits/lib/receipt.circom),
    /// whose job ids are 64 bits. `unpackProven` reads it and refuses any other bit.
    struct ProvenReceipt {
        uint256 packed;
        uint256 outputCommitment;
    }

    /// @notice One node's proven receipts as the region forwards them (`RECEIPTS_PROVEN`): the region's stamps
    /// (when each directive arrived, when it accepted the batch) and the proof the hub verifies.
    struct ProvenBatch {
        uint256 nodeId;
        ProvenReceipt[] receipts;
        uint256 metricsDigest;
        Groth16Proof proof;
        uint64[] directiveReceivedAt;
        uint64 acceptedAt;
    }

    /// @notice The region's own chain times of a receipt, stamped by its ReceiptRegistry (never by the node):
    /// when the directive arrived at the region and when the region accepted the receipt. The hub judges the
    /// deadline and bounds the latency with them.
    struct RegionStamp {
        uint64 directiveReceivedAt;
        uint64 acceptedAt;
    }

    function encode(uint8 kind, bytes memory payload) internal pure returns (bytes memory) {
        return abi.encodePacked(VERSION, kind, payload);
    }

    /// @notice Checks the header and returns the message kind and its ABI-encoded payload.
    function decode(bytes calldata body) internal pure returns (uint8 kind, bytes calldata payload) {
        if (body.length < 2) revert MessageLibTooShort(body.length);
        uint8 version = uint8(body[0]);
        if (version != VERSION) revert MessageLibUnsupportedVersion(version);
        return (uint8(body[1]), body[2:]);
    }

    function encodeAssign(AssignTerms memory terms) internal pure returns (bytes memory) {
        return encode(ASSIGN, abi.encode(terms));
    }

    function decodeAssign(bytes calldata payload) internal pure returns (AssignTerms memory) {
        return abi.decode(payload, (AssignTerms));
    }

    function encodeNode(uint8 kind, NodeRecord memory node) internal pure returns (bytes memory) {
        return encode(kind, abi.encode(node));
    }

    function decodeNode(bytes calldata payload) internal pure returns (NodeRecord memory) {
        return abi.decode(payload, (NodeRecord));
    }

    function encodeReceiptVerified(
        Receipt memory receipt,
        RegionStamp memory stamp
    ) internal pure returns (bytes memory) {
        return encode(RECEIPT_VERIFIED, abi.encode(receipt, stamp));
    }

    /// @dev Every receipt under one proof was accepted in the same region transaction, so one stamp serves
    /// all; `directiveReceivedAt[i]` is receipt i's directive arrival.
    function encodeReceiptsProven(ProvenBatch memory batch) internal pure returns (bytes memory) {
        return encode(RECEIPTS_PROVEN, abi.encode(batch));
    }

    function decodeReceiptsProven(bytes calldata payload) internal pure returns (ProvenBatch memory) {
        return abi.decode(payload, (ProvenBatch));
    }

    /// @notice The fields of `ProvenReceipt.packed`; reverts `MessageLibMalformedProvenReceipt` for a word with
    /// a bit above 97 (an attempt of 0 is no assignment: the receivers' assignment checks refuse it).
    function unpackProven(
        uint256 packed
    ) internal pure returns (uint256 jobId, uint32 attempt, bool latencyMet, bool deadlineMet) {
        if (packed >> 98 != 0) revert MessageLibMalformedProvenReceipt(packed);
        return (uint64(packed), uint32(packed >> 64), (packed >> 96) & 1 == 1, (packed >> 97) & 1 == 1);
    }

    function decodeReceiptVerified(
        bytes calldata payload
    ) internal pure returns (Receipt memory receipt, RegionStamp memory stamp) {
        return abi.decode(payload, (Receipt, RegionStamp));
    }

    /// @notice A call the hub's governance executes on a region (`GOVERNANCE_CALL`). `sequence` is numbered per
    /// region by the hub's `GovernanceDispatcher` (the region executes calls in that order); a call reached
    /// after `expiresAt` is not executed.
    struct GovernanceCall {
        address target;
        uint256 value;
        bytes data;
        uint64 sequence;
        uint64 expiresAt;
    }

    function encodeGovernanceCall(GovernanceCall memory call) internal pure returns (bytes memory) {
        return encode(GOVERNANCE_CALL, abi.encode(call));
    }

    function decodeGovernanceCall(bytes calldata payload) internal pure returns (GovernanceCall memory) {
        return abi.decode(payload, (GovernanceCall));
    }
}
