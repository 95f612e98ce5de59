import { BuyerJobs, Job, Market, Provenance, Providers, Regions, type JobStatus } from "../../api/schemas.js";
import { request, type Transport } from "../transport.js";

export const market = (t: Transport) => request(t, "GET", "v1/market", Market);
export const regions = (t: Transport) => request(t, "GET", "v1/regions", Regions);
export const job = (t: Transport, jobId: bigint | string) => request(t, "GET", `v1/jobs/${jobId}`, Job);
export const provenance = (t: Transport, contentCommitment: bigint | string) =>
  request(t, "GET", `v1/provenance/${contentCommitment}`, Provenance);

export interface ProviderFilter {
  region?: string;
  gpuModel?: string;
  minGpus?: number;
  minCpuCores?: number;
  maxPrice?: bigint | string;
  minReputation?: number;
  maxCarbon?: number;
  cursor?: string;
  limit?: number;
}
export const providers = (t: Transport, f: ProviderFilter = {}) =>
  request(t, "GET", "v1/providers", Providers, {
    query: { ...f, maxPrice: f.maxPrice?.toString(), minReputation: f.minReputation?.toString() },
  });

export const buyerJobs = (
  t: Transport,
  buyer: string,
  o: { status?: JobStatus; cursor?: string; limit?: number } = {},
) => request(t, "GET", `v1/buyers/${buyer}/jobs`, BuyerJobs, { query: o });
