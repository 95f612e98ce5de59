/**
 * What the indexer keeps of a chain log: the contract event decoded into JSON-safe values (big integers as
 * decimal strings), with where it happened. Pure decoding, no I/O.
 */
import type { Interface, Log, LogDescription, ParamType } from "ethers";
import {
  DirectiveInbox__factory,
  HubVotePool__factory,
  SpokeVoteAggregator__factory,
  JobMarket__factory,
  ModelRegistry__factory,
  NodeIndex__factory,
  ProvenanceRegistry__factory,
  ReceiptRegistry__factory,
  Reputation__factory,
} from "../../types/contracts/index.js";

export type EventKind =
  | "JobCreated"
  | "JobAssigned"
  | "JobSettled"
  | "JobTimedOut"
  | "JobCancelled"
  | "NodeIndexed"
  | "OutcomeRecorded"
  | "OutcomesRecorded"
  | "RecordRegistered"
  | "RecordDerived"
  | "ModelApproved"
  | "ModelRevoked"
  | "AssignmentReceived"
  | "AssignmentAcknowledged"
  | "ReceiptAccepted"
  | "ReceiptProven"
  | "ProposalAnnounced"
  | "VoteCast"
  | "TallySent"
  | "TallyCounted";

export interface IndexedEvent {
  chain: string;
  domain: number;
  block: number;
  logIndex: number;
  tx: string;
  time: number;
  kind: EventKind;
  jobId: string | null;
  nodeId: string | null;
  /** A secondary lookup key (provenance content, record or model id; `proposal:<id>` for governance). */
  ref: string | null;
  data: Record<string, unknown>;
}

/** The contracts the indexer follows on one chain. */
export interface HubContracts {
  jobMarket: string;
  nodeIndex: string;
  reputation: string;
  provenanceRegistry: string;
  modelRegistry: string;
  /** Cross-chain governance: the hub vote pool (its `TallyCounted` are the regions' votes the hub counted). */
  votePool?: string;
}
export interface RegionContracts {
  inbox: string;
  receipts: string;
  /** Cross-chain governance: the region's vote aggregator (announcements, spoke votes, tallies sent). */
  voteAggregator?: string;
}

export const interfaces = {
  jobMarket: JobMarket__factory.createInterface(),
  nodeIndex: NodeIndex__factory.createInterface(),
  reputation: Reputation__factory.createInterface(),
  provenance: ProvenanceRegistry__factory.createInterface(),
  models: ModelRegistry__factory.createInterface(),
  inbox: DirectiveInbox__factory.createInterface(),
  receipts: ReceiptRegistry__factory.createInterface(),
  votePool: HubVotePool__factory.createInterface(),
  aggregator: SpokeVoteAggregator__factory.createInterface(),
};

/** JSON-safe copy of a decoded ABI value: bigints become decimal strings, tuples objects with their names. */
export function plain(param: ParamType, value: unknown): unknown {
  if (param.isArray()) return Array.from(value as unknown[], (v) => plain(param.arrayChildren, v));
  if (param.isTuple()) {
    const values = value as unknown[];
    return Object.fromEntries(param.components.map((c, i) => [c.name, plain(c, values[i])]));
  }
  return typeof value === "bigint" ? value.toString() : value;
}

function args(parsed: {
  fragment: { inputs: readonly ParamType[] };
  args: unknown[];
}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  parsed.fragment.inputs.forEach((input, i) => {
    out[input.name] = plain(input, parsed.args[i]);
  });
  return out;
}

const KINDS = new Set<string>([
  "JobCreated",
  "JobAssigned",
  "JobSettled",
  "JobTimedOut",
  "JobCancelled",
  "NodeIndexed",
  "OutcomeRecorded",
  "OutcomesRecorded",
  "RecordRegistered",
  "RecordDerived",
  "ModelApproved",
  "ModelRevoked",
  "AssignmentReceived",
  "AssignmentAcknowledged",
  "ReceiptAccepted",
  "ReceiptProven",
  "ProposalAnnounced",
  "VoteCast",
  "TallySent",
  "TallyCounted",
]);
const GOVERNANCE = new Set<EventKind>(["ProposalAnnounced", "VoteCast", "TallySent", "TallyCounted"]);

