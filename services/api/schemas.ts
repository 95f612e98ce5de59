/**
 * The REST API's one source of truth: these zod schemas validate requests, shape responses, generate the
 * OpenAPI document (`openapi.ts`) and type the SDK (`services/sdk`). Integers that may exceed 2^53 travel as
 * decimal strings; 32-bit fields and unix times as JSON numbers. Only zod is imported here, so the SDK can
 * depend on this module without pulling in the server.
 */
import { z } from "zod";

const FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const U32_MAX = 4_294_967_295;
/** Refinements run even after a failed pattern: they only convert text the pattern accepted. */
const DECIMAL = /^[0-9]{1,78}$/;

/** An unsigned decimal integer string (no sign, no leading zeros), below 2^bits. */
export const uint = (bits = 256) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,77})$/, "expected an unsigned decimal integer string")
    .refine((s) => !DECIMAL.test(s) || BigInt(s) < 2n ** BigInt(bits), `must be below 2^${bits}`)
    .describe(`unsigned integer below 2^${bits}, as a decimal string`);
export const Uint = uint(256);
export const FieldElement = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,76})$/, "expected an unsigned decimal integer string")
  .refine((s) => !DECIMAL.test(s) || BigInt(s) < FIELD, "must be a BN254 field element")
  .describe("BN254 field element, as a decimal string");
export const Address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address")
  .describe("account address");
export const Bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x + 64 hex digits");
export const HexBytes = (maxBytes: number) =>
  z
    .string()
    .max(2 + 2 * maxBytes, `at most ${maxBytes} bytes`)
    .regex(/^0x([0-9a-fA-F]{2})*$/, "expected 0x-prefixed hex bytes");
const u32 = (min = 0) => z.number().int().min(min).max(U32_MAX);
const unixTime = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe("unix time in seconds");

export const Tier = z.enum(["realtime", "interactive", "batch"]).describe("SLA tier");
export type Tier = z.infer<typeof Tier>;
export const TIERS = Tier.options;

export const JobSpec = z
  .object({
    resources: u32(1).describe("resource units (GPUs on a GPU node, cores on a CPU node)"),
    durationSec: u32(1),
    tier: Tier,
    latencyBoundMs: u32(1),
    deadline: unixTime,
    // JobMarket stores it in 80 bits and refuses more (JobMarketInvalidSpec("maxUnitPrice")).
    maxUnitPrice: uint(80).describe("highest price per resource-unit-second, in payment-token units"),
    inputCommitment: FieldElement,
  })
  .strict();
export type JobSpec = z.infer<typeof JobSpec>;

// ---------------------------------------------------------------- query strings (all values arrive as text)

const qInt = (what: string) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,9})$/, `expected ${what} as a non-negative integer`)
    .refine((s) => Number(s) <= U32_MAX, "must be below 2^32");
const qUnix = z.string().regex(/^[1-9][0-9]{0,14}$/, "expected a unix time in seconds");

export const QuoteQuery = z
  .object({
    resources: qInt("resource units"),
    durationSec: qInt("seconds"),
    tier: Tier,
    latencyBoundMs: qInt("milliseconds"),
    deadline: qUnix,
    maxUnitPrice: uint(80).optional(),
    inputCommitment: FieldElement.optional(),
    buyer: Address.optional(),
  })
  .strict();

export const ProvidersQuery = z
  .object({
    region: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, "expected a region name")
      .optional(),
    gpuModel: z.string().min(1).max(64).optional(),
    minGpus: qInt("a GPU count").optional(),
    minCpuCores: qInt("a core count").optional(),
    maxPrice: uint(128).optional(),
    minReputation: z
      .string()
      .regex(/^(0(\.[0-9]{1,6})?|1(\.0{1,6})?)$/, "expected a score between 0 and 1")
      .optional(),
    maxCarbon: qInt("gCO2/kWh").optional(),
    cursor: z
      .string()
      .regex(/^[0-9]{1,20}:[0-9]{1,20}$/, "expected a cursor from a previous page")
      .optional(),
    limit: z
      .string()
      .regex(/^[1-9][0-9]{0,2}$/, "expected 1-100")
      .refine((s) => Number(s) <= 100, "at most 100")
      .optional(),
  })
  .strict();

export const JobStatus = z.enum(["open", "assigned", "settled", "timed_out", "cancelled"]);
export type JobStatus = z.infer<typeof JobStatus>;

export const BuyerJobsQuery = z
  .object({
    status: JobStatus.optional(),
    cursor: z
      .string()
      .regex(/^[1-9][0-9]{0,15}$/, "expected a job id cursor")
      .optional(),
    limit: z
      .string()
      .regex(/^[1-9][0-9]{0,2}$/, "expected 1-100")
      .refine((s) => Number(s) <= 100, "at most 100")
      .optional(),
  })
  .strict();

