/** `GET /v1/provenance/:contentHash`: a registered AIGC record, its model, linked job, lineage and proof. */
import { Router } from "express";
import { AppError } from "../../shared/errors.js";
import type { ApiContext } from "../context.js";
import { CommitmentParam, type JobSummary, type Provenance } from "../schemas.js";
import { parse } from "./validate.js";

const MAX_LINEAGE = 64;

export function createProvenanceRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get("/v1/provenance/:contentHash", (req, res) => {
    const content = parse(CommitmentParam, req.params.contentHash, "path");
    const row = ctx.store.provenance(content);
    if (!row) {
      throw new AppError("RECORD_NOT_FOUND", `no provenance record for content ${content}`, {
        status: 404,
        details: { field: "contentHash" },
      });
    }
    const d = row.event.data;
    const recordId = String(d.recordId);
    const lineage = [recordId];
    for (let parent = ctx.store.firstParent(recordId); parent && lineage.length < MAX_LINEAGE;) {
      lineage.push(parent);
      parent = ctx.store.firstParent(parent);
    }
    const linked = String(d.linkedJobId);
    let job: JobSummary | null = null;
    if (linked !== "0") {
      const full = ctx.store.job(linked);
      if (full) {
        const { timeline: _timeline, ...summary } = full;
        job = summary;
      }
    }
    const body: Provenance = {
      contentCommitment: content,
      recordId,
      modelId: String(d.modelId),
      model: ctx.store.model(String(d.modelId)) ?? null,
      creatorCommitment: String(d.creatorCommitment),
      linkedJobId: linked === "0" ? null : linked,
      job,
      lineage,
      parents: row.parents,
      proof: {
        status: "verified",
        circuit: "AigcProvenance",
        txHash: row.event.tx,
        blockNumber: row.event.block,
        blockTime: row.event.time,
      },
    };
    res.json(body);
  });

  return router;
}
