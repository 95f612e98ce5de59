/**
 * `suanli provenance verify|trace <image>`: an image file in, its on-chain record and lineage out. Two
 * independent keys to the record: the content commitment of its 32×32 RGB pixels (ProvenanceRegistry.recordOf)
 * and the record id carried in the pixels by the watermark (services/zk/watermark.ts), which survives
 * re-encoding of the file.
 * `suanli provenance register <image> --job <id> --input <doc.json>`: the job's buyer registers its settled
 * AIGC output, proving locally and signing with its own key on the hub (services/sdk/actions/provenance.ts).
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { PNG } from "pngjs";
import { apiUrl, connect, record } from "../context.js";
import { action, struct, usage } from "../output.js";
import { uint } from "../parse.js";
import { buyerKey } from "./buyer.js";

const isPng = (bytes: Buffer) => bytes.subarray(0, 8).equals(Buffer.from("89504e470d0a1a0a", "hex"));

/**
 * The content a provenance record commits to (services/zk/inputs.ts): 32×32 RGB pixels, 3,072 bytes — the raw
 * bytes of a job's output, or the pixels of a 32×32 PNG without alpha. Other images are found by watermark only.
 */
function committedContent(bytes: Buffer, size: number): Uint8Array | null {
  if (bytes.length === size) return new Uint8Array(bytes);
  if (!isPng(bytes)) return null;
  const png = PNG.sync.read(bytes);
  if (png.width * png.height * 3 !== size) return null;
  const rgb = new Uint8Array(size);
  for (let i = 0; i < png.width * png.height; i++) rgb.set(png.data.subarray(i * 4, i * 4 + 3), i * 3);
  return rgb;
}

