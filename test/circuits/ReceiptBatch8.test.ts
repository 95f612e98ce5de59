// ReceiptBatch8 (Receipts(8)): the circuit for batches of 2..8 receipts, and the size → circuit routing the
// node agent and the hub share (JobReceipt 1, ReceiptBatch8 2..8, ReceiptBatch 9..32), and the packed wire word
// of a proven receipt read from a proof's terms.
import { afterAll, describe, expect, it } from "vitest";
import {
  BATCH8_SIZE,
  computePublicSignals,
  decodeReceiptBatch8Signals,
  decodeReceiptsSignals,
  metricsDigest,
  packProvenReceipt,
  packTerms,
  provenReceiptsOf,
  receiptBatch8Input,
  receiptBatch8Signals,
  receiptCircuitFor,
  receiptsStatement,
  releaseProver,
  unpackProvenReceipt,
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

describe("proven receipt wire word", () => {
  it("carries the proof's job id, attempt and outcomes: bits 0-95 of the terms, then the two outcome bits", async () => {
    const late = [slots[0]!, { ...slots[1]!, latencyMs: slots[1]!.latencyBoundMs + 1n }];
    const s = decodeReceiptBatch8Signals(
      await computePublicSignals("ReceiptBatch8", receiptBatch8Input(SECRET, late)),
    );
    const wire = provenReceiptsOf(s, 2);
    expect(wire.map((r) => r.packed & ((1n << 96n) - 1n))).toEqual(
      s.terms.slice(0, 2).map((t) => t & ((1n << 96n) - 1n)),
    );
    expect(wire.map((r) => r.outputCommitment)).toEqual(late.map((w) => w.outputCommitment));
    expect(wire.map((r) => unpackProvenReceipt(r.packed))).toEqual([
      { jobId: late[0]!.jobId, attempt: late[0]!.attempt, latencyMet: true, deadlineMet: true },
      { jobId: late[1]!.jobId, attempt: late[1]!.attempt, latencyMet: false, deadlineMet: true },
    ]);
    // A padding slot is no receipt; a word with a bit above 97 is malformed (the contracts refuse it too).
    expect(() => provenReceiptsOf(s, 3)).toThrow(RangeError);
    expect(() => unpackProvenReceipt(wire[0]!.packed | (1n << 98n))).toThrow(RangeError);
    expect(() =>
      packProvenReceipt({ jobId: 1n << 64n, attempt: 1n, latencyMet: true, deadlineMet: true }),
    ).toThrow(RangeError);
  });
});
