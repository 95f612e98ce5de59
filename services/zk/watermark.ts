// Invisible watermark carrying a 64-bit provenance record id in a PNG: the PNG side of the scheme described
// (and implemented without I/O, for browsers too) in watermark-core.ts.
import { PNG } from "pngjs";
import {
  BLOCK,
  bitIndex,
  codeword,
  correlation,
  extractFromPixels,
  MARGIN,
  MAX_STEP,
  PATTERN,
  TILE_H,
  TILE_W,
  WatermarkError,
  type WatermarkResult,
} from "./watermark-core.js";

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
