// ReceiptBatch8 (Receipts(8)): the circuit for batches of 2..8 receipts, and the size → circuit routing the
// node agent and the hub share (JobReceipt 1, ReceiptBatch8 2..8, ReceiptBatch 9..32).
import { afterAll, describe, expect, it } from "vitest";
import {
  BATCH8_SIZE,
  computePublicSignals,
  decodeReceiptBatch8Signals,
  decodeReceiptsSignals,
  metricsDigest,
  packTerms,
  receiptBatch8Input,
  receiptBatch8Signals,
  receiptCircuitFor,
  receiptsStatement,
  releaseProver,
  unpackTerms,
  ZkError,
} from "../../services/zk/index.js";
import { SECRET, slot } from "../zk/fixtures.js";

afterAll(releaseProver);

const slots = Array.from({ length: 5 }, (_, i) => slot(i));

describe("ReceiptBatch8 circuit", () => {
  it("proves five receipts and pads three slots with zeros", async () => {
    const s = decodeReceiptBatch8Signals(
      await computePublicSignals("ReceiptBatch8", receiptBatch8Input(SECRET, slots)),
    );
    expect(s).toEqual(receiptBatch8Signals(SECRET, slots));
    expect(s.metricsDigest).toBe(metricsDigest(slots));
    expect(s.terms.slice(0, 5).map((t) => unpackTerms(t)!.jobId)).toEqual(slots.map((w) => w.jobId));
    expect(s.terms.slice(5)).toEqual([0n, 0n, 0n]);
    expect(s.outputCommitments.slice(5)).toEqual([0n, 0n, 0n]);
  });

  it("rejects a padding slot with nonzero terms", async () => {
    const input = receiptBatch8Input(SECRET, slots);
    (input.terms as bigint[])[6] = packTerms({ ...unpackTerms((input.terms as bigint[])[0]!)!, jobId: 99n });
    await expect(computePublicSignals("ReceiptBatch8", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects a padding slot with a nonzero output commitment", async () => {
    const input = receiptBatch8Input(SECRET, slots);
    (input.outputCommitment as bigint[])[7] = 1n;
    await expect(computePublicSignals("ReceiptBatch8", input)).rejects.toBeInstanceOf(ZkError);
  });

  it(`refuses more than ${BATCH8_SIZE} receipts`, () => {
    expect(() => receiptBatch8Input(SECRET, [...slots, ...slots])).toThrow(RangeError);
  });
});

describe("receipt circuit routing", () => {
  it("JobReceipt for 1, ReceiptBatch8 for 2..8, ReceiptBatch for 9..32, nothing else", () => {
    expect([1, 2, 8, 9, 16, 32].map(receiptCircuitFor)).toEqual([
      "JobReceipt",
      "ReceiptBatch8",
      "ReceiptBatch8",
      "ReceiptBatch",
      "ReceiptBatch",
      "ReceiptBatch",
    ]);
    for (const n of [0, 33, 1.5]) expect(() => receiptCircuitFor(n)).toThrow(RangeError);
  });

  it("a batch of nine is a 32-slot statement", async () => {
    const nine = Array.from({ length: 9 }, (_, i) => slot(i));
    const { circuit, input } = receiptsStatement(SECRET, nine);
    expect(circuit).toBe("ReceiptBatch");
    const s = decodeReceiptsSignals(circuit, await computePublicSignals(circuit, input));
    expect(s.terms).toHaveLength(32);
    expect(s.terms.filter((t) => t !== 0n)).toHaveLength(9);
    expect(s.metricsDigest).toBe(metricsDigest(nine));
  });
});
