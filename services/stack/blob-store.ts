/**
 * A content-addressed blob store over HTTP for job inputs (input documents, WebAssembly modules):
 * `PUT /v1/blobs/:commitment` keeps the body only when its input commitment (`inputCommitmentOf` in
 * services/agent/workloads/index.ts: a job document's commitment, or the blob commitment of other bytes) is the one
 * in the path (422 otherwise); `GET /v1/blobs/:commitment` returns it. Node agents fetch job inputs
 * here (`SUANLI_AGENT_INPUT_URL`) and check the commitment again. The local stack runs one (in memory, on
 * 127.0.0.1) for the buyers of its development nodes; the agent and edge tests run their own.
 */
import express from "express";
import { inputCommitmentOf } from "../agent/workloads/index.js";
import { listen } from "../shared/http.js";

export interface BlobStore {
  url: string;
  port: number;
  /** Stores bytes directly (tests, the stack's own inputs) and returns their commitment. */
  put(bytes: Uint8Array): bigint;
  has(commitment: bigint): boolean;
  close(): Promise<void>;
}

export async function startBlobStore(port = 0, host = "127.0.0.1"): Promise<BlobStore> {
  const blobs = new Map<string, Buffer>();
  const app = express();
  app.put("/v1/blobs/:c", express.raw({ type: () => true, limit: "16mb" }), (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const actual = inputCommitmentOf(body).toString();
    if (actual !== req.params.c) {
      res.status(422).json({
        error: {
          code: "COMMITMENT_MISMATCH",
          message: "the bytes do not hash to the commitment in the path",
          details: { claimed: req.params.c, actual },
        },
      });
      return;
    }
    const created = !blobs.has(actual);
    blobs.set(actual, body);
    res.status(created ? 201 : 200).json({ commitment: actual, size: body.length, created });
  });
  app.get("/v1/blobs/:c", (req, res) => {
    const b = blobs.get(req.params.c);
    if (b === undefined) {
      res.status(404).json({ error: { code: "BLOB_NOT_FOUND", message: "no blob with this commitment" } });
      return;
    }
    res.type("application/octet-stream").send(b);
  });
  const server = await listen(app, port, host);
  return {
    url: `http://${host}:${server.port}`,
    port: server.port,
    put(bytes) {
      const c = inputCommitmentOf(bytes);
      blobs.set(c.toString(), Buffer.from(bytes));
      return c;
    },
    has: (commitment) => blobs.has(commitment.toString()),
    close: () => server.close(),
  };
}
