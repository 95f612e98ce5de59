/** Jobs: submit (relayed), read with timeline, follow live (SSE), fetch the result, cancel, list a buyer's. */
import { Router, type Request, type Response } from "express";
import { contentCommitment } from "../../zk/inputs.js";
import { AppError } from "../../shared/errors.js";
import type { ApiContext } from "../context.js";
import {
  BuyerJobsQuery,
  BuyerParam,
  CancelJobRequest,
  JobIdParam,
  SubmitJobRequest,
  TERMINAL_STEPS,
  type Job,
  type TimelineStep,
} from "../schemas.js";
import { parse } from "./validate.js";

const HEARTBEAT_MS = 15_000;
/** How long a settled step waits for its region's receipt step (see the events route). */
const RECEIPT_WAIT_MS = 30_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

const notFound = (jobId: string) =>
  new AppError("JOB_NOT_FOUND", `job ${jobId} is not known (not created, or not indexed yet)`, {
    status: 404,
    details: { field: "id", jobId },
  });

/** Resolves once the indexer has the job (or after `timeoutMs`), so a client can follow it right away. */
function indexed(ctx: ApiContext, jobId: string, timeoutMs: number): Promise<void> {
  if (ctx.store.jobJson(jobId) !== undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      ctx.indexer.changes.off("job", onJob);
      resolve();
    };
    const onJob = (id: string) => {
      if (id === jobId) done();
    };
    const timer = setTimeout(done, timeoutMs);
    ctx.indexer.changes.on("job", onJob);
  });
}

