import { afterAll, describe, expect, it } from "vitest";
import {
  BATCH_SIZE,
  computePublicSignals,
  decodeReceiptBatchSignals,
  identityCommitment,
  metricsCommitment,
  packTerms,
  receiptBatchInput,
  receiptNullifier,
  releaseProver,
  ZkError,
} from "../../services/zk/index.js";
import { SECRET, slot } from "../zk/fixtures.js";

afterAll(releaseProver);

const slots = Array.from({ length: 5 }, (_, i) => slot(i));

describe("ReceiptBatch circuit", () => {
  it("proves five receipts and pads three slots with zeros", async () => {
    const s = decodeReceiptBatchSignals(
      await computePublicSignals("ReceiptBatch", receiptBatchInput(SECRET, slots)),
    );
    expect(s.identityCommitment).toBe(identityCommitment(SECRET));
    for (let i = 0; i < BATCH_SIZE; i++) {
      const r = slots[i];
      const latencyMet = (s.outcomes >> BigInt(2 * i)) & 1n;
      const deadlineMet = (s.outcomes >> BigInt(2 * i + 1)) & 1n;
      if (r === undefined) {
        expect([s.nullifiers[i], s.terms[i], s.inputCommitments[i], s.metricsCommitments[i]]).toEqual([
          0n,
          0n,
          0n,
          0n,
        ]);
        expect([latencyMet, deadlineMet]).toEqual([0n, 0n]);
        continue;
      }
      expect(s.nullifiers[i]).toBe(receiptNullifier(SECRET, r.jobId));
      expect(s.terms[i]).toBe(packTerms(r.jobId, r.latencyBoundMs, r.deadline, true));
      expect(s.outputCommitments[i]).toBe(r.outputCommitment);
      expect(s.metricsCommitments[i]).toBe(metricsCommitment(r));
      expect(latencyMet).toBe(r.latencyMs <= r.latencyBoundMs ? 1n : 0n);
      expect(deadlineMet).toBe(r.finishTime <= r.deadline ? 1n : 0n);
    }
    // slots 0-2 met both; slot 3: latency 220 met, finish 5 s late; slot 4: both breached; 5-7 padding
    expect(s.outcomes).toBe(0b00_01_11_11_11n);
  });

  it("reports latency = bound + 1 as breached inside a batch", async () => {
    const one = [slot(0, { latencyMs: 251n })];
    const s = decodeReceiptBatchSignals(
      await computePublicSignals("ReceiptBatch", receiptBatchInput(SECRET, one)),
    );
    expect(s.outcomes).toBe(0b10n);
  });

  it("rejects a padding slot that carries data", async () => {
    const input = receiptBatchInput(SECRET, slots);
    (input.outputCommitment as bigint[])[6] = 1n;
    await expect(computePublicSignals("ReceiptBatch", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects an enabled flag other than 0 or 1", async () => {
    const input = receiptBatchInput(SECRET, slots);
    (input.enabled as bigint[])[0] = 2n;
    await expect(computePublicSignals("ReceiptBatch", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects terms that do not pack the slot's job, bound and deadline", async () => {
    const input = receiptBatchInput(SECRET, slots);
    (input.terms as bigint[])[1] = packTerms(101n, 251n, 1_800_000_000n, true);
    await expect(computePublicSignals("ReceiptBatch", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects a wrong secret", async () => {
    const input = { ...receiptBatchInput(SECRET, slots), secret: SECRET + 1n };
    await expect(computePublicSignals("ReceiptBatch", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("refuses more than eight receipts", () => {
    expect(() =>
      receiptBatchInput(
        SECRET,
        Array.from({ length: 9 }, (_, i) => slot(i)),
      ),
    ).toThrow(RangeError);
  });
});
