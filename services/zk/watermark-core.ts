// The watermark's scheme without I/O (no Node built-ins, no PNG codec), so the same code reads a watermark
// in Node (watermark.ts, from a PNG file) and in a browser (the dashboard, from a canvas's ImageData).
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

export const BLOCK = 8;
export const TILE_W = 16;
export const TILE_H = 7;
const CODE_BITS = TILE_W * TILE_H; // 112 = 16 sync + 64 id + 32 crc
const SYNC = 0xb38fn; // 16 sync bits
export const MARGIN = 4; // target |correlation| per pixel, luminance units
export const MAX_STEP = 12; // largest per-pixel change the embedder makes
/** 64-bit constant with exactly 32 set bits: the block pattern, +1 for a set bit, -1 otherwise. */
const PATTERN_BITS = 0x0f21ddb66cad4a26n;
export const PATTERN = Array.from({ length: BLOCK * BLOCK }, (_, i) =>
  (PATTERN_BITS >> BigInt(i)) & 1n ? 1 : -1,
);

/** RGBA pixels, row-major: a decoded PNG or a canvas's ImageData. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

export type WatermarkResult =
  | { found: true; recordId: bigint; offset: { x: number; y: number } }
  | { found: false; reason: "no-watermark" | "image-too-small" };

export class WatermarkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WatermarkError";
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE, as zlib's crc32) of the 8 big-endian bytes of a uint64. */
function crc32OfId(recordId: bigint): bigint {
  let c = 0xffffffff;
  for (let i = 7; i >= 0; i--) {
    const byte = Number((recordId >> BigInt(i * 8)) & 0xffn);
    c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  }
  return BigInt((c ^ 0xffffffff) >>> 0);
}

export function codeword(recordId: bigint): number[] {
  if (recordId < 0n || recordId >= 2n ** 64n) throw new WatermarkError("record id must be a uint64");
  const value = (SYNC << 96n) | (recordId << 32n) | crc32OfId(recordId);
  return Array.from({ length: CODE_BITS }, (_, i) => Number((value >> BigInt(CODE_BITS - 1 - i)) & 1n));
}

function fromCodeword(bits: readonly number[]): bigint | undefined {
  const value = bits.reduce((acc, b) => (acc << 1n) | BigInt(b), 0n);
  if (value >> 96n !== SYNC) return undefined;
  const recordId = (value >> 32n) & (2n ** 64n - 1n);
  return crc32OfId(recordId) === (value & 0xffffffffn) ? recordId : undefined;
}

export const luma = (d: Pixels["data"], p: number) => 0.299 * d[p]! + 0.587 * d[p + 1]! + 0.114 * d[p + 2]!;

/** Mean of pattern × luminance over the block whose top-left pixel is (x0, y0). */
export function correlation(img: Pixels, x0: number, y0: number): number {
  let c = 0;
  for (let i = 0; i < BLOCK * BLOCK; i++) {
    const p = ((y0 + (i >> 3)) * img.width + x0 + (i & 7)) * 4;
    c += PATTERN[i]! * luma(img.data, p);
  }
  return c / (BLOCK * BLOCK);
}

export const bitIndex = (bx: number, by: number) => (by % TILE_H) * TILE_W + (bx % TILE_W);

/** Finds the record id in (possibly cropped or brightened) pixels; "no-watermark" unless sync and CRC match. */
export function extractFromPixels(img: Pixels): WatermarkResult {
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
