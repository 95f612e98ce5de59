/**
 * Scheduler entry point: `tsx services/scheduler/main.ts`. Configuration comes from the environment only
 * (validated with zod; the scheduler key is never in code), contract addresses from the deployment records
 * written by `npm start` (.stack/8545/deployments/<chain>.json for the default base port). Stops cleanly on SIGINT / SIGTERM.
 *
 *   SUANLI_SCHEDULER_KEY               private key of an account holding DirectiveHub's SCHEDULER_ROLE (required)
 *   SUANLI_HUB_RPC_URL                 hub JSON-RPC (default http://127.0.0.1:8545)
 *   SUANLI_<REGION>_RPC_URL            each region's JSON-RPC (defaults: EAST 8546, WEST 8547 on 127.0.0.1)
 *   SUANLI_SCHEDULER_REGIONS           deployment name=network region, comma separated (east=cn-east,west=cn-west)
 *   SUANLI_DEPLOYMENTS_DIR             deployment records (.stack/8545/deployments)
 *   SUANLI_SCHEDULER_FROM_BLOCK        hub block the JobMarket was deployed at or before (0)
 *   SUANLI_SCHEDULER_BUYER_REGION      buyer region of every job until the REST API carries it (cn-east)
 *   SUANLI_SCHEDULER_INTERVAL_MS, _ACK_TIMEOUT_SEC, _START_DELAY_SEC, _IN_FLIGHT_TTL_SEC, LOG_LEVEL
 *   SUANLI_SCHEDULER_HOST / _PORT      /health and /metrics (default 127.0.0.1:8710)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider, Wallet } from "ethers";
import { Counter, Gauge } from "prom-client";
import { z } from "zod";
import { host, parseConfig, port, serviceArgs } from "../shared/config.js";
import { AppError } from "../shared/errors.js";
import { createHttpApp, createRegistry, listen } from "../shared/http.js";
import { createLogger } from "../shared/logger.js";
import {
  DirectiveHub__factory,
  DirectiveInbox__factory,
  JobMarket__factory,
  NodeIndex__factory,
  Reputation__factory,
  RegionReports__factory,
  StakeManager__factory,
} from "../../types/contracts/index.js";
import { EvmDirectiveSink, EvmMarketReader } from "./adapters/evm.js";
import { OptimisingPolicy } from "./core/optimiser.js";
import { startScheduler } from "./service.js";

serviceArgs(`
usage: scripts/node22 tsx services/scheduler/main.ts
places open jobs across regions and sends Assign directives (docs/scheduler.md).
Configured only by environment variables, each listed and explained in
services/scheduler/main.ts (SUANLI_SCHEDULER_KEY, SUANLI_<HUB|EAST|WEST>_RPC_URL, SUANLI_DEPLOYMENTS_DIR, SUANLI_SCHEDULER_HOST/_PORT, LOG_LEVEL, …).
`);

const LOCAL_RPC: Readonly<Record<string, string>> = {
  hub: "http://127.0.0.1:8545",
  east: "http://127.0.0.1:8546",
  west: "http://127.0.0.1:8547",
};

const regionList = z
  .string()
  .regex(
    /^[a-z][a-z0-9]*=[^,=]+(,[a-z][a-z0-9]*=[^,=]+)*$/,
    "expected deployment=region pairs: east=cn-east,…",
  )
  .transform((s) => s.split(",").map((pair) => pair.split("=") as [string, string]));

const envSchema = z.object({
  SUANLI_SCHEDULER_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, "expected a 0x-prefixed 32-byte hex private key"),
  SUANLI_SCHEDULER_REGIONS: regionList.default([
    ["east", "cn-east"],
    ["west", "cn-west"],
  ]),
  SUANLI_DEPLOYMENTS_DIR: z.string().default(path.join(".stack", "8545", "deployments")),
  SUANLI_SCHEDULER_FROM_BLOCK: z.coerce.number().int().nonnegative().default(0),
  SUANLI_SCHEDULER_BUYER_REGION: z.string().min(1).default("cn-east"),
  SUANLI_SCHEDULER_INTERVAL_MS: z.coerce.number().int().positive().default(5_000),
  SUANLI_SCHEDULER_ACK_TIMEOUT_SEC: z.coerce.number().int().positive().default(60),
  SUANLI_SCHEDULER_START_DELAY_SEC: z.coerce.number().int().nonnegative().default(15),
  SUANLI_SCHEDULER_IN_FLIGHT_TTL_SEC: z.coerce.number().int().positive().default(120),
  SUANLI_SCHEDULER_HOST: host,
  SUANLI_SCHEDULER_PORT: port.default(8710),
});

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const hubRecord = z.object({
  chainId: z.number().int(),
  jobMarket: address,
  nodeIndex: address,
  reputation: address,
  stakeManager: address,
  directiveHub: address,
  /** RegionReports (regional coordinators' reports); records from before it existed lack it. */
  regionReports: address.optional(),
});
const regionRecord = z.object({ chainId: z.number().int(), inbox: address });