/** Decodes `log` if it is an event the indexer keeps; `time` is its block's timestamp. */
export function decodeLog(
  log: Log,
  byAddress: ReadonlyMap<string, Interface>,
  where: { chain: string; domain: number; time: number },
): IndexedEvent | undefined {
  const iface = byAddress.get(log.address.toLowerCase());
  if (!iface) return undefined;
  let parsed: LogDescription | null;
  try {
    parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
  } catch {
    return undefined; // an event of this contract the indexer does not keep
  }
  if (!parsed || !KINDS.has(parsed.name)) return undefined;
  const data = args({ fragment: parsed.fragment, args: [...parsed.args] });
  const kind = parsed.name as EventKind;
  const str = (v: unknown) => (v === undefined || v === null ? null : String(v));
  let jobId = str(data.jobId);
  let nodeId = str(data.nodeId);
  let ref: string | null = null;
  if (kind === "OutcomeRecorded") jobId = null; // the settlement step already carries it
  if (kind === "NodeIndexed") nodeId = str((data.record as Record<string, unknown>).nodeId);
  if (kind === "RecordRegistered") ref = `content:${str(data.contentCommitment)}`;
  if (kind === "RecordDerived") ref = `derived:${str(data.recordId)}`;
  if (kind === "ModelApproved" || kind === "ModelRevoked") ref = `model:${str(data.modelId)}`;
  if (kind === "RecordRegistered" || kind === "RecordDerived") jobId = null;
  if (GOVERNANCE.has(kind)) ref = `proposal:${str(data.proposalId)}`;
  return {
    ...where,
    block: log.blockNumber,
    logIndex: log.index,
    tx: log.transactionHash,
    kind,
    jobId,
    nodeId,
    ref,
    data,
  };
}

/** The address → interface map of a hub's or region's followed contracts. */
export function contractMap(contracts: Partial<HubContracts & RegionContracts>): Map<string, Interface> {
  const map = new Map<string, Interface>();
  const add = (address: string | undefined, iface: Interface) => {
    if (address) map.set(address.toLowerCase(), iface);
  };
  add(contracts.jobMarket, interfaces.jobMarket);
  add(contracts.nodeIndex, interfaces.nodeIndex);
  add(contracts.reputation, interfaces.reputation);
  add(contracts.provenanceRegistry, interfaces.provenance);
  add(contracts.modelRegistry, interfaces.models);
  add(contracts.inbox, interfaces.inbox);
  add(contracts.receipts, interfaces.receipts);
  add(contracts.votePool, interfaces.votePool);
  add(contracts.voteAggregator, interfaces.aggregator);
  return map;
}

/**
 * The proof a receipt was submitted with, read from the submitting transaction's calldata: the operator's
 * signature (`submitReceipt`) or the Groth16 proof (`submitProvenReceipts`). Undefined when the transaction
 * called something else (e.g. a contract wallet that forwarded the call).
 */
export function receiptProof(
  calldata: string,
): { signature: string | null; groth16: { a: string[]; b: string[][]; c: string[] } | null } | undefined {
  let tx;
  try {
    tx = interfaces.receipts.parseTransaction({ data: calldata });
  } catch {
    return undefined;
  }
  if (tx?.name === "submitReceipt") return { signature: String(tx.args[1]), groth16: null };
  if (tx?.name === "submitProvenReceipts") {
    // submitProvenReceipts(nodeId, receipts, metricsDigest, proof): the proof is the parameter named `proof`.
    const at = tx.fragment.inputs.findIndex((input) => input.name === "proof");
    const p = plain(tx.fragment.inputs[at]!, tx.args[at]) as { a: string[]; b: string[][]; c: string[] };
    return { signature: null, groth16: { a: p.a, b: p.b, c: p.c } };
  }
  return undefined;
}
