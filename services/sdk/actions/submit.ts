import { randomUUID } from "node:crypto";
import { Signature, type Signer } from "ethers";
import { SubmittedJob, type Quote } from "../../api/schemas.js";
import { SuanliApiError } from "../errors.js";
import { request, type Transport } from "../transport.js";
import { quote, type QuoteParams } from "./quote.js";

export interface SubmitOptions {
  /** Reused on a retry so the job is created once; a fresh one per call by default. */
  idempotencyKey?: string;
  /** When set, refuse typed data for any other JobMarket (do not trust the API blindly). */
  expectedJobMarket?: string;
}

/** Checks that the API asks the buyer to sign what the buyer asked for, for the right market. */
function checkQuote(q: Quote, p: QuoteParams, buyer: string, o: SubmitOptions): void {
  const m = q.typedData.message;
  const problems: string[] = [];
  const market = q.typedData.domain.verifyingContract.toLowerCase();
  if (o.expectedJobMarket && market !== o.expectedJobMarket.toLowerCase()) problems.push("jobMarket");
  if (m.buyer?.toLowerCase() !== buyer.toLowerCase()) problems.push("buyer");
  if (m.resources !== p.resources || m.durationSec !== p.durationSec) problems.push("resources/duration");
  if (m.latencyBoundMs !== p.latencyBoundMs || m.deadline !== p.deadline) problems.push("latency/deadline");
  if (p.maxUnitPrice !== undefined && m.maxUnitPrice !== p.maxUnitPrice.toString())
    problems.push("maxUnitPrice");
  if (!q.permit || q.permit.message.spender.toLowerCase() !== market) problems.push("permit.spender");
  if (q.permit && q.permit.message.value !== q.escrow) problems.push("permit.value");
  if (problems.length > 0) {
    throw new SuanliApiError(
      0,
      "QUOTE_MISMATCH",
      `the quote differs from the request: ${problems.join(", ")}`,
      {
        problems,
      },
    );
  }
}

/**
 * Quotes for `signer`'s address, signs the EIP-712 job request and the EIP-2612 permit locally, and submits
 * both. The key never leaves the signer; the API only relays.
 */
export async function signAndSubmit(t: Transport, signer: Signer, p: QuoteParams, o: SubmitOptions = {}) {
  const buyer = await signer.getAddress();
  const q = await quote(t, { ...p, buyer });
  checkQuote(q, p, buyer, o);
  const { domain, types, message } = q.typedData;
  const signature = await signer.signTypedData(domain, types, { ...message, buyer });
  const permit = q.permit!;
  const permitSig = Signature.from(await signer.signTypedData(permit.domain, permit.types, permit.message));
  const submitted = await request(t, "POST", "v1/jobs", SubmittedJob, {
    headers: { "Idempotency-Key": o.idempotencyKey ?? randomUUID() },
    body: {
      spec: q.spec,
      buyer,
      nonce: message.nonce,
      expiry: message.expiry,
      signature,
      permit: {
        value: permit.message.value,
        deadline: permit.message.deadline,
        v: permitSig.v,
        r: permitSig.r,
        s: permitSig.s,
      },
    },
  });
  return { ...submitted, quote: q };
}
