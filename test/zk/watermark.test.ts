import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  contentCommitment,
  embedWatermark,
  extractWatermark,
  TRACE_MAX_DISTANCE,
  traceWatermark,
} from "../../services/zk/index.js";
import { contentBytes, picture } from "./fixtures.js";

const ID = 0x0123_4567_89ab_cdefn;

function edit(png: Buffer, f: (src: PNG) => PNG): Buffer {
  return PNG.sync.write(f(PNG.sync.read(png)));
}
const crop =
  (dx: number, dy: number, right = 0, bottom = 0) =>
  (src: PNG) => {
    const out = new PNG({ width: src.width - dx - right, height: src.height - dy - bottom });
    PNG.bitblt(src, out, dx, dy, out.width, out.height, 0, 0);
    return out;
  };
const brightness = (factor: number) => (src: PNG) => {
  for (let i = 0; i < src.data.length; i++) {
    if (i % 4 !== 3) src.data[i] = Math.min(255, Math.round(src.data[i]! * factor));
  }
  return src;
};

describe("watermark", () => {
  const marked = embedWatermark(picture(4), ID);

  it("round-trips the record id, also after a lossless re-encode", () => {
    expect(extractWatermark(marked)).toMatchObject({ found: true, recordId: ID });
    const reencoded = PNG.sync.write(PNG.sync.read(marked), { deflateLevel: 1, filterType: 4 });
    expect(reencoded.equals(marked)).toBe(false);
    expect(extractWatermark(reencoded)).toMatchObject({ found: true, recordId: ID });
  });

  it("survives a crop of a few pixels", () => {
    for (const [dx, dy] of [
      [3, 0],
      [0, 5],
      [7, 2],
      [11, 9],
    ] as const) {
      expect(extractWatermark(edit(marked, crop(dx, dy, 2, 3)))).toMatchObject({ found: true, recordId: ID });
    }
  });

  it("survives brightness +5 % and -5 %", () => {
    for (const f of [1.05, 0.95]) {
      expect(extractWatermark(edit(marked, brightness(f)))).toMatchObject({ found: true, recordId: ID });
    }
    expect(extractWatermark(edit(edit(marked, crop(4, 3)), brightness(1.05)))).toMatchObject({
      recordId: ID,
    });
  });

  it("changes the picture only slightly", () => {
    const a = PNG.sync.read(picture(4)).data;
    const b = PNG.sync.read(marked).data;
    let se = 0;
    for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
    const psnr = 10 * Math.log10((255 * 255) / (se / a.length));
    expect(psnr).toBeGreaterThan(34);
  });

  it("reports an unmarked (or stripped) or a too-small image as such, never a guessed id", () => {
    // A stripped image is the content without its mark: the unmarked original stands for it.
    expect(extractWatermark(picture(4))).toEqual({ found: false, reason: "no-watermark" });
    expect(extractWatermark(picture(8))).toEqual({ found: false, reason: "no-watermark" });
    expect(extractWatermark(edit(marked, crop(0, 0, 150, 150)))).toEqual({
      found: false,
      reason: "image-too-small",
    });
  });
});

describe("tracing a watermark against its record (issue 12, attack 5)", () => {
  /** The registered 32x32 content shown at 256x256 (nearest neighbour), as it would be published. */
  const shown = (content: Uint8Array) => {
    const png = new PNG({ width: 256, height: 256 });
    for (let y = 0; y < 256; y++) {
      for (let x = 0; x < 256; x++) {
        const s = ((y >> 3) * 32 + (x >> 3)) * 3;
        const p = (y * 256 + x) * 4;
        png.data[p] = content[s]!;
        png.data[p + 1] = content[s + 1]!;
        png.data[p + 2] = content[s + 2]!;
        png.data[p + 3] = 255;
      }
    }
    return PNG.sync.write(png);
  };
  const content = contentBytes(11);
  const record = { contentCommitment: contentCommitment(content), content };
  const lookup = async (id: bigint) => (id === 7n ? record : undefined);

  it("traces the record's own content, also after a brightness change", async () => {
    const marked = embedWatermark(shown(content), 7n);
    const r = await traceWatermark(marked, lookup);
    expect(r).toMatchObject({ traced: true, recordId: 7n });
    expect(await traceWatermark(edit(marked, brightness(1.1)), lookup)).toMatchObject({ traced: true });
  });

  it("reports a watermark copied onto other content as a mismatch, not as traced", async () => {
    const forged = embedWatermark(picture(9), 7n);
    const r = await traceWatermark(forged, lookup);
    expect(r).toMatchObject({ traced: false, reason: "content-mismatch", recordId: 7n });
    expect((r as { distance: number }).distance).toBeGreaterThan(TRACE_MAX_DISTANCE);
  });

  it("refuses content that does not open the record's commitment, and unknown records", async () => {
    const marked = embedWatermark(shown(content), 7n);
    const wrong = async () => ({ contentCommitment: record.contentCommitment, content: contentBytes(12) });
    expect(await traceWatermark(marked, wrong)).toMatchObject({ traced: false, reason: "content-mismatch" });
    expect(await traceWatermark(embedWatermark(shown(content), 8n), lookup)).toMatchObject({
      traced: false,
      reason: "unknown-record",
      recordId: 8n,
    });
    expect(await traceWatermark(shown(content), lookup)).toMatchObject({
      traced: false,
      reason: "no-watermark",
    });
  });
});
