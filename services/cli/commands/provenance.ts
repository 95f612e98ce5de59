/**
 * `suanli provenance verify|trace <image>`: an image file in, its on-chain record and lineage out. Two
 * independent keys to the record: the content commitment of the exact bytes (ProvenanceRegistry.recordOf)
 * and the record id carried in the pixels by the watermark (services/zk/watermark.ts), which survives
 * re-encoding of the file.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { connect, record } from "../context.js";
import { action, struct, usage } from "../output.js";

async function lookup(file: string) {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return usage(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const { contentCommitment } = await import("../../zk/inputs.js");
  const { extractWatermark } = await import("../../zk/watermark.js");
  const { ProvenanceRegistry__factory } = await import("../../../types/contracts/index.js");
  const registry = ProvenanceRegistry__factory.connect(
    record("hub").provenanceRegistry!,
    await connect("hub"),
  );
  const commitment = contentCommitment(new Uint8Array(bytes));
  const byBytes = await registry.recordOf(commitment);
  let watermark: { found: boolean; recordId?: bigint; reason?: string };
  try {
    watermark = extractWatermark(bytes);
  } catch (error) {
    watermark = { found: false, reason: (error as Error).message };
  }
  return { commitment, byBytes, watermark, registry };
}

export function register(program: Command): void {
  const p = program
    .command("provenance")
    .description("AIGC provenance: records and lineage of generated images");
  p.command("verify <image>")
    .description("is this image registered, and do its bytes and its watermark agree on the record?")
    .addHelpText("after", "\nExample:\n  suanli provenance verify result.png")
    .action(
      action(async (out, _o, [file]) => {
        const l = await lookup(file!);
        const wm = l.watermark.found ? l.watermark.recordId! : 0n;
        const registered = l.byBytes !== 0n || wm !== 0n;
        const agree = l.byBytes === 0n || wm === 0n || l.byBytes === wm;
        out.result({
          file,
          contentCommitment: l.commitment,
          recordByBytes: l.byBytes,
          recordByWatermark: l.watermark.found ? wm : null,
          watermark: l.watermark.found ? "found" : l.watermark.reason,
          registered,
          agree,
        });
        if (!registered)
          throw new Error(`${file} matches no provenance record (neither its bytes nor a watermark)`);
        if (!agree) throw new Error(`the bytes say record ${l.byBytes}, the watermark says record ${wm}`);
      }),
    );
  p.command("trace <image>")
    .description("the image's record and its lineage up to the origin")
    .addHelpText("after", "\nExample:\n  suanli provenance trace result.png --json")
    .action(
      action(async (out, _o, [file]) => {
        const l = await lookup(file!);
        const recordId = l.byBytes !== 0n ? l.byBytes : l.watermark.found ? l.watermark.recordId! : 0n;
        if (recordId === 0n)
          throw new Error(`${file} matches no provenance record (neither its bytes nor a watermark)`);
        const lineage = [...(await l.registry.traceToOrigin(recordId))];
        const rec = struct(await l.registry.record(recordId));
        out.result(
          {
            file,
            recordId,
            via: l.byBytes !== 0n ? "content commitment" : "watermark",
            record: rec,
            lineage,
          },
          () =>
            [
              `${file}: record ${recordId} (found by ${l.byBytes !== 0n ? "content commitment" : "watermark"})`,
              `lineage: ${lineage.join(" ← ")}`,
            ].join("\n"),
        );
      }),
    );
}
