import { Quote, type Tier } from "../../api/schemas.js";
import { request, type Transport } from "../transport.js";

export interface QuoteParams {
  resources: number;
  durationSec: number;
  tier: Tier;
  latencyBoundMs: number;
  /** Unix seconds. */
  deadline: number;
  maxUnitPrice?: bigint | string;
  inputCommitment?: bigint | string;
  /** With a buyer, the quote also carries the permit's typed data (with the token's current permit nonce). */
  buyer?: string;
}

/** `GET /v1/quotes`: escrow, per-region expectations and the typed data to sign. */
export function quote(t: Transport, p: QuoteParams) {
  return request(t, "GET", "v1/quotes", Quote, {
    query: {
      resources: p.resources,
      durationSec: p.durationSec,
      tier: p.tier,
      latencyBoundMs: p.latencyBoundMs,
      deadline: p.deadline,
      maxUnitPrice: p.maxUnitPrice?.toString(),
      inputCommitment: p.inputCommitment?.toString(),
      buyer: p.buyer,
    },
  });
}
