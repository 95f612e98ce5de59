// Typed statements of the four circuits: input builders (witness inputs for snarkjs), the values
// the circuits compute, and decoders of the public signals in the order the verifiers expect.
import { MODEL_TREE_DEPTH, type MerkleTree } from "./merkle.js";
import { FIELD, packBytes, poseidon, poseidonSponge, sha256ToField, toField } from "./poseidon.js";

export type CircuitInput = Record<string, bigint | bigint[] | bigint[][]>;

const U32 = 2n ** 32n;
const U64 = 2n ** 64n;

function checkRange(name: string, v: bigint, bound: bigint): bigint {
  if (v < 0n || v >= bound) throw new RangeError(`${name} = ${v} is outside [0, ${bound})`);
  return v;
}

function checkField(name: string, v: bigint): bigint {
  return checkRange(name, v, FIELD);
}

// ─── JobReceipt ────────────────────────────────────────────────────────────────

/** Public signal order of JobReceipt (outputs first, then public inputs as declared). */
export const JOB_RECEIPT_SIGNALS = [
  "nullifier",
  "latencyMet",
  "deadlineMet",
  "jobId",
  "identityCommitment",
  "inputCommitment",
  "outputCommitment",
  "metricsCommitment",
  "latencyBoundMs",
  "deadline",
] as const;
export type JobReceiptSignals = Record<(typeof JOB_RECEIPT_SIGNALS)[number], bigint>;

export interface Metrics {
  latencyMs: bigint; // < 2^32
  finishTime: bigint; // unix seconds, < 2^64
  energyWh: bigint; // < 2^32
  salt: bigint; // field element, keeps the metrics hidden
}

export interface JobReceiptWitness extends Metrics {
  secret: bigint;
  jobId: bigint; // < 2^64
  inputCommitment: bigint;
  outputCommitment: bigint;
  latencyBoundMs: bigint; // < 2^32
  deadline: bigint; // unix seconds, < 2^64
}

export const identityCommitment = (secret: bigint): bigint => poseidon([secret]);
export const receiptNullifier = (secret: bigint, jobId: bigint): bigint => poseidon([secret, jobId]);
export const metricsCommitment = (m: Metrics): bigint =>
  poseidon([m.latencyMs, m.finishTime, m.energyWh, m.salt]);

function checkReceipt(w: Omit<JobReceiptWitness, "secret">): void {
  checkRange("jobId", w.jobId, U64);
  checkRange("latencyBoundMs", w.latencyBoundMs, U32);
  checkRange("deadline", w.deadline, U64);
  checkRange("latencyMs", w.latencyMs, U32);
  checkRange("finishTime", w.finishTime, U64);
  checkRange("energyWh", w.energyWh, U32);
  checkField("inputCommitment", w.inputCommitment);
  checkField("outputCommitment", w.outputCommitment);
  checkField("salt", w.salt);
}

/** The public signals a valid JobReceipt proof for `w` will carry. */
export function jobReceiptSignals(w: JobReceiptWitness): JobReceiptSignals {
  return {
    nullifier: receiptNullifier(w.secret, w.jobId),
    latencyMet: w.latencyMs <= w.latencyBoundMs ? 1n : 0n,
    deadlineMet: w.finishTime <= w.deadline ? 1n : 0n,
    jobId: w.jobId,
    identityCommitment: identityCommitment(w.secret),
    inputCommitment: w.inputCommitment,
    outputCommitment: w.outputCommitment,
    metricsCommitment: metricsCommitment(w),
    latencyBoundMs: w.latencyBoundMs,
    deadline: w.deadline,
  };
}

export function jobReceiptInput(w: JobReceiptWitness): CircuitInput {
  checkReceipt(w);
  checkField("secret", w.secret);
  const s = jobReceiptSignals(w);
  return {
    jobId: w.jobId,
    identityCommitment: s.identityCommitment,
    inputCommitment: w.inputCommitment,
    outputCommitment: w.outputCommitment,
    metricsCommitment: s.metricsCommitment,
    latencyBoundMs: w.latencyBoundMs,
    deadline: w.deadline,
    secret: w.secret,
    latencyMs: w.latencyMs,
    finishTime: w.finishTime,
    energyWh: w.energyWh,
    salt: w.salt,
  };
}

function decode<K extends string>(names: readonly K[], signals: readonly bigint[]): Record<K, bigint> {
  if (signals.length !== names.length) {
    throw new RangeError(`expected ${names.length} public signals, got ${signals.length}`);
  }
  return Object.fromEntries(names.map((n, i) => [n, signals[i]!])) as Record<K, bigint>;
}

export const decodeJobReceiptSignals = (signals: readonly bigint[]): JobReceiptSignals =>
  decode(JOB_RECEIPT_SIGNALS, signals);

// ─── ReceiptBatch ──────────────────────────────────────────────────────────────

export const BATCH_SIZE = 8;

/** One receipt of a batch; the node's secret is shared by the whole batch. */
export type BatchSlot = Omit<JobReceiptWitness, "secret">;

