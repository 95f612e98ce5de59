/** The dashboard's only data source besides a wallet: the REST API that serves it (same origin). */
import type {
  Activity,
  Bridge,
  Dao,
  Job,
  JobSummary,
  Provenance,
  Provider,
  RecordRef,
  Regions,
} from "../../services/api/schemas.js";
import type { z } from "zod";

export type { Bridge, Dao, Job, JobSummary, Provenance, Provider };
export type TimelineStep = Job["timeline"][number];
export type ActivityView = z.infer<typeof Activity>;
export type RegionsView = z.infer<typeof Regions>;
export type RecordRefView = z.infer<typeof RecordRef>;

/** An API error with the code and message of its `{ error }` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { Accept: "application/json" } });
  const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!res.ok) {
    throw new ApiError(res.status, body.error?.code ?? "HTTP", body.error?.message ?? `HTTP ${res.status}`);
  }
  return body as T;
}

export const api = {
  regions: () => getJson<RegionsView>("/v1/regions"),
  activity: () => getJson<ActivityView>("/v1/activity"),
  providers: () => getJson<{ items: Provider[] }>("/v1/providers?limit=100"),
  jobs: (q: string, status: string) => {
    const params = new URLSearchParams({ limit: "50" });
    if (q) params.set("q", q);
    if (status) params.set("status", status);
    return getJson<{ items: JobSummary[] }>(`/v1/jobs?${params}`);
  },
  job: (id: string) => getJson<Job>(`/v1/jobs/${encodeURIComponent(id)}`),
  dao: () => getJson<Dao>("/v1/dao"),
  bridge: () => getJson<Bridge>("/v1/bridge"),
  record: (id: bigint) => getJson<RecordRefView>(`/v1/records/${id}`),
  provenance: (content: string) => getJson<Provenance>(`/v1/provenance/${content}`),
};

/** Base units of the payment token as a grouped decimal string (the token's decimals are shown as is). */
export const amount = (v: string | bigint) => BigInt(v).toLocaleString("en-US");
/** An 18-decimal token amount (SUAN votes) in whole tokens, exact. */
export function tokens(v: string | bigint): string {
  const n = BigInt(v);
  const frac = (n % 10n ** 18n).toString().padStart(18, "0").replace(/0+$/, "");
  return `${(n / 10n ** 18n).toLocaleString("en-US")}${frac ? `.${frac}` : ""} SUAN`;
}
export const time = (unix: number) => new Date(unix * 1000).toISOString().replace("T", " ").slice(0, 19);
export const short = (hex: string) => (hex.length > 14 ? `${hex.slice(0, 8)}…${hex.slice(-4)}` : hex);