const env = parseConfig(envSchema);
const rpcUrl = (name: string) => {
  const variable = `SUANLI_${name.toUpperCase()}_RPC_URL`;
  return parseConfig(z.object({ [variable]: z.url().default(LOCAL_RPC[name] ?? "") }))[variable] as string;
};
const record = <T extends z.ZodType>(name: string, schema: T): z.infer<T> => {
  const file = path.join(env.SUANLI_DEPLOYMENTS_DIR, `${name}.json`);
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new AppError("CONFIG_INVALID", `${file}: ${parsed.error.message}`);
  return parsed.data;
};

/** A provider for `name`'s chain, checked to be the chain its deployment record names. */
async function providerFor(name: string, chainId: number): Promise<JsonRpcProvider> {
  const provider = new JsonRpcProvider(rpcUrl(name), undefined, { staticNetwork: true });
  const actual = Number((await provider.getNetwork()).chainId);
  if (actual !== chainId)
    throw new Error(`${name}: RPC serves chain ${actual}, deployment record says ${chainId}`);
  return provider;
}

const logger = createLogger("scheduler");
const registry = createRegistry("scheduler");
const ticks = new Counter({
  name: "scheduler_ticks_total",
  help: "Scheduling windows run",
  registers: [registry],
});
const directives = new Counter({
  name: "scheduler_directives_total",
  help: "Directives sent, by outcome",
  labelNames: ["outcome"],
  registers: [registry],
});
const replaced = new Counter({
  name: "scheduler_replacements_total",
  help: "Jobs re-placed",
  registers: [registry],
});
const pending = new Gauge({
  name: "scheduler_pending_jobs",
  help: "Jobs waiting for placement",
  registers: [registry],
});
let lastTickAt = 0;
const hub = record("hub", hubRecord);
const hubProvider = await providerFor("hub", hub.chainId);
const regions = await Promise.all(
  env.SUANLI_SCHEDULER_REGIONS.map(async ([deployment, name]) => {
    const r = record(deployment, regionRecord);
    const provider = await providerFor(deployment, r.chainId);
    return { domain: r.chainId, name, inbox: DirectiveInbox__factory.connect(r.inbox, provider), provider };
  }),
);

const scheduler = new Wallet(env.SUANLI_SCHEDULER_KEY, hubProvider);
const service = startScheduler({
  reader: new EvmMarketReader({
    hub: {
      market: JobMarket__factory.connect(hub.jobMarket, hubProvider),
      index: NodeIndex__factory.connect(hub.nodeIndex, hubProvider),
      reputation: Reputation__factory.connect(hub.reputation, hubProvider),
      stake: StakeManager__factory.connect(hub.stakeManager, hubProvider),
      reports: hub.regionReports ? RegionReports__factory.connect(hub.regionReports, hubProvider) : undefined,
    },
    regions,
    fromBlock: env.SUANLI_SCHEDULER_FROM_BLOCK,
    buyerRegion: env.SUANLI_SCHEDULER_BUYER_REGION,
  }),
  sink: new EvmDirectiveSink(DirectiveHub__factory.connect(hub.directiveHub, scheduler)),
  policy: new OptimisingPolicy(),
  options: {
    ackTimeoutSec: env.SUANLI_SCHEDULER_ACK_TIMEOUT_SEC,
    startDelaySec: env.SUANLI_SCHEDULER_START_DELAY_SEC,
    inFlightTtlSec: env.SUANLI_SCHEDULER_IN_FLIGHT_TTL_SEC,
  },
  intervalMs: env.SUANLI_SCHEDULER_INTERVAL_MS,
  logger,
  onTick: (report) => {
    lastTickAt = Date.now();
    ticks.inc();
    pending.set(report.pending);
    replaced.inc(report.replaced.length);
    for (const o of report.outcomes) directives.inc({ outcome: "error" in o ? "refused" : "sent" });
  },
});
const http = await listen(
  createHttpApp({
    name: "scheduler",
    logger,
    registry,
    health: () => {
      const staleMs = Date.now() - lastTickAt;
      if (lastTickAt > 0 && staleMs > 10 * env.SUANLI_SCHEDULER_INTERVAL_MS) {
        throw new Error(`no successful tick for ${staleMs} ms`);
      }
      return { lastTickAt: lastTickAt || null };
    },
  }),
  env.SUANLI_SCHEDULER_PORT,
  env.SUANLI_SCHEDULER_HOST,
);
logger.info(
  { scheduler: scheduler.address, regions: regions.map((r) => r.name), port: http.port },
  "scheduler configured",
);

const stop = async () => {
  await service.stop();
  await http.close();
  for (const p of [hubProvider, ...regions.map((r) => r.provider)]) p.destroy();
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