async function lookup(file: string) {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return usage(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const { CONTENT_BYTES, contentCommitment } = await import("../../zk/inputs.js");
  const { extractWatermark } = await import("../../zk/watermark.js");
  const { ProvenanceRegistry__factory } = await import("../../../types/contracts/index.js");
  const registry = ProvenanceRegistry__factory.connect(
    record("hub").provenanceRegistry!,
    await connect("hub"),
  );
  const content = committedContent(bytes, CONTENT_BYTES);
  const commitment = content ? contentCommitment(content) : null;
  const byBytes = commitment === null ? 0n : await registry.recordOf(commitment);
  let watermark: { found: boolean; recordId?: bigint; reason?: string };
  try {
    watermark = isPng(bytes) ? extractWatermark(bytes) : { found: false, reason: "not a PNG" };
  } catch (error) {
    watermark = { found: false, reason: (error as Error).message };
  }
  return { commitment, byBytes, watermark, registry, bytes };
}

/**
 * A watermark is a pointer, not evidence (docs/zk.md): the record it names counts only when this image is that
 * record's content — the record's content (its linked job's result, fetched through the REST API and checked
 * against the record's content commitment) within TRACE_MAX_DISTANCE of the image's perceptual hash.
 */
async function traced(l: Awaited<ReturnType<typeof lookup>>, api: string | undefined) {
  const { traceWatermark } = await import("../../zk/watermark.js");
  const { SuanliClient } = await import("../../sdk/index.js");
  const client = new SuanliClient({ baseUrl: apiUrl(api) });
  return traceWatermark(l.bytes, async (recordId) => {
    const rec = await l.registry.record(recordId).catch(() => undefined);
    if (rec === undefined) return undefined;
    const { bytes } = await client.result(rec.linkedJobId);
    return { contentCommitment: rec.contentCommitment, content: bytes };
  });
}

/** The record the image leads to: by its bytes, else by a watermark checked against the record's content. */
async function recordOfImage(l: Awaited<ReturnType<typeof lookup>>, api: string | undefined, file: string) {
  if (l.byBytes !== 0n) return { recordId: l.byBytes, via: "content commitment" };
  if (!l.watermark.found)
    throw new Error(`${file} matches no provenance record (neither its bytes nor a watermark)`);
  const t = await traced(l, api);
  if (!t.traced) {
    throw new Error(
      `${file}: the watermark names record ${l.watermark.recordId!} but the image is not its content (${t.reason})`,
    );
  }
  return { recordId: t.recordId, via: `watermark, matched to the record's content (distance ${t.distance})` };
}

export function register(program: Command): void {
  const p = program
    .command("provenance")
    .description("AIGC provenance: records and lineage of generated images");
  p.command("verify <image>")
    .description("is this image registered, and do its bytes and its watermark agree on the record?")
    .option(
      "--api <url>",
      "REST API for a watermarked image's record content (else SUANLI_API_URL, else the stack)",
    )
    .addHelpText("after", "\nExample:\n  suanli provenance verify result.png")
    .action(
      action(async (out, o, [file]) => {
        const l = await lookup(file!);
        const wm = l.watermark.found ? l.watermark.recordId! : 0n;
        const agree = l.byBytes === 0n || wm === 0n || l.byBytes === wm;
        // Found by watermark only: it counts only if the image is the named record's content.
        const t = l.byBytes === 0n && wm !== 0n ? await traced(l, o.api as string | undefined) : undefined;
        const registered = l.byBytes !== 0n || t?.traced === true;
        out.result({
          file,
          contentCommitment: l.commitment,
          recordByBytes: l.byBytes,
          recordByWatermark: l.watermark.found ? wm : null,
          watermark: l.watermark.found ? "found" : l.watermark.reason,
          watermarkMatchesRecord: t === undefined ? null : t.traced,
          registered,
          agree,
        });
        if (t !== undefined && !t.traced)
          throw new Error(`the watermark names record ${wm} but the image is not its content (${t.reason})`);
        if (!registered)
          throw new Error(`${file} matches no provenance record (neither its bytes nor a watermark)`);
        if (!agree) throw new Error(`the bytes say record ${l.byBytes}, the watermark says record ${wm}`);
      }),
    );
  p.command("register <image>")
    .description(
      "as the job's buyer: prove and register the settled AIGC output <image> (3,072 bytes or 32×32 PNG)",
    )
    .requiredOption("--job <id>", "the settled AIGC job whose output the image is", uint)
    .requiredOption("--input <file>", "the job's input document (JSON, as stored for the node)")
    .option("--key <name>", "buyer key from the keystore (else SUANLI_PRIVATE_KEY)")
    .addHelpText(
      "after",
      "\nExample:\n  suanli provenance register result.bin --job 7 --input job-input.json --key buyer",
    )
    .action(
      action(async (out, o, [file]) => {
        const { CONTENT_BYTES } = await import("../../zk/inputs.js");
        const { jobInputSchema } = await import("../../agent/workloads/index.js");
        const { registerProvenance } = await import("../../sdk/index.js");
        const read = (f: string) => {
          try {
            return readFileSync(f);
          } catch (error) {
            return usage(
              `cannot read ${f} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
            );
          }
        };
        const content = committedContent(read(file!), CONTENT_BYTES);
        if (content === null) return usage(`${file} is not 3,072 bytes of 32×32 RGB pixels nor a 32×32 PNG`);
        const parsed = jobInputSchema.safeParse(
          (() => {
            try {
              return JSON.parse(read(o.input as string).toString("utf8"));
            } catch {
              return undefined;
            }
          })(),
        );
        if (!parsed.success || parsed.data.kind !== "aigc")
          return usage(`${o.input as string} is not an AIGC job input document`);
        const hub = record("hub");
        const signer = (await buyerKey(o)).connect(await connect("hub"));
        const r = await registerProvenance(
          signer,
          { provenanceRegistry: hub.provenanceRegistry!, modelRegistry: hub.modelRegistry! },
          { jobId: o.job as unknown as bigint, content, input: parsed.data },
        );
        out.result({
          file,
          jobId: o.job,
          recordId: r.recordId,
          txHash: r.txHash,
          registrant: signer.address,
        });
      }),
    );
  p.command("trace <image>")
    .description("the image's record and its lineage up to the origin")
    .option(
      "--api <url>",
      "REST API for a watermarked image's record content (else SUANLI_API_URL, else the stack)",
    )
    .addHelpText("after", "\nExample:\n  suanli provenance trace result.png --json")
    .action(
      action(async (out, o, [file]) => {
        const l = await lookup(file!);
        const { recordId, via } = await recordOfImage(l, o.api as string | undefined, file!);
        const lineage = [...(await l.registry.traceToOrigin(recordId))];
        const rec = struct(await l.registry.record(recordId));
        out.result({ file, recordId, via, record: rec, lineage }, () =>
          [`${file}: record ${recordId} (found by ${via})`, `lineage: ${lineage.join(" ← ")}`].join("\n"),
        );
      }),
    );
}
