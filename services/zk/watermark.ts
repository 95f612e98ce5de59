// Invisible watermark carrying a 64-bit provenance record id in a PNG.
//
// Scheme: the image is cut into 8x8 blocks. Every block carries one bit of a 112-bit codeword
// (16 sync bits, the 64-bit id, its CRC-32) as the sign of the correlation between the block's
// luminance and a fixed balanced ±1 pattern; the embedder pushes that correlation to at least
// MARGIN (in luminance units) by adding ±λ to R, G and B. The codeword is tiled over the block
// grid (16 x 7 blocks), so each bit is repeated in every tile and decoded by soft majority
// (repetition code). Decoding tries every pixel offset of the block grid (0..7 in x and y) and
// every tile phase, so a crop of a few pixels is found; a brightness change scales or shifts
// luminance, which keeps the sign of a zero-mean correlation. A result is reported only when the
// sync bits AND the CRC-32 match; anything else is "no watermark", never a guess.
import { crc32 } from "node:zlib";
import { PNG } from "pngjs";
import { CONTENT_BYTES, contentCommitment } from "./inputs.js";

const BLOCK = 8;
const TILE_W = 16;
const TILE_H = 7;
const CODE_BITS = TILE_W * TILE_H; // 112 = 16 sync + 64 id + 32 crc
const SYNC = 0xb38fn; // 16 sync bits
const MARGIN = 4; // target |correlation| per pixel, luminance units
const MAX_STEP = 12; // largest per-pixel change the embedder makes
/** 64-bit constant with exactly 32 set bits: the block pattern, +1 for a set bit, -1 otherwise. */
const PATTERN_BITS = 0x0f21ddb66cad4a26n;
const PATTERN = Array.from({ length: BLOCK * BLOCK }, (_, i) => ((PATTERN_BITS >> BigInt(i)) & 1n ? 1 : -1));

export type WatermarkResult =
  | { found: true; recordId: bigint; offset: { x: number; y: number } }
  | { found: false; reason: "no-watermark" | "image-too-small" };

export class WatermarkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WatermarkError";
  }
}

function codeword(recordId: bigint): number[] {
  if (recordId < 0n || recordId >= 2n ** 64n) throw new WatermarkError("record id must be a uint64");
  const id = Buffer.alloc(8);
  id.writeBigUInt64BE(recordId);
  const value = (SYNC << 96n) | (recordId << 32n) | BigInt(crc32(id));
  return Array.from({ length: CODE_BITS }, (_, i) => Number((value >> BigInt(CODE_BITS - 1 - i)) & 1n));
}

function fromCodeword(bits: readonly number[]): bigint | undefined {
  const value = bits.reduce((acc, b) => (acc << 1n) | BigInt(b), 0n);
  if (value >> 96n !== SYNC) return undefined;
  const recordId = (value >> 32n) & (2n ** 64n - 1n);
  const id = Buffer.alloc(8);
  id.writeBigUInt64BE(recordId);
  return BigInt(crc32(id)) === (value & 0xffffffffn) ? recordId : undefined;
}

const luma = (d: Uint8Array, p: number) => 0.299 * d[p]! + 0.587 * d[p + 1]! + 0.114 * d[p + 2]!;

/** Mean of pattern × luminance over the block whose top-left pixel is (x0, y0). */
function correlation(png: PNG, x0: number, y0: number): number {
  let c = 0;
  for (let i = 0; i < BLOCK * BLOCK; i++) {
    const p = ((y0 + (i >> 3)) * png.width + x0 + (i & 7)) * 4;
    c += PATTERN[i]! * luma(png.data, p);
  }
  return c / (BLOCK * BLOCK);
}

const bitIndex = (bx: number, by: number) => (by % TILE_H) * TILE_W + (bx % TILE_W);

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
  const img = PNG.sync.read(png);
  if (Math.floor(img.width / BLOCK) - 1 < TILE_W || Math.floor(img.height / BLOCK) - 1 < TILE_H) {
    return { found: false, reason: "image-too-small" };
  }
  for (let oy = 0; oy < BLOCK; oy++) {
    for (let ox = 0; ox < BLOCK; ox++) {
      const bw = Math.floor((img.width - ox) / BLOCK);
      const bh = Math.floor((img.height - oy) / BLOCK);
      const corr: number[] = [];
      for (let by = 0; by < bh; by++) {
        for (let bx = 0; bx < bw; bx++) corr.push(correlation(img, ox + bx * BLOCK, oy + by * BLOCK));
      }
      for (let ty = 0; ty < TILE_H; ty++) {
        for (let tx = 0; tx < TILE_W; tx++) {
          const votes = new Array<number>(CODE_BITS).fill(0);
          for (let by = 0; by < bh; by++) {
            for (let bx = 0; bx < bw; bx++) votes[bitIndex(bx + tx, by + ty)]! += corr[by * bw + bx]!;
          }
          const recordId = fromCodeword(votes.map((v) => (v > 0 ? 1 : 0)));
          if (recordId !== undefined) return { found: true, recordId, offset: { x: ox, y: oy } };
        }
      }
    }
  }
  return { found: false, reason: "no-watermark" };
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
