import { afterAll, describe, expect, it } from "vitest";
import {
  computePublicSignals,
  decodeInferenceSignals,
  FIELD,
  infer,
  inferenceOutputCommitment,
  modelCommitment,
  releaseProver,
  verifiedInferenceInput,
  verifiedInferenceSignals,
  ZkError,
} from "../../services/zk/index.js";
import { inputVector, model } from "../zk/fixtures.js";

afterAll(releaseProver);

describe("VerifiedInference circuit", () => {
  it("commits to y = f(x) computed with the committed weights", async () => {
    const m = model(1);
    const x = inputVector(2);
    const s = decodeInferenceSignals(
      await computePublicSignals("VerifiedInference", verifiedInferenceInput(m, x)),
    );
    expect(s).toEqual(verifiedInferenceSignals(m, x));
    expect(s.outputCommitment).toBe(inferenceOutputCommitment(infer(m, x)));
    const y = infer(m, x);
    expect(y.some((v) => v < 0n)).toBe(true); // negative outputs are exercised
  });

  it("handles the extreme int8 inputs and weights", async () => {
    const m = {
      w1: Array.from({ length: 16 }, () => Array.from({ length: 16 }, () => -128)),
      b1: Array.from({ length: 16 }, () => 32767),
      w2: Array.from({ length: 8 }, () => Array.from({ length: 16 }, () => 127)),
      b2: Array.from({ length: 8 }, () => -32768),
    };
    const x = Array.from({ length: 16 }, () => -128);
    const s = decodeInferenceSignals(
      await computePublicSignals("VerifiedInference", verifiedInferenceInput(m, x)),
    );
    expect(s.outputCommitment).toBe(inferenceOutputCommitment(infer(m, x)));
  });

  it("rejects weights that do not match the model commitment", async () => {
    const m = model(1);
    const other = model(5);
    const input = { ...verifiedInferenceInput(m, inputVector(2)), modelCommitment: modelCommitment(other) };
    await expect(computePublicSignals("VerifiedInference", input)).rejects.toBeInstanceOf(ZkError);
    const tampered = verifiedInferenceInput(m, inputVector(2));
    (tampered.w2 as bigint[][])[3]![7] = ((tampered.w2 as bigint[][])[3]![7]! + 1n) % FIELD;
    await expect(computePublicSignals("VerifiedInference", tampered)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects an input that does not match the input commitment", async () => {
    const input = verifiedInferenceInput(model(1), inputVector(2));
    (input.x as bigint[])[0] = 5n;
    await expect(computePublicSignals("VerifiedInference", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects out-of-range quantized values", () => {
    const m = model(1);
    expect(() => verifiedInferenceInput({ ...m, b2: [...m.b2.slice(0, 7), 32768] }, inputVector(2))).toThrow(
      RangeError,
    );
    expect(() => verifiedInferenceInput(m, [128, ...inputVector(2).slice(1)])).toThrow(RangeError);
  });
});
