// Typed statements of the four circuits: input builders (witness inputs for snarkjs), the values
// the circuits compute, and decoders of the public signals in the order the verifiers expect.
import { AbiCoder, keccak256 } from "ethers";
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

// ─── JobReceipt and ReceiptBatch (circuits/lib/receipt.circom) ────────────────

export interface Metrics {
  latencyMs: bigint; // < 2^32
  finishTime: bigint; // unix seconds, < 2^64
  energyWh: bigint; // < 2^32
  salt: bigint; // field element, keeps the metrics hidden
}

/** One receipt: the job attempt's terms, the output commitment and the private metrics. */
export interface ReceiptWitness extends Metrics {
  jobId: bigint; // < 2^64
  attempt: bigint; // the assignment attempt the receipt is for, 1..2^32-1
  outputCommitment: bigint;
  latencyBoundMs: bigint; // < 2^32
  deadline: bigint; // unix seconds, < 2^64
}

export interface JobReceiptWitness extends ReceiptWitness {
  secret: bigint;
}

/** One receipt of a batch; the node's secret is shared by the whole batch. */
export type BatchSlot = ReceiptWitness;

/** Receipts per ReceiptBatch proof (unused slots are padded); JobReceipt proves exactly one. */
export const BATCH_SIZE = 32;
/** Receipts per ReceiptBatch8 proof, the circuit for batches of 2..8 (unused slots are padded). */
export const BATCH8_SIZE = 8;

/** The three receipt circuits: Receipts(1), Receipts(8) and Receipts(32) of circuits/lib/receipt.circom. */
export type ReceiptCircuit = "JobReceipt" | "ReceiptBatch8" | "ReceiptBatch";
const RECEIPT_WIDTH: Record<ReceiptCircuit, number> = {
  JobReceipt: 1,
  ReceiptBatch8: BATCH8_SIZE,
  ReceiptBatch: BATCH_SIZE,
};

/**
 * The circuit that proves `n` receipts, as `JobMarket` (`ReceiptProofLib.width`) expects it: JobReceipt for
 * one, ReceiptBatch8 for 2..8, ReceiptBatch for 9..32.
 */
export function receiptCircuitFor(n: number): ReceiptCircuit {
  if (!Number.isInteger(n) || n < 1 || n > BATCH_SIZE) {
    throw new RangeError(`a proof holds 1..${BATCH_SIZE} receipts, got ${n}`);
  }
  return n === 1 ? "JobReceipt" : n <= BATCH8_SIZE ? "ReceiptBatch8" : "ReceiptBatch";
}

export const identityCommitment = (secret: bigint): bigint => poseidon([secret]);
export const metricsCommitment = (m: Metrics): bigint =>
  poseidon([m.latencyMs, m.finishTime, m.energyWh, m.salt]);

/** d_0 = 0, d_{i+1} = Poseidon(d_i, metricsCommitment_i): the one public value binding a proof's metrics. */
export const metricsDigest = (slots: readonly Metrics[]): bigint =>
  slots.reduce((d, m) => poseidon([d, metricsCommitment(m)]), 0n);

export interface ReceiptTerms {
  jobId: bigint;
  attempt: bigint;
  latencyBoundMs: bigint;
  deadline: bigint;
  latencyMet: boolean;
  deadlineMet: boolean;
}

/**
 * terms = jobId | attempt << 64 | latencyBoundMs << 96 | deadline << 128 | 1 << 192 | latencyMet << 193 |
 * deadlineMet << 194 (an enabled slot; a padding slot's terms are 0). ReceiptProofLib packs the same word.
 */
export function packTerms(t: ReceiptTerms): bigint {
  checkRange("jobId", t.jobId, U64);
  checkRange("attempt", t.attempt, U32);
  checkRange("latencyBoundMs", t.latencyBoundMs, U32);
  checkRange("deadline", t.deadline, U64);
  return (
    t.jobId +
    (t.attempt << 64n) +
    (t.latencyBoundMs << 96n) +
    (t.deadline << 128n) +
    (1n << 192n) +
    ((t.latencyMet ? 1n : 0n) << 193n) +
    ((t.deadlineMet ? 1n : 0n) << 194n)
  );
}

