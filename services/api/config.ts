/**
 * API configuration, parsed once from the environment (zod; a bad variable stops the start with its name).
 * Chains and contract addresses come either as JSON (`SUANLI_API_HUB`, `SUANLI_API_REGIONS`) or, by default,
 * from the deployment records `npm start` writes plus `SUANLI_<CHAIN>_RPC_URL`.
 *
 *   SUANLI_API_KEY            private key of the API's gas account (pays relayed transactions; never a buyer's)
 *   SUANLI_API_HOST / _PORT   listen address (default 127.0.0.1:8720)
 *   SUANLI_API_DATA_DIR       index, idempotency keys and result blobs (default .stack/api)
 *   SUANLI_API_POLL_MS        indexer poll interval (500)
 *   SUANLI_API_CONFIRMATIONS  default confirmations per chain (0; per chain in the JSON form)
 *   SUANLI_API_RATE_LIMIT     requests per client per minute (1200)
 *   SUANLI_API_BLOB_LIMIT     largest result blob in bytes (1048576)
 *   SUANLI_API_QUOTE_TTL_SEC  how long a quoted request stays signable (600)
 *   SUANLI_API_WATTS_PER_UNIT power drawn per resource unit, for carbon estimates (300)
 *   SUANLI_API_DASHBOARD_DIR  the built dashboard served at / (default dashboard/dist; see docs/dashboard.md)
 *   SUANLI_API_RELAYER_URL    the bridge relayer whose lanes `GET /v1/bridge` reports (unset: no lanes)
 *   SUANLI_API_VALIDATOR_URLS comma-separated validator base URLs whose /health `GET /v1/bridge` reports
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { address, host, jsonEnv, millis, parseConfig, port } from "../shared/config.js";

const chainBase = {
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  domain: z.number().int().positive(),
  rpcUrl: z.url(),
  fromBlock: z.number().int().nonnegative().default(0),
  confirmations: z.number().int().nonnegative().optional(),
};
export const hubChainSchema = z.object({
  ...chainBase,
  jobMarket: address,
  nodeIndex: address,
  reputation: address,
  provenanceRegistry: address,
  modelRegistry: address,
  paymentToken: address,
  /** The DAO, read by the dashboard's view (`GET /v1/dao`); optional so older configurations still load. */
  governor: address.optional(),
  token: address.optional(),
  timelock: address.optional(),
  /** Cross-chain governance: the hub vote pool, indexed for the per-chain tallies of `GET /v1/dao`. */
  votePool: address.optional(),
});
export const regionChainSchema = z.object({
  ...chainBase,
  inbox: address,
  receipts: address,
  /** The region's vote aggregator (cross-chain governance), indexed for per-chain tallies. */
  voteAggregator: address.optional(),
});
export type HubChain = z.infer<typeof hubChainSchema>;
export type RegionChain = z.infer<typeof regionChainSchema>;

const envSchema = z.object({
  SUANLI_API_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected a 0x-prefixed 32-byte private key"),
  SUANLI_API_HOST: host,
  SUANLI_API_PORT: port.default(8720),
  SUANLI_API_DATA_DIR: z.string().min(1).default(path.join(".stack", "api")),
  SUANLI_API_POLL_MS: millis.default(500),
  SUANLI_API_CONFIRMATIONS: z.coerce.number().int().nonnegative().default(0),
  SUANLI_API_RATE_LIMIT: z.coerce.number().int().positive().default(1_200),
  SUANLI_API_BLOB_LIMIT: z.coerce.number().int().positive().default(1_048_576),
  SUANLI_API_QUOTE_TTL_SEC: z.coerce.number().int().positive().default(600),
  SUANLI_API_WATTS_PER_UNIT: z.coerce.number().positive().default(300),
  SUANLI_API_HUB: jsonEnv(hubChainSchema).optional(),
  SUANLI_API_REGIONS: jsonEnv(z.array(regionChainSchema).min(1)).optional(),
  SUANLI_DEPLOYMENTS_DIR: z.string().default(path.join(".stack", "8545", "deployments")),
  SUANLI_API_REGION_NAMES: z
    .string()
    .regex(/^[a-z][a-z0-9]*(,[a-z][a-z0-9]*)*$/)
    .default("east,west"),
  SUANLI_HUB_RPC_URL: z.url().default("http://127.0.0.1:8545"),
  SUANLI_API_DASHBOARD_DIR: z.string().min(1).default(path.join("dashboard", "dist")),
  SUANLI_API_RELAYER_URL: z.url().optional(),
  SUANLI_API_VALIDATOR_URLS: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : []))
    .pipe(z.array(z.url())),
});

export interface ApiConfig {
  key: string;
  host: string;
  port: number;
  dataDir: string;
  pollMs: number;
  rateLimitPerMinute: number;
  blobLimitBytes: number;
  quoteTtlSec: number;
  wattsPerUnit: number;
  hub: HubChain & { confirmations: number };
  regions: (RegionChain & { confirmations: number })[];
  /** Folder of the built dashboard (index.html) served at `/`; unset or missing: `/` says how to build it. */
  dashboardDir?: string;
  /** Bridge relayer and validators the dashboard's bridge view reports on. */
  relayerUrl?: string;
  validatorUrls?: string[];
}

const recordOf = (dir: string, name: string) =>
  JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8")) as Record<string, unknown>;

/** Reads the configuration; without JSON chain settings, the deployment records and RPC URLs. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const c = parseConfig(envSchema, env);
  const confirmations = c.SUANLI_API_CONFIRMATIONS;
  const hub =
    c.SUANLI_API_HUB ??
    (() => {
      const r = recordOf(c.SUANLI_DEPLOYMENTS_DIR, "hub");
      return hubChainSchema.parse({ ...r, name: "hub", domain: r.chainId, rpcUrl: c.SUANLI_HUB_RPC_URL });
    })();
  const regions =
    c.SUANLI_API_REGIONS ??
    c.SUANLI_API_REGION_NAMES.split(",").map((name, i) => {
      const r = recordOf(c.SUANLI_DEPLOYMENTS_DIR, name);
      const url = env[`SUANLI_${name.toUpperCase()}_RPC_URL`] ?? `http://127.0.0.1:${8546 + i}`;
      return regionChainSchema.parse({ ...r, name, domain: r.chainId, rpcUrl: url });
    });
  return {
    key: c.SUANLI_API_KEY,
    host: c.SUANLI_API_HOST,
    port: c.SUANLI_API_PORT,
    dataDir: c.SUANLI_API_DATA_DIR,
    pollMs: c.SUANLI_API_POLL_MS,
    rateLimitPerMinute: c.SUANLI_API_RATE_LIMIT,
    blobLimitBytes: c.SUANLI_API_BLOB_LIMIT,
    quoteTtlSec: c.SUANLI_API_QUOTE_TTL_SEC,
    wattsPerUnit: c.SUANLI_API_WATTS_PER_UNIT,
    hub: { ...hub, confirmations: hub.confirmations ?? confirmations },
    regions: regions.map((r) => ({ ...r, confirmations: r.confirmations ?? confirmations })),
    dashboardDir: c.SUANLI_API_DASHBOARD_DIR,
    relayerUrl: c.SUANLI_API_RELAYER_URL,
    validatorUrls: c.SUANLI_API_VALIDATOR_URLS,
  };
}