export const JobIdParam = z.string().regex(/^[1-9][0-9]{0,15}$/, "expected a job id (a positive integer)");
export const BuyerParam = Address;
export const CommitmentParam = FieldElement;

// ---------------------------------------------------------------- request bodies

export const Permit = z
  .object({
    value: Uint,
    deadline: Uint,
    v: z.number().int().min(0).max(255),
    r: Bytes32,
    s: Bytes32,
  })
  .strict()
  .describe("EIP-2612 permit of the payment token for the JobMarket, signed by the buyer");

export const SubmitJobRequest = z
  .object({
    spec: JobSpec,
    buyer: Address,
    nonce: Uint,
    expiry: unixTime,
    signature: HexBytes(2048).describe("the buyer's EIP-712 JobRequest signature"),
    permit: Permit,
  })
  .strict();
export type SubmitJobRequest = z.infer<typeof SubmitJobRequest>;

export const CancelJobRequest = z
  .object({
    deadline: unixTime,
    signature: HexBytes(2048).describe("the buyer's EIP-712 CancelRequest(jobId, deadline) signature"),
  })
  .strict();
export type CancelJobRequest = z.infer<typeof CancelJobRequest>;

// ---------------------------------------------------------------- responses

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .describe("the one error shape of every endpoint");

const TypedDataField = z.object({ name: z.string(), type: z.string() });
export const TypedDataDomain = z.object({
  name: z.string(),
  version: z.string(),
  chainId: z.number().int(),
  verifyingContract: Address,
});

export const JobRequestTypedData = z.object({
  domain: TypedDataDomain,
  types: z.object({ JobRequest: z.array(TypedDataField) }),
  primaryType: z.literal("JobRequest"),
  message: z.object({
    buyer: Address.nullable().describe("null until the quote names a buyer"),
    resources: z.number().int(),
    durationSec: z.number().int(),
    tier: z.number().int().describe("0 realtime, 1 interactive, 2 batch"),
    latencyBoundMs: z.number().int(),
    deadline: z.number().int(),
    maxUnitPrice: Uint,
    inputCommitment: FieldElement,
    nonce: Uint,
    expiry: z.number().int(),
  }),
});
export type JobRequestTypedData = z.infer<typeof JobRequestTypedData>;

export const PermitTypedData = z.object({
  domain: TypedDataDomain,
  types: z.object({ Permit: z.array(TypedDataField) }),
  primaryType: z.literal("Permit"),
  message: z.object({ owner: Address, spender: Address, value: Uint, nonce: Uint, deadline: Uint }),
});
export type PermitTypedData = z.infer<typeof PermitTypedData>;

export const RegionQuote = z.object({
  region: z.string(),
  domain: z.number().int(),
  feasibleNodes: z.number().int(),
  minUnitPrice: Uint,
  expectedPrice: Uint.describe("price at the cheapest feasible node's ask"),
  expectedCarbonGrams: z.number().describe("gCO2 at that node's carbon intensity (see docs/api.md)"),
  expectedLatencyMs: z.number().int(),
});

export const Quote = z.object({
  spec: JobSpec,
  escrow: Uint.describe("what the buyer escrows: the price at maxUnitPrice"),
  regions: z.array(RegionQuote).describe("feasible regions, cheapest first"),
  typedData: JobRequestTypedData,
  permit: PermitTypedData.nullable().describe("present when the quote names a buyer"),
});
export type Quote = z.infer<typeof Quote>;

export const Market = z.object({
  chainId: z.number().int(),
  jobMarket: Address,
  paymentToken: z.object({ address: Address, name: z.string(), version: z.string(), decimals: z.number() }),
  policy: z.object({
    tierMultiplierBps: z.array(z.number().int()),
    latencyPenaltyBps: z.number().int(),
    protocolFeeBps: z.number().int(),
    settlementGraceSec: z.number().int(),
  }),
  gasRelayer: Address,
});
export type Market = z.infer<typeof Market>;

export const Region = z.object({
  name: z.string(),
  domain: z.number().int(),
  nodes: z.object({ total: z.number().int(), active: z.number().int(), busy: z.number().int() }),
  capacity: z.object({ totalUnits: z.number().int(), freeUnits: z.number().int() }),
  price: z.object({ min: Uint, max: Uint }).nullable(),
  carbonIntensityNow: z.number().nullable().describe("capacity-weighted gCO2/kWh of active nodes"),
});
export const Regions = z.object({ items: z.array(Region) });