/** Inverse of packTerms; undefined for a padding slot (terms = 0). */
export function unpackTerms(terms: bigint): ReceiptTerms | undefined {
  if (terms === 0n) return undefined;
  const bits = (from: bigint, n: bigint) => (terms >> from) & ((1n << n) - 1n);
  if (bits(192n, 1n) !== 1n || terms >> 195n !== 0n) throw new RangeError(`terms ${terms} are malformed`);
  return {
    jobId: bits(0n, 64n),
    attempt: bits(64n, 32n),
    latencyBoundMs: bits(96n, 32n),
    deadline: bits(128n, 64n),
    latencyMet: bits(193n, 1n) === 1n,
    deadlineMet: bits(194n, 1n) === 1n,
  };
}

function checkReceipt(w: ReceiptWitness): void {
  checkRange("attempt", w.attempt, U32);
  if (w.attempt === 0n) throw new RangeError("attempt must be at least 1");
  checkRange("latencyMs", w.latencyMs, U32);
  checkRange("finishTime", w.finishTime, U64);
  checkRange("energyWh", w.energyWh, U32);
  checkField("outputCommitment", w.outputCommitment);
  checkField("salt", w.salt);
}

const termsOf = (w: ReceiptWitness): bigint =>
  packTerms({ ...w, latencyMet: w.latencyMs <= w.latencyBoundMs, deadlineMet: w.finishTime <= w.deadline });

/** Public signals of a JobReceipt (1 slot), ReceiptBatch8 (8) or ReceiptBatch (BATCH_SIZE) proof. */
export interface ReceiptSignals {
  metricsDigest: bigint;
  identityCommitment: bigint;
  terms: bigint[];
  outputCommitments: bigint[];
}

function receiptsInput(secret: bigint, slots: readonly ReceiptWitness[], size: number): CircuitInput {
  if (slots.length === 0 || slots.length > size) {
    throw new RangeError(`a proof holds 1..${size} receipts, got ${slots.length}`);
  }
  checkField("secret", secret);
  slots.forEach(checkReceipt);
  const pad = <T>(f: (s: ReceiptWitness) => T, zero: T): T[] =>
    Array.from({ length: size }, (_, i) => (slots[i] === undefined ? zero : f(slots[i]!)));
  return {
    identityCommitment: identityCommitment(secret),
    terms: pad(termsOf, 0n),
    outputCommitment: pad((s) => s.outputCommitment, 0n),
    secret,
    enabled: pad(() => 1n, 0n),
    jobId: pad((s) => s.jobId, 0n),
    attempt: pad((s) => s.attempt, 0n),
    latencyBoundMs: pad((s) => s.latencyBoundMs, 0n),
    deadline: pad((s) => s.deadline, 0n),
    latencyMs: pad((s) => s.latencyMs, 0n),
    finishTime: pad((s) => s.finishTime, 0n),
    energyWh: pad((s) => s.energyWh, 0n),
    salt: pad((s) => s.salt, 0n),
  };
}

function receiptSignals(secret: bigint, slots: readonly ReceiptWitness[], size: number): ReceiptSignals {
  const pad = (f: (s: ReceiptWitness) => bigint) =>
    Array.from({ length: size }, (_, i) => (slots[i] === undefined ? 0n : f(slots[i]!)));
  return {
    metricsDigest: metricsDigest(slots),
    identityCommitment: identityCommitment(secret),
    terms: pad(termsOf),
    outputCommitments: pad((s) => s.outputCommitment),
  };
}

function decodeReceipts(signals: readonly bigint[], size: number): ReceiptSignals {
  if (signals.length !== 2 * size + 2) throw new RangeError(`expected ${2 * size + 2} public signals`);
  return {
    metricsDigest: signals[0]!,
    identityCommitment: signals[1]!,
    terms: signals.slice(2, 2 + size),
    outputCommitments: signals.slice(2 + size, 2 + 2 * size),
  };
}

/** Witness input of a JobReceipt proof (one receipt). */
export const jobReceiptInput = (w: JobReceiptWitness): CircuitInput => receiptsInput(w.secret, [w], 1);
/** The public signals a valid JobReceipt proof for `w` will carry. */
export const jobReceiptSignals = (w: JobReceiptWitness): ReceiptSignals => receiptSignals(w.secret, [w], 1);
export const decodeJobReceiptSignals = (signals: readonly bigint[]): ReceiptSignals =>
  decodeReceipts(signals, 1);

