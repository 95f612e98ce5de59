import { afterAll, describe, expect, it } from "vitest";
import {
  BATCH_SIZE,
  computePublicSignals,
  decodeReceiptBatchSignals,
  identityCommitment,
  metricsDigest,
  packTerms,
  receiptBatchInput,
  receiptBatchSignals,
  releaseProver,
  unpackTerms,
  ZkError,
} from "../../services/zk/index.js";
import { SECRET, slot } from "../zk/fixtures.js";

afterAll(releaseProver);

const slots = Array.from({ length: 5 }, (_, i) => slot(i));

describe("ReceiptBatch circuit", () => {
  it(`proves five receipts and pads ${BATCH_SIZE - 5} slots with zeros`, async () => {
    const s = decodeReceiptBatchSignals(
      await computePublicSignals("ReceiptBatch", receiptBatchInput(SECRET, slots)),
    );
    expect(s).toEqual(receiptBatchSignals(SECRET, slots));
    expect(s.identityCommitment).toBe(identityCommitment(SECRET));
    expect(s.metricsDigest).toBe(metricsDigest(slots));
    const outcomes = s.terms.slice(0, 5).map((t) => {
      const u = unpackTerms(t)!;
      return [u.latencyMet, u.deadlineMet];
    });
    // slots 0-2 met both; slot 3: latency 220 met, finish 5 s late; slot 4: both breached
    expect(outcomes).toEqual([
      [true, true],
      [true, true],
      [true, true],
      [true, false],
      [false, false],
    ]);
    expect(s.terms.slice(0, 5).map((t) => unpackTerms(t)!.attempt)).toEqual([1n, 2n, 3n, 1n, 2n]);
    expect(s.terms.slice(5)).toEqual(Array(BATCH_SIZE - 5).fill(0n));
    expect(s.outputCommitments.slice(5)).toEqual(Array(BATCH_SIZE - 5).fill(0n));
  });

  it("fills all 32 slots", async () => {
    const full = Array.from({ length: BATCH_SIZE }, (_, i) => slot(i));
    const s = decodeReceiptBatchSignals(
      await computePublicSignals("ReceiptBatch", receiptBatchInput(SECRET, full)),
    );
    expect(s.terms.every((t) => t !== 0n)).toBe(true);
    expect(s.metricsDigest).toBe(metricsDigest(full));
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

  it("rejects terms that do not pack the slot's job, attempt, bound and deadline", async () => {
    const input = receiptBatchInput(SECRET, slots);
    const good = unpackTerms((input.terms as bigint[])[1]!)!;
    (input.terms as bigint[])[1] = packTerms({ ...good, attempt: good.attempt + 1n });
    await expect(computePublicSignals("ReceiptBatch", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects a wrong secret", async () => {
    const input = { ...receiptBatchInput(SECRET, slots), secret: SECRET + 1n };
    await expect(computePublicSignals("ReceiptBatch", input)).rejects.toBeInstanceOf(ZkError);
  });

  it(`refuses more than ${BATCH_SIZE} receipts`, () => {
    expect(() =>
      receiptBatchInput(
        SECRET,
        Array.from({ length: BATCH_SIZE + 1 }, (_, i) => slot(i)),
      ),
    ).toThrow(RangeError);
  });
});