/** terms = jobId + latencyBoundMs * 2^64 + deadline * 2^96 + enabled * 2^160 (see ReceiptBatch.circom). */
export function packTerms(jobId: bigint, latencyBoundMs: bigint, deadline: bigint, enabled: boolean): bigint {
  checkRange("jobId", jobId, U64);
  checkRange("latencyBoundMs", latencyBoundMs, U32);
  checkRange("deadline", deadline, U64);
  return jobId + (latencyBoundMs << 64n) + (deadline << 96n) + ((enabled ? 1n : 0n) << 160n);
}

export interface BatchSignals {
  nullifiers: bigint[];
  /** Bit 2i: latencyMet of slot i; bit 2i+1: deadlineMet of slot i. */
  outcomes: bigint;
  identityCommitment: bigint;
  terms: bigint[];
  inputCommitments: bigint[];
  outputCommitments: bigint[];
  metricsCommitments: bigint[];
}

/** Witness input for up to BATCH_SIZE receipts of one node; empty slots are padded (enabled = 0, all zero). */
export function receiptBatchInput(secret: bigint, slots: readonly BatchSlot[]): CircuitInput {
  if (slots.length === 0 || slots.length > BATCH_SIZE) {
    throw new RangeError(`a batch holds 1..${BATCH_SIZE} receipts, got ${slots.length}`);
  }
  checkField("secret", secret);
  slots.forEach(checkReceipt);
  const pad = <T>(f: (s: BatchSlot) => T, zero: T): T[] =>
    Array.from({ length: BATCH_SIZE }, (_, i) => (slots[i] === undefined ? zero : f(slots[i]!)));
  return {
    identityCommitment: identityCommitment(secret),
    terms: pad((s) => packTerms(s.jobId, s.latencyBoundMs, s.deadline, true), 0n),
    inputCommitment: pad((s) => s.inputCommitment, 0n),
    outputCommitment: pad((s) => s.outputCommitment, 0n),
    metricsCommitment: pad((s) => metricsCommitment(s), 0n),
    secret,
    enabled: pad(() => 1n, 0n),
    jobId: pad((s) => s.jobId, 0n),
    latencyBoundMs: pad((s) => s.latencyBoundMs, 0n),
    deadline: pad((s) => s.deadline, 0n),
    latencyMs: pad((s) => s.latencyMs, 0n),
    finishTime: pad((s) => s.finishTime, 0n),
    energyWh: pad((s) => s.energyWh, 0n),
    salt: pad((s) => s.salt, 0n),
  };
}

export function decodeReceiptBatchSignals(signals: readonly bigint[]): BatchSignals {
  const n = BATCH_SIZE;
  if (signals.length !== 4 * n + n + 2) throw new RangeError(`expected ${5 * n + 2} public signals`);
  const part = (from: number) => signals.slice(from, from + n);
  return {
    nullifiers: part(0),
    outcomes: signals[n]!,
    identityCommitment: signals[n + 1]!,
    terms: part(n + 2),
    inputCommitments: part(2 * n + 2),
    outputCommitments: part(3 * n + 2),
    metricsCommitments: part(4 * n + 2),
  };
}

// ─── VerifiedInference ─────────────────────────────────────────────────────────

export const NN = { inputs: 16, hidden: 16, outputs: 8, shift: 7n } as const;

/** Weights of the quantized 16 -> 16 -> 8 ReLU network: w are int8, b are int16. */
export interface QuantizedModel {
  w1: readonly (readonly number[])[]; // [16][16], w1[j][i]: input i -> hidden j
  b1: readonly number[]; // [16]
  w2: readonly (readonly number[])[]; // [8][16]
  b2: readonly number[]; // [8]
}

export const INFERENCE_SIGNALS = ["outputCommitment", "modelCommitment", "inputCommitment"] as const;
export type InferenceSignals = Record<(typeof INFERENCE_SIGNALS)[number], bigint>;

function checkSigned(name: string, values: readonly number[], bits: number, length: number): void {
  const lim = 2 ** (bits - 1);
  if (values.length !== length) throw new RangeError(`${name} must have ${length} entries`);
  for (const v of values) {
    if (!Number.isInteger(v) || v < -lim || v >= lim)
      throw new RangeError(`${name} holds ${v}, not int${bits}`);
  }
}

function checkModel(m: QuantizedModel): void {
  if (m.w1.length !== NN.hidden || m.w2.length !== NN.outputs)
    throw new RangeError("model has the wrong shape");
  m.w1.forEach((row) => checkSigned("w1", row, 8, NN.inputs));
  m.w2.forEach((row) => checkSigned("w2", row, 8, NN.hidden));
  checkSigned("b1", m.b1, 16, NN.hidden);
  checkSigned("b2", m.b2, 16, NN.outputs);
}

/** Flattened parameters in commitment order: w1 row-major, b1, w2 row-major, b2. */
function modelParams(m: QuantizedModel): bigint[] {
  return [...m.w1.flat(), ...m.b1, ...m.w2.flat(), ...m.b2].map((v) => toField(v));
}

export function modelCommitment(m: QuantizedModel): bigint {
  checkModel(m);
  const params = modelParams(m);
  return poseidonSponge(params, BigInt(params.length));
}

