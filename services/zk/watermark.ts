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