/** Witness input for up to BATCH_SIZE receipts of one node; empty slots are padded (enabled = 0, all zero). */
export const receiptBatchInput = (secret: bigint, slots: readonly BatchSlot[]): CircuitInput =>
  receiptsInput(secret, slots, BATCH_SIZE);
export const receiptBatchSignals = (secret: bigint, slots: readonly BatchSlot[]): ReceiptSignals =>
  receiptSignals(secret, slots, BATCH_SIZE);
export const decodeReceiptBatchSignals = (signals: readonly bigint[]): ReceiptSignals =>
  decodeReceipts(signals, BATCH_SIZE);

/** Witness input for up to BATCH8_SIZE receipts of one node (ReceiptBatch8); empty slots are padded. */
export const receiptBatch8Input = (secret: bigint, slots: readonly BatchSlot[]): CircuitInput =>
  receiptsInput(secret, slots, BATCH8_SIZE);
export const receiptBatch8Signals = (secret: bigint, slots: readonly BatchSlot[]): ReceiptSignals =>
  receiptSignals(secret, slots, BATCH8_SIZE);
export const decodeReceiptBatch8Signals = (signals: readonly bigint[]): ReceiptSignals =>
  decodeReceipts(signals, BATCH8_SIZE);

/** One node's receipts as the statement of the circuit `receiptCircuitFor(slots.length)` picks. */
export function receiptsStatement(
  secret: bigint,
  slots: readonly BatchSlot[],
): { circuit: ReceiptCircuit; input: CircuitInput } {
  const circuit = receiptCircuitFor(slots.length);
  return { circuit, input: receiptsInput(secret, slots, RECEIPT_WIDTH[circuit]) };
}
/** Decodes the public signals of any receipt circuit. */
export const decodeReceiptsSignals = (circuit: ReceiptCircuit, signals: readonly bigint[]): ReceiptSignals =>
  decodeReceipts(signals, RECEIPT_WIDTH[circuit]);

/**
 * A proven receipt as `submitProvenReceipts` takes it and the region forwards it (`MessageLib.ProvenReceipt`):
 * packed = jobId | attempt << 64 | latencyMet << 96 | deadlineMet << 97 (bits 0–95 as in the proof's terms).
 */
export interface ProvenReceipt {
  packed: bigint;
  outputCommitment: bigint;
}

export type ProvenReceiptFields = Pick<ReceiptTerms, "jobId" | "attempt" | "latencyMet" | "deadlineMet">;

/** The wire word of one proven receipt (`MessageLib.unpackProven` reads it). */
export function packProvenReceipt(r: ProvenReceiptFields): bigint {
  checkRange("jobId", r.jobId, U64);
  checkRange("attempt", r.attempt, U32);
  return (
    r.jobId + (r.attempt << 64n) + ((r.latencyMet ? 1n : 0n) << 96n) + ((r.deadlineMet ? 1n : 0n) << 97n)
  );
}

/** Inverse of packProvenReceipt; throws for a word with a bit above 97, as the contracts refuse it. */
export function unpackProvenReceipt(packed: bigint): ProvenReceiptFields {
  if (packed < 0n || packed >> 98n !== 0n) throw new RangeError(`proven receipt word ${packed} is malformed`);
  return {
    jobId: packed & (U64 - 1n),
    attempt: (packed >> 64n) & (U32 - 1n),
    latencyMet: ((packed >> 96n) & 1n) === 1n,
    deadlineMet: ((packed >> 97n) & 1n) === 1n,
  };
}

/** The proven receipts of a receipt proof's `count` enabled slots, read from its public signals. */
export function provenReceiptsOf(s: ReceiptSignals, count: number): ProvenReceipt[] {
  return s.terms.slice(0, count).map((terms, i) => {
    const t = unpackTerms(terms);
    if (t === undefined) throw new RangeError(`slot ${i} of the proof is padding, not a receipt`);
    return { packed: packProvenReceipt(t), outputCommitment: s.outputCommitments[i]! };
  });
}

