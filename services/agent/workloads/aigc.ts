/**
 * AIGC: a small procedural image generator that ships with the agent ("suanli-procedural-1"): a prompt and a
 * seed pick the parameters of a few interfering sine fields and a palette, rendered at 32 × 32 RGB — the
 * content size the AigcProvenance circuit proves. The receipt's output commitment is the content commitment
 * of those 3,072 bytes. Once the job has settled, the agent proves provenance (services/agent/provenance.ts),
 * registers it in ProvenanceRegistry linked to the job, and publishes an 8× upscaled PNG carrying the record
 * id in an invisible watermark (services/zk/watermark.ts).
 */
import { createHash } from "node:crypto";
import { PNG } from "pngjs";
import { mulberry32 } from "../../scheduler/core/rng.js";
import { CONTENT_BYTES, embedWatermark } from "../../zk/index.js";
import { blobCommitment } from "../core/content.js";

export const GENERATOR = { name: "suanli-procedural", version: "1" } as const;
export const SIDE = 32;

/**
 * The generator's "weights commitment" for ModelRegistry: the content commitment of its parameter
 * description, so a changed generator is a different model.
 */
export const GENERATOR_COMMITMENT = blobCommitment(
  Buffer.from(`${GENERATOR.name}:${GENERATOR.version}:waves=4;palette=3;side=${SIDE}`, "utf8"),
);

const seedOf = (prompt: string, seed: number) =>
  createHash("sha256").update(`${prompt}\u0000${seed}`).digest().readUInt32BE(0);

/** 32 × 32 RGB, row-major, 3 bytes per pixel; a pure function of (prompt, seed). */
export function generateImage(prompt: string, seed: number): Uint8Array {
  const r = mulberry32(seedOf(prompt, seed));
  const waves = Array.from({ length: 4 }, () => ({
    fx: 0.05 + r() * 0.4,
    fy: 0.05 + r() * 0.4,
    phase: r() * 2 * Math.PI,
  }));
  const palette = Array.from({ length: 3 }, () => ({
    base: 40 + r() * 100,
    amp: 40 + r() * 70,
    shift: r() * 6,
  }));
  const out = new Uint8Array(CONTENT_BYTES);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const v = waves.reduce((s, w) => s + Math.sin(w.fx * x + w.fy * y + w.phase), 0) / waves.length;
      palette.forEach((c, ch) => {
        out[(y * SIDE + x) * 3 + ch] = Math.round(
          Math.min(255, Math.max(0, c.base + c.amp * Math.sin(Math.PI * v + c.shift))),
        );
      });
    }
  }
  return out;
}

/** The content as a PNG scaled `scale`× (nearest neighbour), watermarked with `recordId`. */
export function publishPng(content: Uint8Array, recordId: bigint, scale = 8): Buffer {
  const side = SIDE * scale;
  const png = new PNG({ width: side, height: side });
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const src = (Math.floor(y / scale) * SIDE + Math.floor(x / scale)) * 3;
      const dst = (y * side + x) * 4;
      png.data[dst] = content[src]!;
      png.data[dst + 1] = content[src + 1]!;
      png.data[dst + 2] = content[src + 2]!;
      png.data[dst + 3] = 255;
    }
  }
  return embedWatermark(PNG.sync.write(png), recordId);
}
