// Deterministic sample statements shared by the circuit and ZK tests.
import { PNG } from "pngjs";
import { mulberry32 } from "../../services/scheduler/core/rng.js";
import type { BatchSlot, JobReceiptWitness, QuantizedModel } from "../../services/zk/index.js";

/** The project's seeded PRNG, so failures reproduce. */
export const rng = mulberry32;

export const SECRET = 0x5ec12e7n;

export function receipt(overrides: Partial<JobReceiptWitness> = {}): JobReceiptWitness {
  return {
    secret: SECRET,
    jobId: 42n,
    attempt: 1n,
    outputCommitment: 2222n,
    latencyBoundMs: 250n,
    deadline: 1_800_000_000n,
    latencyMs: 180n,
    finishTime: 1_799_999_000n,
    energyWh: 37n,
    salt: 987654321n,
    ...overrides,
  };
}

export function slot(i: number, overrides: Partial<BatchSlot> = {}): BatchSlot {
  const { secret: _s, ...r } = receipt({
    jobId: 100n + BigInt(i),
    attempt: 1n + BigInt(i % 3),
    outputCommitment: 6000n + BigInt(i),
    latencyMs: 100n + BigInt(i) * 40n, // slots 0..3 within 250 ms, 4.. breached
    finishTime: 1_800_000_000n - 10n + BigInt(i) * 5n, // slots 0..2 on time
    salt: 777n + BigInt(i),
  });
  return { ...r, ...overrides };
}

export function model(seed = 1): QuantizedModel {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  return {
    w1: Array.from({ length: 16 }, () => Array.from({ length: 16 }, () => int(-128, 127))),
    b1: Array.from({ length: 16 }, () => int(-32768, 32767)),
    w2: Array.from({ length: 8 }, () => Array.from({ length: 16 }, () => int(-128, 127))),
    b2: Array.from({ length: 8 }, () => int(-32768, 32767)),
  };
}

export function inputVector(seed = 2): number[] {
  const r = rng(seed);
  return Array.from({ length: 16 }, () => -128 + Math.floor(r() * 256));
}

/** A 32x32 RGB "generated image" as raw bytes (row-major RGB). */
export function contentBytes(seed = 3): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: 32 * 32 * 3 }, () => Math.floor(r() * 256));
}

/** A textured 256x256 test picture (smooth gradients plus noise, values kept in 20..235). */
export function picture(seed = 4, width = 256, height = 256): Buffer {
  const r = rng(seed);
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const base = 128 + 60 * Math.sin(x / 23) * Math.cos(y / 31);
      png.data[p] = Math.round(Math.min(235, Math.max(20, base + 20 * Math.sin(y / 9) + r() * 16)));
      png.data[p + 1] = Math.round(Math.min(235, Math.max(20, base + r() * 16)));
      png.data[p + 2] = Math.round(Math.min(235, Math.max(20, 255 - base + r() * 16)));
      png.data[p + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
