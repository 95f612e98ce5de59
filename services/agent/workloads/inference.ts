/**
 * Verified inference: the quantized 16 → 16 → 8 ReLU network of circuits/src/VerifiedInference.circom, run and
 * proven. The job's input commitment is Poseidon(x) and the receipt's output commitment is Poseidon(y): the two
 * values the VerifiedInference proof makes public, next to the model commitment, so whoever holds the proof
 * (served with the output) checks that y = f(x) with the committed weights and that these are the job's
 * committed input and the settled output. See docs/edge.md for how far the proof reaches on chain today.
 */
import { mulberry32, randInt } from "../../scheduler/core/rng.js";
import {
  type QuantizedModel,
  NN,
  decodeInferenceSignals,
  infer,
  modelCommitment,
  prove,
  verifiedInferenceInput,
} from "../../zk/index.js";
import type { Groth16Proof } from "snarkjs";

/** A model that ships with the agent: weights derived from a fixed seed (no download). */
function seededModel(seed: number): QuantizedModel {
  const r = mulberry32(seed);
  const row = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => randInt(r, lo, hi));
  return {
    w1: Array.from({ length: NN.hidden }, () => row(NN.inputs, -128, 127)),
    b1: row(NN.hidden, -32768, 32767),
    w2: Array.from({ length: NN.outputs }, () => row(NN.hidden, -128, 127)),
    b2: row(NN.outputs, -32768, 32767),
  };
}

export const TINY_MLP = seededModel(1);

/** Shipped models by their commitment (decimal), the value an inference input names. */
export const SHIPPED_MODELS: ReadonlyMap<string, { name: string; model: QuantizedModel }> = new Map([
  [modelCommitment(TINY_MLP).toString(), { name: "suanli-tiny-mlp-1", model: TINY_MLP }],
]);

export interface InferenceOutput {
  model: string;
  y: string[];
  proof: Groth16Proof;
  publicSignals: string[];
}

/** Runs f(x) and proves it; returns the output document, y's commitment and the proving time. */
export async function runInference(
  model: QuantizedModel,
  x: readonly number[],
): Promise<{ output: InferenceOutput; outputCommitment: bigint; inputCommitment: bigint; proofMs: number }> {
  const y = infer(model, x);
  const started = performance.now();
  const proof = await prove("VerifiedInference", verifiedInferenceInput(model, x));
  const proofMs = performance.now() - started;
  const signals = decodeInferenceSignals(proof.publicSignals);
  return {
    output: {
      model: signals.modelCommitment.toString(),
      y: y.map(String),
      proof: proof.proof,
      publicSignals: proof.publicSignals.map(String),
    },
    outputCommitment: signals.outputCommitment,
    inputCommitment: signals.inputCommitment,
    proofMs,
  };
}
