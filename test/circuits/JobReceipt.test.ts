import { afterAll, describe, expect, it } from "vitest";
import {
  computePublicSignals,
  decodeJobReceiptSignals,
  jobReceiptInput,
  jobReceiptSignals,
  releaseProver,
  ZkError,
} from "../../services/zk/index.js";
import { receipt, SECRET } from "../zk/fixtures.js";

afterAll(releaseProver);

const outputs = async (input: ReturnType<typeof jobReceiptInput>) =>
  decodeJobReceiptSignals(await computePublicSignals("JobReceipt", input));

describe("JobReceipt circuit", () => {
  it("computes nullifier and SLA flags for a valid receipt", async () => {
    const w = receipt();
    const s = await outputs(jobReceiptInput(w));
    expect(s).toEqual(jobReceiptSignals(w));
    expect(s.latencyMet).toBe(1n);
    expect(s.deadlineMet).toBe(1n);
    expect(s.nullifier).not.toBe(0n);
  });

  it("reports latency = bound as met and bound + 1 as breached", async () => {
    expect((await outputs(jobReceiptInput(receipt({ latencyMs: 250n })))).latencyMet).toBe(1n);
    const late = await outputs(jobReceiptInput(receipt({ latencyMs: 251n })));
    expect(late.latencyMet).toBe(0n);
    expect(late.deadlineMet).toBe(1n);
  });

  it("reports finish = deadline as met and deadline + 1 as missed", async () => {
    expect((await outputs(jobReceiptInput(receipt({ finishTime: 1_800_000_000n })))).deadlineMet).toBe(1n);
    expect((await outputs(jobReceiptInput(receipt({ finishTime: 1_800_000_001n })))).deadlineMet).toBe(0n);
  });

  it("gives a different nullifier per job and per node", async () => {
    const a = await outputs(jobReceiptInput(receipt()));
    const b = await outputs(jobReceiptInput(receipt({ jobId: 43n })));
    const c = await outputs(jobReceiptInput(receipt({ secret: 99n })));
    expect(new Set([a.nullifier, b.nullifier, c.nullifier]).size).toBe(3);
  });

  it("rejects a wrong secret for the identity commitment", async () => {
    const input = { ...jobReceiptInput(receipt()), secret: SECRET + 1n };
    await expect(computePublicSignals("JobReceipt", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects metrics that do not open the metrics commitment", async () => {
    const input = { ...jobReceiptInput(receipt()), latencyMs: 100n };
    await expect(computePublicSignals("JobReceipt", input)).rejects.toThrow(/does not satisfy/);
  });

  it("rejects values outside their bit widths", async () => {
    // The TS builder refuses them first; the circuit refuses them too.
    expect(() => jobReceiptInput(receipt({ latencyMs: 2n ** 32n }))).toThrow(RangeError);
    const base = jobReceiptInput(receipt());
    await expect(computePublicSignals("JobReceipt", { ...base, latencyBoundMs: 2n ** 32n })).rejects.toThrow(
      ZkError,
    );
    await expect(computePublicSignals("JobReceipt", { ...base, jobId: 2n ** 64n })).rejects.toThrow(ZkError);
  });
});
