/**
 * A job's input is a JSON document stored content-addressed: its commitment (`inputCommitmentOf`) is the
 * job's input commitment on chain — the blob commitment of its bytes, except for inference, whose commitment is
 * Poseidon(model, Poseidon(x)) (`inferenceJobInputCommitment`, opened by InferenceRegistry), and AIGC, whose
 * commitment is the one AigcProvenance opens (`aigcJobDocCommitment`, services/zk/inputs.ts). Its `kind` selects
 * the workload:
 *   { "kind": "wasm", "module": "<commitment of the .wasm>", "input": "<base64>" }
 *   { "kind": "inference", "model": "<model commitment>", "x": [16 × int8] }
 *   { "kind": "aigc", "prompt": "…", "seed": 7, "modelId": "<ModelRegistry id>", "promptSalt": "<field>" }
 * Every run ends in an output (bytes + commitment) or a failure document, whose blob commitment is then the
 * output commitment: a failure is a receipt too, so the buyer learns what happened and the node is not
 * mistaken for silent.
 */
import { z } from "zod";
import { aigcJobDocCommitment, inferenceJobInputCommitment } from "../../zk/inputs.js";
import { blobCommitment } from "../core/content.js";
import { generateImage } from "./aigc.js";
import { SHIPPED_MODELS, runInference } from "./inference.js";
import { type WasmLimits, runWasm } from "./wasm.js";

const decimal = z.string().regex(/^[0-9]{1,78}$/);

export const jobInputSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("wasm"), module: decimal, input: z.base64().max(1_400_000) }),
  z.object({
    kind: z.literal("inference"),
    model: decimal,
    x: z.array(z.number().int().min(-128).max(127)).length(16),
  }),
  z.object({
    kind: z.literal("aigc"),
    prompt: z.string().min(1).max(1000),
    seed: z.number().int().nonnegative(),
    modelId: decimal,
    promptSalt: decimal,
  }),
]);
export type JobInput = z.infer<typeof jobInputSchema>;

/** The commitment a job input document is addressed by (and the job's input commitment must equal). */
export function inputCommitmentOf(bytes: Uint8Array): bigint {
  try {
    const doc = jobInputSchema.parse(JSON.parse(Buffer.from(bytes).toString("utf8")));
    if (doc.kind === "aigc") return aigcJobDocCommitment(doc);
    if (doc.kind === "inference") return inferenceJobInputCommitment(BigInt(doc.model), doc.x);
  } catch {
    // not a job document (a wasm module, or malformed): addressed by its bytes
  }
  return blobCommitment(bytes);
}

export interface RunOutput {
  kind: JobInput["kind"] | "invalid";
  outcome: "ok" | "failed";
  failure: string | null;
  bytes: Uint8Array;
  commitment: bigint;
  proofMs: number;
  /** Share of the machine the run kept busy, for the energy model. */
  utilisation: number;
}

export interface WorkloadDeps {
  limits: WasmLimits;
  /** Fetches a blob by commitment (checked); undefined when no store has it. */
  fetchBlob(commitment: bigint): Promise<Uint8Array | undefined>;
  /** The ModelRegistry id under which this agent's generator is approved (undefined: none, or no hub). */
  generatorModelId?: bigint;
}

export function failureDocument(kind: RunOutput["kind"], reason: string, detail: string): RunOutput {
  const bytes = Buffer.from(JSON.stringify({ status: "failed", kind, reason, detail }), "utf8");
  return {
    kind,
    outcome: "failed",
    failure: `${reason}: ${detail}`,
    bytes,
    commitment: blobCommitment(bytes),
    proofMs: 0,
    utilisation: 1,
  };
}

/** Thrown when a run cannot start yet (a blob is not available): the job stays queued and is retried. */
export class InputUnavailable extends Error {}

export async function runWorkload(inputBytes: Uint8Array, deps: WorkloadDeps): Promise<RunOutput> {
  let doc: JobInput;
  try {
    doc = jobInputSchema.parse(JSON.parse(Buffer.from(inputBytes).toString("utf8")));
  } catch (error) {
    return failureDocument(
      "invalid",
      "invalid-input",
      String(error instanceof Error ? error.message : error).slice(0, 300),
    );
  }
  switch (doc.kind) {
    case "wasm": {
      const moduleBytes = await deps.fetchBlob(BigInt(doc.module));
      if (moduleBytes === undefined) throw new InputUnavailable(`wasm module ${doc.module} not available`);
      const result = await runWasm(moduleBytes, Buffer.from(doc.input, "base64"), deps.limits);
      if (result.status === "failed") return failureDocument("wasm", result.reason, result.detail);
      return {
        kind: "wasm",
        outcome: "ok",
        failure: null,
        bytes: result.output,
        commitment: blobCommitment(result.output),
        proofMs: 0,
        utilisation: 1,
      };
    }
    case "inference": {
      const shipped = SHIPPED_MODELS.get(doc.model);
      if (shipped === undefined) return failureDocument("inference", "unknown-model", doc.model);
      const r = await runInference(shipped.model, doc.x);
      const bytes = Buffer.from(JSON.stringify(r.output), "utf8");
      // The receipt settles Poseidon(y), the value the VerifiedInference proof makes public.
      return {
        kind: "inference",
        outcome: "ok",
        failure: null,
        bytes,
        commitment: r.outputCommitment,
        proofMs: r.proofMs,
        utilisation: 1,
      };
    }
    case "aigc": {
      // The job's input commitment names the model; this agent runs only its shipped generator.
      if (deps.generatorModelId === undefined || BigInt(doc.modelId) !== deps.generatorModelId) {
        return failureDocument("aigc", "unknown-model", `model ${doc.modelId} is not this node's generator`);
      }
      const content = generateImage(doc.prompt, doc.seed);
      return {
        kind: "aigc",
        outcome: "ok",
        failure: null,
        bytes: content,
        commitment: blobCommitment(content),
        proofMs: 0,
        utilisation: 1,
      };
    }
  }
}