export function createJobsRouter(ctx: ApiContext): Router {
  const router = Router();
  // With confirmations the job cannot be indexed at once; the response then comes before it is.
  const indexWaitMs = ctx.config.hub.confirmations === 0 ? 10_000 : 0;

  router.post("/v1/jobs", async (req: Request, res: Response) => {
    const key = req.get("Idempotency-Key");
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError("VALIDATION_FAILED", "header Idempotency-Key: 1-128 printable ASCII characters", {
        status: 400,
        details: { in: "header", issues: [{ field: "Idempotency-Key", message: "1-128 printable ASCII" }] },
      });
    }
    const body = parse(SubmitJobRequest, req.body, "body");
    const submit = async () => {
      const r = await ctx.hub.submitJob(body);
      await indexed(ctx, r.jobId.toString(), indexWaitMs);
      return {
        status: 201,
        body: {
          jobId: r.jobId.toString(),
          txHash: r.txHash,
          blockNumber: r.blockNumber,
          buyer: body.buyer,
          escrow: r.escrow.toString(),
        },
      };
    };
    const out = key ? await ctx.idempotency.run(key, body, submit) : await submit();
    res.status(out.status).json(out.body);
  });

  router.get("/v1/jobs/:id", (req, res) => {
    const id = parse(JobIdParam, req.params.id, "path");
    const doc = ctx.store.jobJson(id);
    if (doc === undefined) throw notFound(id);
    res.type("application/json").send(doc);
  });

  router.get("/v1/jobs/:id/events", (req, res) => {
    const id = parse(JobIdParam, req.params.id, "path");
    const first = ctx.store.job(id);
    if (!first) throw notFound(id);
    res.writeHead(200, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    const sent = new Set<string>();
    const resumeFrom = req.get("Last-Event-ID");
    let ended = false;
    const end = (job: Job) => {
      ended = true;
      res.write(`event: end\ndata: ${JSON.stringify({ jobId: id, status: job.status })}\n\n`);
      cleanup();
      res.end();
    };
    // A settlement is caused by the region's receipt, but the hub's follower can index the settlement before
    // the region's follower indexes the receipt (the relayer can be faster than the API's polling). The
    // terminal step is held back until the receipt step is in the timeline, so a follower sees the steps in
    // their order, at most RECEIPT_WAIT_MS (then it is sent without it: a region the API does not index).
    let waitedForReceipt: NodeJS.Timeout | undefined;
    const push = (job: Job, force = false) => {
      if (ended) return;
      const last: TimelineStep | undefined = job.timeline[job.timeline.length - 1];
      const terminal = last !== undefined && (TERMINAL_STEPS as readonly string[]).includes(last.type);
      const held =
        !force && terminal && last.type === "settled" && !job.timeline.some((st) => st.type === "receipt");
      const steps = held ? job.timeline.slice(0, -1) : job.timeline;
      let skipping = resumeFrom !== undefined && sent.size === 0 && steps.some((st) => st.id === resumeFrom);
      for (const step of steps) {
        if (skipping) {
          sent.add(step.id);
          if (step.id === resumeFrom) skipping = false;
          continue;
        }
        if (sent.has(step.id)) continue;
        sent.add(step.id);
        res.write(`id: ${step.id}\nevent: step\ndata: ${JSON.stringify(step)}\n\n`);
      }
      if (held) {
        waitedForReceipt ??= setTimeout(() => {
          const now = ctx.store.job(id);
          if (now) push(now, true);
        }, RECEIPT_WAIT_MS);
      } else if (terminal) end(job);
    };
    const onChange = (jobId: string) => {
      if (jobId !== id) return;
      const job = ctx.store.job(id);
      if (job) push(job);
    };
    const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), HEARTBEAT_MS);
    const cleanup = () => {
      clearInterval(heartbeat);
      clearTimeout(waitedForReceipt);
      ctx.indexer.changes.off("job", onChange);
    };
    ctx.indexer.changes.on("job", onChange);
    req.on("close", cleanup);
    push(first);
  });

  router.get("/v1/jobs/:id/result", async (req, res) => {
    const id = parse(JobIdParam, req.params.id, "path");
    const job = ctx.store.job(id);
    if (!job) throw notFound(id);
    if (job.status !== "settled") {
      throw new AppError(
        "JOB_NOT_SETTLED",
        `job ${id} is ${job.status}; a result is served once it settled`,
        {
          status: 409,
          details: { status: job.status },
        },
      );
    }
    const onChain = await ctx.hub.verifiedOutputCommitment(BigInt(id));
    if (onChain === 0n) {
      throw new AppError("OUTPUT_NOT_VERIFIED", `the hub records no verified output for job ${id}`, {
        status: 409,
        details: {},
      });
    }
    const blob = ctx.blobs.get(onChain);
    if (!blob) {
      throw new AppError("RESULT_NOT_UPLOADED", `the node has not uploaded the output of job ${id}`, {
        status: 404,
        details: { outputCommitment: onChain.toString() },
      });
    }
    if (contentCommitment(blob) !== onChain) {
      throw new AppError("RESULT_MISMATCH", "the stored bytes do not hash to the settled output commitment", {
        status: 409,
        details: { outputCommitment: onChain.toString() },
      });
    }
    res
      .status(200)
      .set({ "Content-Type": "application/octet-stream", "X-Output-Commitment": onChain.toString() })
      .send(blob);
  });

  router.post("/v1/jobs/:id/cancel", async (req, res) => {
    const id = parse(JobIdParam, req.params.id, "path");
    const body = parse(CancelJobRequest, req.body, "body");
    const r = await ctx.hub.cancelJob(BigInt(id), body.deadline, body.signature);
    res.json({ jobId: id, txHash: r.txHash, refund: r.refund.toString() });
  });

  router.get("/v1/buyers/:address/jobs", (req, res) => {
    const buyer = parse(BuyerParam, req.params.address, "path");
    const q = parse(BuyerJobsQuery, req.query, "query");
    const limit = Number(q.limit ?? 50);
    const items = ctx.store.jobsOfBuyer(buyer, {
      status: q.status,
      afterId: q.cursor ? Number(q.cursor) : undefined,
      limit: limit + 1,
    });
    const page = items.slice(0, limit);
    res.json({ items: page, nextCursor: items.length > limit ? page[page.length - 1]!.jobId : null });
  });

  return router;
}
