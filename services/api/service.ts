/**
 * The buyers' API in one process: the indexer following the hub and every region into SQLite, the hub
 * gateway relaying signed requests, and the express routes (OpenAPI at /openapi.json). Loopback by default.
 */
import path from "node:path";
import { mkdirSync } from "node:fs";
import type { Express, NextFunction, Request, Response } from "express";
import { rateLimit } from "express-rate-limit";
import { Counter } from "prom-client";
import { chainProvider } from "../shared/chain.js";
import { AppError } from "../shared/errors.js";
import { createHttpApp, createRegistry, listen } from "../shared/http.js";
import { createLogger, type Logger } from "../shared/logger.js";
import { contractMap } from "../indexer/events.js";
import type { FollowedChain } from "../indexer/follower.js";
import { type Indexer, startIndexer } from "../indexer/indexer.js";
import { SqliteIndexStore } from "../indexer/sqlite.js";
import type { IndexStore } from "../indexer/store.js";
import { BlobStore } from "./adapters/blobs.js";
import { HubGateway } from "./adapters/chain.js";
import { IdempotencyStore } from "./adapters/idempotency.js";
import type { ApiConfig } from "./config.js";
import type { ApiContext } from "./context.js";
import { openApiDocument } from "./openapi.js";
import { createBlobsRouter } from "./routes/blobs.js";
import { createJobsRouter } from "./routes/jobs.js";
import { createMarketRouter } from "./routes/market.js";
import { createProvenanceRouter } from "./routes/provenance.js";
import { bodyError } from "./routes/validate.js";

export interface RunningApi {
  port: number;
  url: string;
  store: IndexStore;
  indexer: Indexer;
  stop(): Promise<void>;
}

export function followedChains(config: ApiConfig): FollowedChain[] {
  const { hub } = config;
  return [
    {
      name: hub.name,
      domain: hub.domain,
      provider: chainProvider(hub, 250),
      contracts: contractMap(hub),
      fromBlock: hub.fromBlock,
      confirmations: hub.confirmations,
    },
    ...config.regions.map((r) => ({
      name: r.name,
      domain: r.domain,
      provider: chainProvider(r, 250),
      contracts: contractMap(r),
      fromBlock: r.fromBlock,
      confirmations: r.confirmations,
    })),
  ];
}

export async function startApi(config: ApiConfig, logger: Logger = createLogger("api")): Promise<RunningApi> {
  mkdirSync(config.dataDir, { recursive: true });
  const names = new Map([config.hub, ...config.regions].map((c) => [c.domain, c.name]));
  const regionName = (domain: number) => names.get(domain) ?? `domain-${domain}`;
  const store = new SqliteIndexStore(path.join(config.dataDir, "index.sqlite"), regionName);
  const chains = followedChains(config);
  const indexer = startIndexer({ chains, store, pollMs: config.pollMs, logger });
  const hub = new HubGateway(config.hub, config.key);
  await hub.marketFacts();
  const ctx: ApiContext = {
    config,
    store,
    indexer,
    hub,
    blobs: new BlobStore(path.join(config.dataDir, "blobs")),
    idempotency: new IdempotencyStore(path.join(config.dataDir, "api.sqlite")),
    logger,
    now: () => Math.max(Math.floor(Date.now() / 1000), indexer.headTime(config.hub.name) ?? 0),
    regionNames: () => config.regions.map((r) => r.name),
  };

  const registry = createRegistry("api");
  const responses = new Counter({
    name: "suanli_api_responses_total",
    help: "API responses by route and status",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: config.rateLimitPerMinute,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    handler: (req: Request, res: Response, next: NextFunction) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = Math.max(
        1,
        Math.ceil(((reset?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000),
      );
      res.setHeader("Retry-After", String(retryAfter));
      next(
        new AppError("RATE_LIMITED", `too many requests from this client; retry in ${retryAfter} s`, {
          status: 429,
          details: { limitPerMinute: config.rateLimitPerMinute, retryAfterSec: retryAfter },
        }),
      );
    },
  });
  let url = "";
  const document = () => openApiDocument(url);

  const app: Express = createHttpApp({
    name: "api",
    logger,
    registry,
    health: () => ({ chains: indexer.status() }),
    routes: (a) => {
      a.use((req, res, next) => {
        res.on("finish", () =>
          responses.inc({
            method: req.method,
            route: req.route?.path ?? "unmatched",
            status: res.statusCode,
          }),
        );
        next();
      });
      a.use(limiter);
      a.get("/openapi.json", (_req, res) => {
        res.json(document());
      });
      a.use(createMarketRouter(ctx));
      a.use(createJobsRouter(ctx));
      a.use(createBlobsRouter(ctx));
      a.use(createProvenanceRouter(ctx));
      a.use((error: unknown, _req: Request, _res: Response, next: NextFunction) => next(bodyError(error)));
    },
  });
  const server = await listen(app, config.port, config.host);
  url = `http://${config.host}:${server.port}`;
  logger.info({ url, openapi: `${url}/openapi.json` }, "api listening");
  return {
    port: server.port,
    url,
    store,
    indexer,
    async stop() {
      await server.close();
      await indexer.stop();
      hub.close();
      for (const c of chains) c.provider.destroy();
      ctx.idempotency.close();
      store.close();
    },
  };
}