/** Exactly the circuit's arithmetic: h = max(0, floor(acc / 2^7)), y = b2 + W2 h (signed integers). */
export function infer(m: QuantizedModel, x: readonly number[]): bigint[] {
  checkModel(m);
  checkSigned("x", x, 8, NN.inputs);
  const h = m.w1.map((row, j) => {
    const acc = row.reduce((s, w, i) => s + BigInt(w) * BigInt(x[i]!), BigInt(m.b1[j]!));
    return acc > 0n ? acc >> NN.shift : 0n; // ReLU(floor(acc / 2^7))
  });
  return m.w2.map((row, k) => row.reduce((s, w, j) => s + BigInt(w) * h[j]!, BigInt(m.b2[k]!)));
}

export const inferenceInputCommitment = (x: readonly number[]): bigint => poseidon(x.map((v) => BigInt(v)));
export const inferenceOutputCommitment = (y: readonly bigint[]): bigint => poseidon(y);

export function verifiedInferenceSignals(m: QuantizedModel, x: readonly number[]): InferenceSignals {
  return {
    outputCommitment: inferenceOutputCommitment(infer(m, x)),
    modelCommitment: modelCommitment(m),
    inputCommitment: inferenceInputCommitment(x),
  };
}

export function verifiedInferenceInput(m: QuantizedModel, x: readonly number[]): CircuitInput {
  checkModel(m);
  checkSigned("x", x, 8, NN.inputs);
  const f = (row: readonly number[]) => row.map((v) => toField(v));
  return {
    modelCommitment: modelCommitment(m),
    inputCommitment: inferenceInputCommitment(x),
    x: f(x),
    w1: m.w1.map(f),
    b1: f(m.b1),
    w2: m.w2.map(f),
    b2: f(m.b2),
  };
}

export const decodeInferenceSignals = (signals: readonly bigint[]): InferenceSignals =>
  decode(INFERENCE_SIGNALS, signals);

// ─── AigcProvenance ────────────────────────────────────────────────────────────

/** The content the provenance circuit hashes: a 32x32 RGB image, row-major, 3 bytes per pixel. */
export const CONTENT_BYTES = 32 * 32 * 3;

export const PROVENANCE_SIGNALS = [
  "contentCommitment",
  "modelId",
  "modelRoot",
  "creatorCommitment",
  "promptCommitment",
  "linkedOutputCommitment",
  "parentsHash",
] as const;
export type ProvenanceSignals = Record<(typeof PROVENANCE_SIGNALS)[number], bigint>;

export function contentCommitment(content: Uint8Array): bigint {
  if (content.length !== CONTENT_BYTES) throw new RangeError(`content must be ${CONTENT_BYTES} bytes`);
  return poseidonSponge(packBytes(content), BigInt(CONTENT_BYTES));
}

export const promptCommitment = (promptHash: bigint, paramsHash: bigint, salt: bigint): bigint =>
  poseidon([promptHash, paramsHash, salt]);
export const creatorCommitment = (secret: bigint): bigint => poseidon([secret]);

/** 0 for an original; else uint256(sha256(abi.encodePacked(parentIds))) % FIELD, as ProvenanceRegistry computes. */
export const parentsHash = (parentIds: readonly bigint[]): bigint =>
  parentIds.length === 0 ? 0n : sha256ToField(parentIds);

export interface ProvenanceWitness {
  content: Uint8Array;
  modelId: bigint; // 1..256
  weightsCommitment: bigint;
  modelTree: MerkleTree;
  creatorSecret: bigint;
  promptHash: bigint;
  paramsHash: bigint;
  promptSalt: bigint;
  /** Output commitment of the linked verified job (must equal the content commitment), or 0n. */
  linkedOutputCommitment: bigint;
  parentIds: readonly bigint[];
}

export function provenanceSignals(w: ProvenanceWitness): ProvenanceSignals {
  return {
    contentCommitment: contentCommitment(w.content),
    modelId: w.modelId,
    modelRoot: w.modelTree.root,
    creatorCommitment: creatorCommitment(w.creatorSecret),
    promptCommitment: promptCommitment(w.promptHash, w.paramsHash, w.promptSalt),
    linkedOutputCommitment: w.linkedOutputCommitment,
    parentsHash: parentsHash(w.parentIds),
  };
}

export function aigcProvenanceInput(w: ProvenanceWitness): CircuitInput {
  checkRange("modelId - 1", w.modelId - 1n, 2n ** BigInt(MODEL_TREE_DEPTH));
  const s = provenanceSignals(w);
  return {
    ...s,
    content: Array.from(w.content, (b) => BigInt(b)),
    weightsCommitment: w.weightsCommitment,
    siblings: w.modelTree.siblings(Number(w.modelId - 1n)),
    creatorSecret: w.creatorSecret,
    promptHash: w.promptHash,
    paramsHash: w.paramsHash,
    promptSalt: w.promptSalt,
  };
}

export const decodeProvenanceSignals = (signals: readonly bigint[]): ProvenanceSignals =>
  decode(PROVENANCE_SIGNALS, signals);
