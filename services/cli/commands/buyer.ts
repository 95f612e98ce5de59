/**
 * `suanli buyer …`: jobs over the REST API through the SDK (services/sdk). The buyer's key signs the job
 * request, the permit and cancellations locally; the API only relays them.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { Wallet } from "ethers";
import { apiUrl } from "../context.js";
import { loadKey } from "../keys.js";
import { action, type Opts, type Out, usage } from "../output.js";
import { int, oneOf, uint } from "../parse.js";

const TIERS = ["realtime", "interactive", "batch"] as const;

async function client(o: Opts) {
  const { SuanliClient } = await import("../../sdk/index.js");
  return new SuanliClient({ baseUrl: apiUrl(o.api as string | undefined) });
}

/** The buyer's signer (no provider needed: it only signs). */
export async function buyerKey(o: Opts): Promise<Wallet> {
  if (o.key) return loadKey(o.key as string);
  const raw = process.env.SUANLI_PRIVATE_KEY;
  if (!raw) return usage("no key: pass --key <keystore name> or set SUANLI_PRIVATE_KEY");
  if (!/^0x[0-9a-fA-F]{64}$/.test(raw))
    return usage("SUANLI_PRIVATE_KEY is not a 0x-prefixed 32-byte hex key");
  return new Wallet(raw);
}

function spec(cmd: Command): Command {
  return cmd
    .requiredOption("--resources <n>", "resource units (GPUs or cores)", int(1, 4_294_967_295))
    .requiredOption("--duration <s>", "seconds of compute", int(1, 4_294_967_295))
    .option("--tier <tier>", TIERS.join(" | "), oneOf(TIERS), "batch")
    .option("--latency <ms>", "latency bound in ms", int(1, 4_294_967_295), 1_000)
    .option("--deadline <s>", "seconds from now the job must finish by", int(60, 365 * 86_400), 3_600)
    .option("--max-price <units>", "highest unit price, payment-token base units", uint)
    .option("--api <url>", "REST API (else SUANLI_API_URL, else the local stack)");
}

const params = (o: Opts, now = Math.floor(Date.now() / 1000)) => ({
  resources: o.resources as unknown as number,
  durationSec: o.duration as unknown as number,
  tier: o.tier as (typeof TIERS)[number],
  latencyBoundMs: o.latency as unknown as number,
  deadline: now + (o.deadline as unknown as number),
  maxUnitPrice: o.maxPrice as unknown as bigint | undefined,
});

/** The hub's time when the API refused a deadline because the chain's clock is ahead of this machine's. */
function chainTimeAhead(error: unknown): number | undefined {
  const e = error as { code?: string; details?: { issues?: { field?: string; message?: string }[] } };
  if (e.code !== "VALIDATION_FAILED") return undefined;
  const issue = e.details?.issues?.find((i) => i.field === "deadline");
  const chainTime = Number(/chain time is (\d+)/.exec(issue?.message ?? "")?.[1]);
  return chainTime > Date.now() / 1000 ? chainTime : undefined;
}

/**
 * Runs `fn` with the job terms, `--deadline` seconds from this machine's clock; when the hub's clock is ahead
 * (a development chain moved forward), once more from the hub's time, which the API reports.
 */
async function withTerms<T>(o: Opts, out: Out, fn: (p: ReturnType<typeof params>) => Promise<T>): Promise<T> {
  try {
    return await fn(params(o));
  } catch (error) {
    const chainTime = chainTimeAhead(error);
    if (chainTime === undefined) throw error;
    out.progress(
      `the hub's clock is ${chainTime - Math.floor(Date.now() / 1000)} s ahead; deadline from its time`,
    );
    return fn(params(o, chainTime));
  }
}

const jobIdArg = (id: string) => uint(id);

export function register(program: Command): void {
  const b = program
    .command("buyer")
    .description("quote, submit and follow compute jobs through the REST API");
  spec(b.command("quote").description("price and feasible regions for a job (nothing is signed)"))
    .addHelpText("after", "\nExample:\n  suanli buyer quote --resources 2 --duration 60 --tier interactive")
    .action(
      action(async (out, o) => {
        const c = await client(o);
        const q = await withTerms(o, out, (p) => c.quote(p));
        out.result(
          out.json ? q : { escrow: q.escrow, regions: q.regions.map((r) => JSON.stringify(r)).join("; ") },
        );
      }),
    );
  spec(b.command("submit").description("sign the request and the permit locally and submit the job"))
    .option("--key <name>", "buyer key from the keystore (else SUANLI_PRIVATE_KEY)")
    .option("--idempotency-key <key>", "reuse to retry without creating a second job")
    .addHelpText("after", "\nExample:\n  suanli buyer submit --resources 2 --duration 60 --key buyer")
    .action(
      action(async (out, o) => {
        const wallet = await buyerKey(o);
        out.progress("quoting and signing locally");
        const c = await client(o);
        const r = await withTerms(o, out, (p) =>
          c.signAndSubmit(wallet, p, { idempotencyKey: o.idempotencyKey as string | undefined }),
        );
        out.result({ jobId: r.jobId, txHash: r.txHash, escrow: r.quote.escrow, buyer: wallet.address });
      }),
    );
  b.command("status <jobId>")
    .description("a job's state and timeline")
    .option("--api <url>", "REST API (else SUANLI_API_URL, else the local stack)")
    .addHelpText("after", "\nExample:\n  suanli buyer status 1 --json")
    .action(
      action(async (out, o, [id]) => {
        const job = await (await client(o)).job(jobIdArg(id!));
        out.result(job, () =>
          [
            `job ${job.jobId}: ${job.status}`,
            ...job.timeline.map((s) => `  block ${s.blockNumber} ${s.chain} ${s.type}`),
          ].join("\n"),
        );
      }),
    );
  b.command("follow <jobId>")
    .description("stream a job's timeline until it settles, times out or is cancelled")
    .option("--api <url>", "REST API (else SUANLI_API_URL, else the local stack)")
    .addHelpText("after", "\nExample:\n  suanli buyer follow 1")
    .action(
      action(async (out, o, [id]) => {
        const steps = [];
        for await (const step of (await client(o)).follow(jobIdArg(id!))) {
          steps.push(step);
          out.progress(`${step.type}`);
        }
        out.result(out.json ? { jobId: id, steps } : `job ${id}: ${steps.map((s) => s.type).join(" → ")}`);
      }),
    );
  b.command("result <jobId>")
    .description("download a settled job's output, checked against its on-chain output commitment")
    .requiredOption("--out <file>", "where to write the bytes")
    .option("--api <url>", "REST API (else SUANLI_API_URL, else the local stack)")
    .addHelpText("after", "\nExample:\n  suanli buyer result 1 --out result.png")
    .action(
      action(async (out, o, [id]) => {
        const r = await (await client(o)).result(jobIdArg(id!));
        writeFileSync(o.out as string, r.bytes);
        out.result({ jobId: id, file: o.out, bytes: r.bytes.length, outputCommitment: r.outputCommitment });
      }),
    );
  b.command("cancel <jobId>")
    .description("cancel an open job with a locally signed cancellation")
    .option("--key <name>", "buyer key from the keystore (else SUANLI_PRIVATE_KEY)")
    .option("--api <url>", "REST API (else SUANLI_API_URL, else the local stack)")
    .addHelpText("after", "\nExample:\n  suanli buyer cancel 1 --key buyer")
    .action(
      action(async (out, o, [id]) => {
        const wallet = await buyerKey(o);
        out.result(await (await client(o)).cancel(wallet, jobIdArg(id!)));
      }),
    );
}
