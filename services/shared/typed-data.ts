/**
 * EIP-712 payloads Suanli users sign: a buyer's job request and payment-token permit, a node operator's
 * receipt. Shared by tests, the REST API (which relays but never signs for buyers) and node agents.
 */
import { type Signer, Signature, type TypedDataDomain } from "ethers";

export interface JobSpec {
  resources: number;
  durationSec: number;
  tier: number;
  latencyBoundMs: number;
  deadline: bigint;
  maxUnitPrice: bigint;
  inputCommitment: bigint;
}

export interface Receipt {
  jobId: bigint;
  nodeId: bigint;
  attempt: number;
  inputCommitment: bigint;
  outputCommitment: bigint;
  latencyMs: number;
  finishTime: bigint;
  energyWh: number;
}

export const JOB_REQUEST_TYPES = {
  JobRequest: [
    { name: "buyer", type: "address" },
    { name: "resources", type: "uint32" },
    { name: "durationSec", type: "uint32" },
    { name: "tier", type: "uint8" },
    { name: "latencyBoundMs", type: "uint32" },
    { name: "deadline", type: "uint64" },
    { name: "maxUnitPrice", type: "uint128" },
    { name: "inputCommitment", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "expiry", type: "uint64" },
  ],
};

export const RECEIPT_TYPES = {
  Receipt: [
    { name: "jobId", type: "uint256" },
    { name: "nodeId", type: "uint256" },
    { name: "attempt", type: "uint32" },
    { name: "inputCommitment", type: "uint256" },
    { name: "outputCommitment", type: "uint256" },
    { name: "latencyMs", type: "uint32" },
    { name: "finishTime", type: "uint64" },
    { name: "energyWh", type: "uint32" },
  ],
};

export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

export const jobMarketDomain = (chainId: bigint, verifyingContract: string): TypedDataDomain => ({
  name: "Suanli JobMarket",
  version: "1",
  chainId,
  verifyingContract,
});

export const receiptDomain = (chainId: bigint, verifyingContract: string): TypedDataDomain => ({
  name: "Suanli Receipt",
  version: "1",
  chainId,
  verifyingContract,
});

/** The buyer's signature over a job request for the JobMarket at `market` on `chainId`. */
export async function signJobRequest(
  buyer: Signer,
  chainId: bigint,
  market: string,
  spec: JobSpec,
  nonce: bigint,
  expiry: bigint,
): Promise<string> {
  const value = { buyer: await buyer.getAddress(), ...spec, nonce, expiry };
  return buyer.signTypedData(jobMarketDomain(chainId, market), JOB_REQUEST_TYPES, value);
}

/** An EIP-2612 permit, split into the (value, deadline, v, r, s) the JobMarket takes. */
export async function signPermit(
  owner: Signer,
  token: { name: string; address: string; nonce: bigint; version?: string },
  chainId: bigint,
  spender: string,
  value: bigint,
  deadline: bigint,
) {
  const domain = {
    name: token.name,
    version: token.version ?? "1",
    chainId,
    verifyingContract: token.address,
  };
  const message = { owner: await owner.getAddress(), spender, value, nonce: token.nonce, deadline };
  const sig = Signature.from(await owner.signTypedData(domain, PERMIT_TYPES, message));
  return { value, deadline, v: sig.v, r: sig.r, s: sig.s };
}

/** The operator's signature over a receipt for the SignatureReceiptVerifier at `verifier` on `chainId`. */
export function signReceipt(
  operator: Signer,
  chainId: bigint,
  verifier: string,
  receipt: Receipt,
): Promise<string> {
  return operator.signTypedData(receiptDomain(chainId, verifier), RECEIPT_TYPES, receipt);
}

/**
 * Everything a gas relayer (the REST API) needs to submit a buyer's job with `createJobWithSig`: the buyer's
 * request signature and an EIP-2612 permit of `escrow` for the market, both expiring at `expiry`.
 */
export async function signJobWithPermit(
  buyer: Signer,
  o: {
    chainId: bigint;
    market: string;
    token: { name: string; address: string; nonce: bigint };
    spec: JobSpec;
    nonce: bigint;
    expiry: bigint;
    escrow: bigint;
  },
) {
  const signature = await signJobRequest(buyer, o.chainId, o.market, o.spec, o.nonce, o.expiry);
  const permit = await signPermit(buyer, o.token, o.chainId, o.market, o.escrow, o.expiry);
  return { signature, permit };
}

export const CANCEL_REQUEST_TYPES = {
  CancelRequest: [
    { name: "jobId", type: "uint256" },
    { name: "deadline", type: "uint64" },
  ],
};

/** The buyer's signature over a request to cancel open job `jobId` (submitted by anyone with `cancelWithSig`). */
export async function signCancelRequest(
  buyer: Signer,
  chainId: bigint,
  market: string,
  jobId: bigint,
  deadline: bigint,
): Promise<string> {
  return buyer.signTypedData(jobMarketDomain(chainId, market), CANCEL_REQUEST_TYPES, { jobId, deadline });
}
