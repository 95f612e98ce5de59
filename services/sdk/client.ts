/**
 * `SuanliClient`: the typed SDK over the buyers' REST API. Every response is validated with the API's own zod
 * schemas; signing happens locally with any ethers `Signer` (the API never sees a key).
 *
 *   const client = new SuanliClient({ baseUrl: "http://127.0.0.1:8720" });
 *   const { jobId } = await client.signAndSubmit(wallet, { resources: 2, durationSec: 60, … });
 *   for await (const step of client.follow(jobId)) console.log(step.type);
 */
import type { Signer } from "ethers";
import type { JobStatus } from "../api/schemas.js";
import { uploadBlob } from "./actions/blob.js";
import { cancel } from "./actions/cancel.js";
import { follow, type FollowOptions } from "./actions/follow.js";
import { quote, type QuoteParams } from "./actions/quote.js";
import * as reads from "./actions/reads.js";
import { result } from "./actions/result.js";
import { signAndSubmit, type SubmitOptions } from "./actions/submit.js";
import type { Transport } from "./transport.js";

export interface ClientOptions {
  baseUrl: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

export class SuanliClient {
  private readonly t: Transport;

  constructor(o: ClientOptions) {
    this.t = {
      baseUrl: o.baseUrl,
      headers: o.headers ?? {},
      fetch: o.fetch ?? globalThis.fetch.bind(globalThis),
    };
  }

  market() {
    return reads.market(this.t);
  }
  regions() {
    return reads.regions(this.t);
  }
  providers(filter?: reads.ProviderFilter) {
    return reads.providers(this.t, filter);
  }
  quote(params: QuoteParams) {
    return quote(this.t, params);
  }
  signAndSubmit(signer: Signer, params: QuoteParams, options?: SubmitOptions) {
    return signAndSubmit(this.t, signer, params, options);
  }
  job(jobId: bigint | string) {
    return reads.job(this.t, jobId);
  }
  follow(jobId: bigint | string, options?: FollowOptions) {
    return follow(this.t, jobId, options);
  }
  result(jobId: bigint | string) {
    return result(this.t, jobId);
  }
  cancel(signer: Signer, jobId: bigint | string, ttlSec?: number) {
    return cancel(this.t, signer, jobId, ttlSec);
  }
  buyerJobs(buyer: string, options?: { status?: JobStatus; cursor?: string; limit?: number }) {
    return reads.buyerJobs(this.t, buyer, options);
  }
  /** For node agents: upload a job's output bytes (content-addressed; served once the job settles). */
  uploadResult(bytes: Uint8Array) {
    return uploadBlob(this.t, bytes);
  }
  provenance(contentCommitment: bigint | string) {
    return reads.provenance(this.t, contentCommitment);
  }
}