export const Provider = z.object({
  nodeId: Uint,
  region: z.string(),
  domain: z.number().int(),
  operator: Address,
  status: z.enum(["active", "paused", "retired", "unknown"]),
  cpuCores: z.number().int(),
  memoryMb: z.number().int(),
  gpuModel: z.string(),
  gpuCount: z.number().int(),
  latencyClass: z.number().int(),
  energySource: z.string(),
  carbonIntensity: z.number().int(),
  pricePerSecond: Uint,
  endpoint: z.string(),
  reputation: z.object({
    successes: z.number().int(),
    slaBreaches: z.number().int(),
    timeouts: z.number().int(),
    score: z.number().describe("successes / settled jobs; 1 for a node without history"),
  }),
});
export type Provider = z.infer<typeof Provider>;
export const Providers = z.object({ items: z.array(Provider), nextCursor: z.string().nullable() });

const stepBase = {
  id: z.string().describe("chain domain:block:log index — stable across restarts"),
  chain: z.string(),
  domain: z.number().int(),
  blockNumber: z.number().int(),
  blockTime: z.number().int(),
  txHash: Bytes32,
};
const Groth16 = z.object({
  a: z.array(Uint),
  b: z.array(z.array(Uint)),
  c: z.array(Uint),
});
export const TimelineStep = z.discriminatedUnion("type", [
  z.object({
    ...stepBase,
    type: z.literal("created"),
    details: z.object({ buyer: Address, escrow: Uint, spec: JobSpec }),
  }),
  z.object({
    ...stepBase,
    type: z.literal("assigned"),
    details: z.object({
      region: z.string(),
      nodeId: Uint,
      attempt: z.number().int(),
      unitPrice: Uint,
      price: Uint,
    }),
  }),
  z.object({
    ...stepBase,
    type: z.literal("directive_received"),
    details: z.object({ nodeId: Uint, attempt: z.number().int() }),
  }),
  z.object({
    ...stepBase,
    type: z.literal("acknowledged"),
    details: z.object({ nodeId: Uint, attempt: z.number().int() }),
  }),
  z.object({
    ...stepBase,
    type: z.literal("receipt"),
    details: z.object({
      kind: z.enum(["signed", "proven"]),
      nodeId: Uint,
      attempt: z.number().int(),
      outputCommitment: Uint,
      latencyMs: z.number().int().nullable(),
      finishTime: z.number().int().nullable(),
      energyWh: z.number().int().nullable(),
      latencyMet: z.boolean().nullable(),
      deadlineMet: z.boolean().nullable(),
      proof: z
        .object({ signature: z.string().nullable(), groth16: Groth16.nullable() })
        .nullable()
        .describe("the operator's signature or the Groth16 proof, read from the submitting transaction"),
    }),
  }),
  z.object({
    ...stepBase,
    type: z.literal("settled"),
    details: z.object({
      nodeId: Uint,
      providerPay: Uint,
      buyerRefund: Uint,
      fee: Uint,
      penalty: Uint,
      outputCommitment: Uint.nullable(),
    }),
  }),
  z.object({
    ...stepBase,
    type: z.literal("timed_out"),
    details: z.object({ nodeId: Uint, refund: Uint, slashed: Uint }),
  }),
  z.object({ ...stepBase, type: z.literal("cancelled"), details: z.object({ refund: Uint }) }),
]);
export type TimelineStep = z.infer<typeof TimelineStep>;
export const TERMINAL_STEPS = ["settled", "timed_out", "cancelled"] as const;

