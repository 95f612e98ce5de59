// Groth16 prover/verifier over the committed circuit artifacts (circuits/artifacts/<Name>/).
// Call `releaseProver()` when a process is done proving: snarkjs keeps worker threads alive.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as snarkjs from "snarkjs";
import type { CircuitInput } from "./inputs.js";

export type CircuitName =
  "JobReceipt" | "ReceiptBatch8" | "ReceiptBatch" | "VerifiedInference" | "AigcProvenance";

/** Public-signal count of each circuit (the verifier contracts' uint256[N]). */
export const PUBLIC_SIGNAL_COUNT: Record<CircuitName, number> = {
  JobReceipt: 4,
  ReceiptBatch8: 18,
  ReceiptBatch: 66,
  VerifiedInference: 3,
  AigcProvenance: 8,
};

export const DEFAULT_ARTIFACTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../circuits/artifacts",
);

export interface Proof {
  circuit: CircuitName;
  proof: snarkjs.Groth16Proof;
  publicSignals: bigint[];
}

/** Arguments of the generated verifiers' verifyProof(a, b, c, publicSignals). */
export interface SolidityProof {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
}

export class ZkError extends Error {
  constructor(
    readonly code: "WITNESS_FAILED" | "BAD_SIGNALS" | "BAD_PROOF",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ZkError";
  }
}

const files = (circuit: CircuitName, dir: string) => ({
  wasm: path.join(dir, circuit, `${circuit}.wasm`),
  zkey: path.join(dir, circuit, `${circuit}.zkey`),
  vkey: path.join(dir, circuit, `${circuit}.vkey.json`),
});

const vkeys = new Map<string, Promise<snarkjs.VerificationKey>>();
function loadVkey(file: string): Promise<snarkjs.VerificationKey> {
  let vk = vkeys.get(file);
  if (vk === undefined) {
    vk = readFile(file, "utf8").then((s) => JSON.parse(s) as snarkjs.VerificationKey);
    vkeys.set(file, vk);
  }
  return vk;
}

const asStrings = (input: CircuitInput): snarkjs.CircuitInput =>
  JSON.parse(
    JSON.stringify(input, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  ) as snarkjs.CircuitInput;

/**
 * The full witness (index 0 is the constant 1, then the public signals in order, then private
 * signals). Throws ZkError WITNESS_FAILED when a constraint of the circuit does not hold.
 */
export async function computeWitness(
  circuit: CircuitName,
  input: CircuitInput,
  artifactsDir = DEFAULT_ARTIFACTS_DIR,
): Promise<bigint[]> {
  const mem: snarkjs.MemFile = { type: "mem" };
  try {
    await snarkjs.wtns.calculate(asStrings(input), files(circuit, artifactsDir).wasm, mem);
  } catch (cause) {
    throw new ZkError("WITNESS_FAILED", `${circuit}: the input does not satisfy the circuit`, { cause });
  }
  return (await snarkjs.wtns.exportJson(mem)).map((v) => BigInt(v));
}

/** The public signals (outputs, then public inputs) a proof of `input` would carry. */
export async function computePublicSignals(
  circuit: CircuitName,
  input: CircuitInput,
  artifactsDir = DEFAULT_ARTIFACTS_DIR,
): Promise<bigint[]> {
  const w = await computeWitness(circuit, input, artifactsDir);
  return w.slice(1, 1 + PUBLIC_SIGNAL_COUNT[circuit]);
}

/** Witness + Groth16 proof. Throws ZkError WITNESS_FAILED for an input the circuit rejects. */
export async function prove(
  circuit: CircuitName,
  input: CircuitInput,
  artifactsDir = DEFAULT_ARTIFACTS_DIR,
): Promise<Proof> {
  const f = files(circuit, artifactsDir);
  try {
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(asStrings(input), f.wasm, f.zkey);
    return { circuit, proof, publicSignals: publicSignals.map((s) => BigInt(s)) };
  } catch (cause) {
    throw new ZkError("WITNESS_FAILED", `${circuit}: the input does not satisfy the circuit`, { cause });
  }
}

/** Local Groth16 verification against the committed verification key. */
export async function verify(
  circuit: CircuitName,
  proof: snarkjs.Groth16Proof,
  publicSignals: readonly bigint[],
  artifactsDir = DEFAULT_ARTIFACTS_DIR,
): Promise<boolean> {
  if (publicSignals.length !== PUBLIC_SIGNAL_COUNT[circuit]) {
    throw new ZkError("BAD_SIGNALS", `${circuit} takes ${PUBLIC_SIGNAL_COUNT[circuit]} public signals`);
  }
  const vk = await loadVkey(files(circuit, artifactsDir).vkey);
  return snarkjs.groth16.verify(
    vk,
    publicSignals.map((s) => s.toString()),
    proof,
  );
}

/** The proof as the generated Solidity verifier takes it (G2 coordinates swapped as EIP-197 wants). */
export function toSolidityProof(proof: snarkjs.Groth16Proof): SolidityProof {
  const n = (s: string | undefined): bigint => {
    if (s === undefined) throw new ZkError("BAD_PROOF", "malformed Groth16 proof");
    return BigInt(s);
  };
  const { pi_a: a, pi_b: b, pi_c: c } = proof;
  return {
    a: [n(a[0]), n(a[1])],
    b: [
      [n(b[0]?.[1]), n(b[0]?.[0])],
      [n(b[1]?.[1]), n(b[1]?.[0])],
    ],
    c: [n(c[0]), n(c[1])],
  };
}

/** Terminates snarkjs's bn128 worker threads so the process can exit; proving again re-creates them. */
export async function releaseProver(): Promise<void> {
  await globalThis.curve_bn128?.terminate();
}