function decode<K extends string>(names: readonly K[], signals: readonly bigint[]): Record<K, bigint> {
  if (signals.length !== names.length) {
    throw new RangeError(`expected ${names.length} public signals, got ${signals.length}`);
  }
  return Object.fromEntries(names.map((n, i) => [n, signals[i]!])) as Record<K, bigint>;
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

/**
 * The input commitment of an inference job: Poseidon(modelCommitment, Poseidon(x)). InferenceRegistry opens it
 * on chain to bind the job's VerifiedInference proof to the model and input the buyer paid for.
 */
export const inferenceJobInputCommitment = (model: bigint, x: readonly number[]): bigint =>
  poseidon([model, inferenceInputCommitment(x)]);

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
  "jobInputCommitment",
  "contentCommitment",
  "modelId",
  "modelRoot",
  "creatorCommitment",
  "promptCommitment",
  "parentsHash",
  "binding",
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
  parentIds: readonly bigint[];
  /** registrationBinding(chainId, registry, registrant): whom the proof registers for, where. */
  binding: bigint;
}

/**
 * The input commitment of an AIGC job's spec: Poseidon(modelId, promptCommitment). A buyer who wants the
 * output registered as made by model `modelId` posts the job with this input commitment.
 */
export const aigcJobInputCommitment = (modelId: bigint, prompt: bigint): bigint =>
  poseidon([modelId, prompt]);

/**
 * An AIGC job's input document (stored by the buyer, fetched by the node): the prompt and seed the node
 * generates from, and the model and prompt salt the job's on-chain input commitment binds. Its address is
 * not the hash of its bytes but `aigcJobDocCommitment`, the input commitment AigcProvenance opens, so only
 * the buyer (who knows the salt) can later prove the output's provenance.
 */
export interface AigcJobDoc {
  kind: "aigc";
  prompt: string;
  seed: number;
  /** The ModelRegistry id of the generator the buyer asks for, decimal. */
  modelId: string;
  /** A field element the buyer keeps, decimal: hides the prompt commitment. */
  promptSalt: string;
}

/** The prompt hash of an AIGC job: the Poseidon sponge of the prompt's UTF-8 bytes (its blob commitment). */
export function aigcPromptHash(prompt: string): bigint {
  const bytes = new TextEncoder().encode(prompt);
  return poseidonSponge(packBytes(bytes), BigInt(bytes.length));
}

/** Poseidon(modelId, promptCommitment(promptHash, seed, promptSalt)): the job's input commitment. */
export const aigcJobDocCommitment = (doc: AigcJobDoc): bigint =>
  aigcJobInputCommitment(
    BigInt(doc.modelId),
    promptCommitment(
      aigcPromptHash(doc.prompt),
      BigInt(doc.seed),
      checkField("promptSalt", BigInt(doc.promptSalt)),
    ),
  );

/**
 * The value ProvenanceRegistry binds a registration to (as Semaphore binds its message):
 * uint256(keccak256(abi.encode(chainId, registry, registrant))) >> 8, so it is a field element.
 */
export function registrationBinding(chainId: bigint, registry: string, registrant: string): bigint {
  const coder = AbiCoder.defaultAbiCoder();
  return (
    BigInt(keccak256(coder.encode(["uint256", "address", "address"], [chainId, registry, registrant]))) >> 8n
  );
}

export function provenanceSignals(w: ProvenanceWitness): ProvenanceSignals {
  const prompt = promptCommitment(w.promptHash, w.paramsHash, w.promptSalt);
  return {
    jobInputCommitment: aigcJobInputCommitment(w.modelId, prompt),
    contentCommitment: contentCommitment(w.content),
    modelId: w.modelId,
    modelRoot: w.modelTree.root,
    creatorCommitment: creatorCommitment(w.creatorSecret),
    promptCommitment: prompt,
    parentsHash: parentsHash(w.parentIds),
    binding: w.binding,
  };
}

export function aigcProvenanceInput(w: ProvenanceWitness): CircuitInput {
  checkRange("modelId - 1", w.modelId - 1n, 2n ** BigInt(MODEL_TREE_DEPTH));
  checkField("binding", w.binding);
  const { jobInputCommitment: _output, ...s } = provenanceSignals(w);
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
