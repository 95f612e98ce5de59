import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { Server } from "node:http";
import { Registry, collectDefaultMetrics } from "prom-client";
import { AppError } from "./errors.js";
import type { Logger } from "./logger.js";

export interface HttpServerOptions {
  name: string;
  logger: Logger;
  registry: Registry;
  /** Returns the health document; throwing makes `/health` answer 503. */
  health: () => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** Adds the service's own routes. */
  routes?: (app: Express) => void;
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** A metrics registry with the process defaults, labelled with the service name. */
export function createRegistry(name: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: name });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** An express app with `/health`, `/metrics`, the service routes and the one error handler. */
export function createHttpApp(options: HttpServerOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(express.json({ limit: "256kb" }));
  app.get("/health", async (_req, res) => {
    try {
      res.json({ status: "ok", service: options.name, ...(await options.health()) });
    } catch (error) {
      res.status(503).json({ status: "unavailable", service: options.name, reason: String(error) });
    }
  });
  app.get("/metrics", async (_req, res) => {
    res.set("Content-Type", options.registry.contentType).send(await options.registry.metrics());
  });
  options.routes?.(app);
  app.use((_req, _res, next) => next(new AppError("NOT_FOUND", "no such route", { status: 404 })));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const appError =
      error instanceof AppError
        ? error
        : (clientError(error) ?? new AppError("INTERNAL", "internal error", { status: 500, cause: error }));
    if (appError.status >= 500) options.logger.error({ err: error }, "request failed");
    res.status(appError.status).json({ error: appError.toJSON() });
  });
  return app;
}

/** Body-parser errors (malformed JSON, a body over the limit, a bad charset) are the client's: 4xx, not 500. */
function clientError(error: unknown): AppError | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const e = error as { status?: unknown; type?: unknown; message?: unknown; expose?: unknown };
  if (typeof e.status !== "number" || e.status < 400 || e.status >= 500 || e.expose !== true)
    return undefined;
  const code = e.status === 413 ? "BODY_TOO_LARGE" : "BAD_REQUEST_BODY";
  return new AppError(code, typeof e.message === "string" ? e.message : "bad request body", {
    status: e.status,
    details: typeof e.type === "string" ? { type: e.type } : {},
  });
}

/** Listens on `host:port` (loopback unless configured otherwise; port 0 picks a free one). */
export function listen(app: Express, port: number, host = "127.0.0.1"): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host, (error?: Error) => {
      if (error) return reject(error);
      const address = server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((closeError) => (closeError ? fail(closeError) : done()));
          }),
      });
    });
  });
}
