import { afterAll, describe, expect, it } from "vitest";
import {
  computePublicSignals,
  decodeJobReceiptSignals,
  jobReceiptInput,
  jobReceiptSignals,
  metricsCommitment,
  poseidon,
  releaseProver,
  unpackTerms,
  ZkError,
} from "../../services/zk/index.js";
import { receipt, SECRET } from "../zk/fixtures.js";

afterAll(releaseProver);

const outputs = async (input: ReturnType<typeof jobReceiptInput>) =>
  decodeJobReceiptSignals(await computePublicSignals("JobReceipt", input));
const terms = async (input: ReturnType<typeof jobReceiptInput>) =>
  unpackTerms((await outputs(input)).terms[0]!)!;

describe("JobReceipt circuit", () => {
  it("proves the job attempt's packed terms, SLA flags and the metrics digest", async () => {
    const w = receipt();
    const s = await outputs(jobReceiptInput(w));
    expect(s).toEqual(jobReceiptSignals(w));
    expect(s.metricsDigest).toBe(poseidon([0n, metricsCommitment(w)]));
    expect(unpackTerms(s.terms[0]!)).toEqual({
      jobId: 42n,
      attempt: 1n,
      latencyBoundMs: 250n,
      deadline: 1_800_000_000n,
      latencyMet: true,
      deadlineMet: true,
    });
    expect(s.outputCommitments).toEqual([2222n]);
  });

  it("binds the attempt: the same job at attempt 2 has other terms", async () => {
    const one = (await outputs(jobReceiptInput(receipt()))).terms[0];
    const two = (await outputs(jobReceiptInput(receipt({ attempt: 2n })))).terms[0];
    expect(two).not.toBe(one);
    expect(unpackTerms(two!)?.attempt).toBe(2n);
  });

  it("reports latency = bound as met and bound + 1 as breached", async () => {
    expect((await terms(jobReceiptInput(receipt({ latencyMs: 250n })))).latencyMet).toBe(true);
    const late = await terms(jobReceiptInput(receipt({ latencyMs: 251n })));
    expect([late.latencyMet, late.deadlineMet]).toEqual([false, true]);
  });

  it("reports finish = deadline as met and deadline + 1 as missed", async () => {
    expect((await terms(jobReceiptInput(receipt({ finishTime: 1_800_000_000n })))).deadlineMet).toBe(true);
    expect((await terms(jobReceiptInput(receipt({ finishTime: 1_800_000_001n })))).deadlineMet).toBe(false);
  });

  it("rejects a claimed outcome the metrics do not support", async () => {
    const input = jobReceiptInput(receipt({ latencyMs: 251n }));
    (input.terms as bigint[])[0] = (input.terms as bigint[])[0]! | (1n << 193n);
    await expect(computePublicSignals("JobReceipt", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects a wrong secret for the identity commitment", async () => {
    const input = { ...jobReceiptInput(receipt()), secret: SECRET + 1n };
    await expect(computePublicSignals("JobReceipt", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects values outside their bit widths", async () => {
    // The TS builder refuses them first; the circuit refuses them too.
    expect(() => jobReceiptInput(receipt({ latencyMs: 2n ** 32n }))).toThrow(RangeError);
    expect(() => jobReceiptInput(receipt({ attempt: 0n }))).toThrow(RangeError);
    const base = jobReceiptInput(receipt());
    await expect(
      computePublicSignals("JobReceipt", { ...base, latencyBoundMs: [2n ** 32n] }),
    ).rejects.toThrow(ZkError);
    await expect(computePublicSignals("JobReceipt", { ...base, attempt: [2n ** 32n] })).rejects.toThrow(
      ZkError,
    );
  });
});