export const JobSummary = z.object({
  jobId: Uint,
  buyer: Address,
  status: JobStatus,
  escrow: Uint,
  spec: JobSpec,
  region: z.string().nullable(),
  nodeId: Uint.nullable(),
  attempt: z.number().int(),
  outputCommitment: Uint.nullable().describe("the settled receipt's output commitment"),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type JobSummary = z.infer<typeof JobSummary>;
export const Job = JobSummary.extend({ timeline: z.array(TimelineStep) });
export type Job = z.infer<typeof Job>;
export const BuyerJobs = z.object({ items: z.array(JobSummary), nextCursor: z.string().nullable() });

export const SubmittedJob = z.object({
  jobId: Uint,
  txHash: Bytes32,
  blockNumber: z.number().int(),
  buyer: Address,
  escrow: Uint,
});
export type SubmittedJob = z.infer<typeof SubmittedJob>;

export const CancelledJob = z.object({ jobId: Uint, txHash: Bytes32, refund: Uint });
export type CancelledJob = z.infer<typeof CancelledJob>;

export const StoredBlob = z.object({
  commitment: FieldElement,
  size: z.number().int(),
  created: z.boolean(),
});

export const Provenance = z.object({
  contentCommitment: FieldElement,
  recordId: Uint,
  modelId: Uint,
  model: z.object({ name: z.string(), version: z.string(), approved: z.boolean() }).nullable(),
  creatorCommitment: Uint,
  linkedJobId: Uint.nullable(),
  job: JobSummary.nullable(),
  lineage: z.array(Uint).describe("this record, its first parent, … up to the origin"),
  parents: z.array(Uint),
  proof: z.object({
    status: z.literal("verified").describe("the registry accepts a record only with a valid proof"),
    circuit: z.literal("AigcProvenance"),
    txHash: Bytes32,
    blockNumber: z.number().int(),
    blockTime: z.number().int(),
  }),
});
export type Provenance = z.infer<typeof Provenance>;

export const Health = z.object({ status: z.string(), service: z.string() }).catchall(z.unknown());

// ---- Read-only views for the dashboard (routes/dashboard.ts) ----

export const RecentJobsQuery = z
  .object({
    status: JobStatus.optional(),
    q: z
      .string()
      .max(80, "at most 80 characters")
      .regex(/^[0-9a-zA-Z_-]*$/, "a job id (digits), part of a buyer address (0x…) or a region name")
      .optional(),
    limit: z
      .string()
      .regex(/^[1-9][0-9]{0,2}$/, "expected 1-200")
      .refine((s) => Number(s) <= 200, "at most 200")
      .optional(),
  })
  .strict();
export const RecentJobs = z.object({ items: z.array(JobSummary) });

export const RegionFlow = z.object({
  region: z.string(),
  directives: z.number().int().describe("AssignmentReceived on the region (hub → region)"),
  acknowledged: z.number().int(),
  receipts: z.number().int().describe("receipts accepted or proven on the region (region → hub)"),
  settled: z.number().int().describe("jobs of this region settled on the hub"),
});
export type RegionFlow = z.infer<typeof RegionFlow>;
export const Earning = z.object({
  nodeId: Uint,
  jobId: Uint,
  time: z.number().int().describe("block time of the settlement"),
  providerPay: Uint,
});
export const Activity = z.object({ flow: z.array(RegionFlow), earnings: z.array(Earning) });

export const ProposalState = z.enum([
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
]);
export const ProposalCall = z.object({
  target: Address,
  value: Uint,
  data: z.string(),
  contract: z.string().nullable().describe("name of a known hub contract, else null"),
  function: z.string().nullable(),
  args: z.record(z.string(), z.unknown()).nullable(),
});
export const Votes = z.object({ for: Uint, against: Uint, abstain: Uint });
export const RegionTally = z.object({
  name: z.string().describe("the region chain"),
  domain: z.number().int(),
  announced: z.boolean().describe("whether the proposal reached the region's vote aggregator"),
  cutoff: z
    .number()
    .int()
    .nullable()
    .describe("the spoke's cut-off (seconds); votes there are taken until it"),
  votedOnRegion: Votes.describe("spoke votes cast on the region (the aggregator's VoteCast weights)"),
  sentToHub: Votes.describe("the region's latest tally sent to the hub (cumulative, TallySent)"),
  countedOnHub: Votes.describe("what the hub vote pool counted from the region's tallies (TallyCounted)"),
});
export const ChainTallies = z.object({
  hub: Votes.describe(
    "votes cast on the hub directly: the Governor's total minus every region's counted votes",
  ),
  regions: z.array(RegionTally),
});
export type ChainTallies = z.infer<typeof ChainTallies>;
export const Proposal = z.object({
  proposalId: Uint,
  proposer: Address,
  description: z.string(),
  descriptionHash: Bytes32,
  state: ProposalState,
  voteStart: z.number().int(),
  voteEnd: z.number().int(),
  eta: z.number().int().describe("Timelock eta (0 until queued)"),
  votes: z.object({ for: Uint, against: Uint, abstain: Uint }),
  quorum: Uint,
  calls: z.array(ProposalCall),
  chains: ChainTallies.describe(
    "the tally per chain, indexed from the vote pool's and the aggregators' events",
  ),
});
export const Dao = z.object({
  chainId: z.number().int(),
  governor: Address,
  token: Address,
  timelock: Address,
  clock: z.number().int().describe("the Governor's clock (block number) now"),
  proposals: z.array(Proposal),
});
export type Dao = z.infer<typeof Dao>;

export const BridgeLane = z.object({
  origin: z.string(),
  destination: z.string(),
  delivered: z.number().int(),
  pending: z.number().int(),
  parked: z.number().int(),
  latencyMs: z
    .object({ p50: z.number(), p90: z.number(), p99: z.number(), samples: z.number().int() })
    .nullable()
    .describe("relayer observed → delivered, over the delivered messages it still lists"),
});
export const BridgeValidator = z.object({
  url: z.string(),
  healthy: z.boolean(),
  detail: z.string(),
});
export const Bridge = z.object({
  relayer: z.string().nullable(),
  relayerReachable: z.boolean(),
  lanes: z.array(BridgeLane),
  validators: z.array(BridgeValidator),
});
export type Bridge = z.infer<typeof Bridge>;

export const RecordIdParam = uint(64);
export const RecordRef = z.object({ recordId: Uint, contentCommitment: FieldElement });
