/**
 * `PUT /v1/blobs/:commitment`: a node uploads a job's output bytes. The API recomputes the content commitment
 * and keeps the bytes only when it matches; the blob is served by `GET /v1/jobs/:id/result` once the hub has
 * settled a receipt with that output commitment.
 */
import express, { Router } from "express";
import { CONTENT_BYTES, contentCommitment } from "../../zk/inputs.js";
import { AppError } from "../../shared/errors.js";
import type { ApiContext } from "../context.js";
import { CommitmentParam } from "../schemas.js";
import { parse } from "./validate.js";

export function createBlobsRouter(ctx: ApiContext): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: ctx.config.blobLimitBytes });

  router.put("/v1/blobs/:commitment", raw, (req, res) => {
    const claimed = BigInt(parse(CommitmentParam, req.params.commitment, "path"));
    const bytes: unknown = req.body;
    if (!Buffer.isBuffer(bytes) || bytes.length === 0) {
      throw new AppError("EMPTY_BODY", "the body must be the output bytes (application/octet-stream)", {
        status: 400,
        details: { field: "body" },
      });
    }
    if (bytes.length !== CONTENT_BYTES) {
      throw new AppError(
        "BLOB_LENGTH",
        `an output is ${CONTENT_BYTES} bytes (the content size contentCommitment covers), got ${bytes.length}`,
        { status: 400, details: { field: "body", expected: CONTENT_BYTES, actual: bytes.length } },
      );
    }
    const actual = contentCommitment(bytes);
    if (actual !== claimed) {
      throw new AppError("COMMITMENT_MISMATCH", "the bytes do not hash to the commitment in the path", {
        status: 400,
        details: { field: "commitment", claimed: claimed.toString(), actual: actual.toString() },
      });
    }
    const created = ctx.blobs.put(actual, bytes);
    res.status(created ? 201 : 200).json({ commitment: actual.toString(), size: bytes.length, created });
  });

  return router;
}
