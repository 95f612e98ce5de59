// Invisible watermark carrying a 64-bit provenance record id in a PNG: the PNG side of the scheme described
// (and implemented without I/O, for browsers too) in watermark-core.ts.
import { PNG } from "pngjs";
import {
  BLOCK,
  bitIndex,
  codeword,
  correlation,
  extractFromPixels,
  luma,
  MARGIN,
  MAX_STEP,
  PATTERN,
  TILE_H,
  TILE_W,
  WatermarkError,
  type WatermarkResult,
} from "./watermark-core.js";
import { CONTENT_BYTES, contentCommitment } from "./inputs.js";

export { WatermarkError, type WatermarkResult } from "./watermark-core.js";

/** Returns a new PNG (same size) carrying `recordId`. The image needs at least one full tile (128x56 px). */
export function embedWatermark(png: Buffer, recordId: bigint): Buffer {
  const img = PNG.sync.read(png);
  const bw = Math.floor(img.width / BLOCK);
  const bh = Math.floor(img.height / BLOCK);
  if (bw < TILE_W || bh < TILE_H)
    throw new WatermarkError(`image must be at least ${TILE_W * BLOCK}x${TILE_H * BLOCK}`);
  const bits = codeword(recordId);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const sign = bits[bitIndex(bx, by)] === 1 ? 1 : -1;
      const c = correlation(img, bx * BLOCK, by * BLOCK);
      if (sign * c >= MARGIN) continue;
      const step = Math.min(MAX_STEP, Math.ceil(MARGIN - sign * c));
      for (let i = 0; i < BLOCK * BLOCK; i++) {
        const p = ((by * BLOCK + (i >> 3)) * img.width + bx * BLOCK + (i & 7)) * 4;
        const delta = sign * PATTERN[i]! * step;
        for (let ch = 0; ch < 3; ch++)
          img.data[p + ch] = Math.max(0, Math.min(255, img.data[p + ch]! + delta));
      }
    }
  }
  return PNG.sync.write(img);
}

/** Finds the record id in a (possibly cropped or brightened) PNG; "no-watermark" unless sync and CRC match. */
export function extractWatermark(png: Buffer): WatermarkResult {
  return extractFromPixels(PNG.sync.read(png));
}

// ─── Tracing: an extracted record id is a pointer; the record's content is the evidence ──────────────

/** 64-bit average hash: luminance box-averaged on an 8x8 grid, bit i set when cell i is above the mean. */
function averageHash(width: number, height: number, lumaAt: (x: number, y: number) => number): bigint {
  const cells = new Array<number>(64).fill(0);
  const counts = new Array<number>(64).fill(0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const cell = Math.floor((y * 8) / height) * 8 + Math.floor((x * 8) / width);
      cells[cell]! += lumaAt(x, y);
      counts[cell]! += 1;
    }
  }
  const avg = cells.map((c, i) => c / counts[i]!);
  const mean = avg.reduce((a, b) => a + b, 0) / 64;
  return avg.reduce((h, v, i) => (v > mean ? h | (1n << BigInt(i)) : h), 0n);
}

/** Perceptual (average) hash of a PNG. */
export function pngPerceptualHash(png: Buffer): bigint {
  const img = PNG.sync.read(png);
  return averageHash(img.width, img.height, (x, y) => luma(img.data, (y * img.width + x) * 4));
}

/** Perceptual (average) hash of a registered 32x32 RGB content (3,072 bytes, row-major RGB). */
export function contentPerceptualHash(content: Uint8Array): bigint {
  if (content.length !== CONTENT_BYTES) throw new WatermarkError(`content must be ${CONTENT_BYTES} bytes`);
  return averageHash(32, 32, (x, y) => luma(content, (y * 32 + x) * 3));
}

export const hammingDistance = (a: bigint, b: bigint): number => {
  let d = 0;
  for (let v = a ^ b; v !== 0n; v >>= 1n) d += Number(v & 1n);
  return d;
};

/** What a tracer knows of a record: its on-chain content commitment and the content it holds for it. */
export interface TraceRecord {
  contentCommitment: bigint;
  content: Uint8Array;
}

export type TraceResult =
  | { traced: true; recordId: bigint; distance: number }
  | { traced: false; reason: "no-watermark" | "image-too-small" | "unknown-record"; recordId?: bigint }
  | { traced: false; reason: "content-mismatch"; recordId: bigint; distance?: number };

/** Largest average-hash distance (of 64 bits) at which an image still counts as the record's content. */
export const TRACE_MAX_DISTANCE = 10;

/**
 * "Traced" only when the watermark names a record AND the image is that record's content: the content the
 * tracer holds must open the record's on-chain content commitment, and the image's perceptual hash must be
 * within `maxDistance` of it. A watermark copied onto other content is reported as "content-mismatch".
 */
export async function traceWatermark(
  png: Buffer,
  lookup: (recordId: bigint) => Promise<TraceRecord | undefined>,
  maxDistance = TRACE_MAX_DISTANCE,
): Promise<TraceResult> {
  const mark = extractWatermark(png);
  if (!mark.found) return { traced: false, reason: mark.reason };
  const record = await lookup(mark.recordId);
  if (record === undefined) return { traced: false, reason: "unknown-record", recordId: mark.recordId };
  if (contentCommitment(record.content) !== record.contentCommitment) {
    return { traced: false, reason: "content-mismatch", recordId: mark.recordId };
  }
  const distance = hammingDistance(pngPerceptualHash(png), contentPerceptualHash(record.content));
  return distance <= maxDistance
    ? { traced: true, recordId: mark.recordId, distance }
    : { traced: false, reason: "content-mismatch", recordId: mark.recordId, distance };
}
