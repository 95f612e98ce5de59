import type { Express } from "express";
import { z } from "zod";
import { hex32 } from "../../shared/config.js";
import { AppError } from "../../shared/errors.js";
import type { MessageRecord, RelayerStore } from "../core/types.js";

const listQuery = z.object({
  all: z.enum(["true", "false"]).default("false"),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
});

/** The public view of a message (the envelope itself is on the origin chain). */
export function describe(record: MessageRecord): Record<string, unknown> {
  return {
    id: record.id,
    origin: record.origin,
    destination: record.destination,
    nonce: record.nonce,
    status: record.status,
    reason: record.reason,
    detail: record.detail,
    attempts: record.attempts,
    failures: record.failures,
    nextAttemptAt: record.status === "pending" ? new Date(record.nextAttemptAt).toISOString() : null,
    txHash: record.txHash,
  };
}

/**
 * `GET /v1/messages` (undelivered, newest first; `?all=true` includes delivered) and `GET /v1/messages/:id`.
 */
export function messageRoutes(store: RelayerStore): (app: Express) => void {
  return (app) => {
    app.get("/v1/messages", (req, res) => {
      const query = listQuery.safeParse(req.query);
      if (!query.success)
        throw new AppError("BAD_REQUEST", "limit: 1..1000, all: true|false", { status: 400 });
      const records = store.list({ undeliveredOnly: query.data.all === "false", limit: query.data.limit });
      res.json({ counts: store.countsByReason(), messages: records.map(describe) });
    });
    app.get("/v1/messages/:id", (req, res) => {
      const id = hex32.safeParse(req.params.id);
      if (!id.success) throw new AppError("BAD_REQUEST", "message id: 0x + 64 hex digits", { status: 400 });
      const record = store.get(id.data);
      if (!record) throw new AppError("NOT_FOUND", "message not seen by this relayer", { status: 404 });
      res.json(describe(record));
    });
  };
}
