// The circuit list and the circom2 compile step shared by `zk:setup`, `bench:zk` and the r1cs check.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const ARTIFACTS_DIR = path.join(ROOT, "circuits/artifacts");
export const MANIFEST_PATH = path.join(ARTIFACTS_DIR, "manifest.json");
export const VERIFIERS_DIR = path.join(ROOT, "contracts/verifiers");
/** Where `zk:setup` looks for (and makes) pot<power>_final.ptau when no --ptau is given (git-ignored). */
export const DEFAULT_PTAU_DIR = path.join(ROOT, ".zk", "ptau");

export const CIRCUIT_NAMES = [
  "JobReceipt",
  "ReceiptBatch8",
  "ReceiptBatch",
  "VerifiedInference",
  "AigcProvenance",
] as const;
export type CircuitName = (typeof CIRCUIT_NAMES)[number];

/** Smallest ptau power whose 2^power covers the circuit's constraints + public inputs + 1. */
export const PTAU_POWER_OF: Record<CircuitName, number> = {
  JobReceipt: 14,
  ReceiptBatch8: 14,
  ReceiptBatch: 16,
  VerifiedInference: 16,
  AigcProvenance: 16,
};
export const ptauFileName = (power: number) => `pot${power}_final.ptau`;

export interface ManifestEntry {
  constraints: number;
  nPublic: number;
  ptau: string;
  ptauSha256: string;
  r1csSha256: string;
  wasmSha256: string;
  zkeySha256: string;
  vkeySha256: string;
  verifierSha256: string;
}
export interface Manifest {
  circom: string;
  snarkjs: string;
  circuits: Record<CircuitName, ManifestEntry>;
}

const require = createRequire(import.meta.url);
const run = promisify(execFile);

export async function sha256File(file: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
}

export interface Compiled {
  r1cs: string;
  wasm: string;
  seconds: number;
}

/**
 * Compiles circuits/src/<name>.circom with circom2 (--O2) into outDir.
 * circom2 runs in WASI and can only open files below its working directory (and fails on
 * symlinked include trees), so the sources and circomlib are staged into a temp folder first.
 */
export async function compileCircuit(name: CircuitName, outDir: string): Promise<Compiled> {
  const stage = await mkdtemp(path.join(tmpdir(), `suanli-circom-${name}-`));
  const circomlib = path.dirname(require.resolve("circomlib/package.json"));
  await cp(path.join(ROOT, "circuits/src"), path.join(stage, "src"), { recursive: true });
  await cp(path.join(ROOT, "circuits/lib"), path.join(stage, "lib"), { recursive: true });
  await cp(path.join(circomlib, "circuits"), path.join(stage, "node_modules/circomlib/circuits"), {
    recursive: true,
    dereference: true,
  });
  await mkdir(path.join(stage, "out"));
  const started = performance.now();
  await run(
    process.execPath,
    [
      require.resolve("circom2/cli.js"),
      `src/${name}.circom`,
      "--O2",
      "--r1cs",
      "--wasm",
      "-o",
      "out",
      "-l",
      "node_modules",
    ],
    { cwd: stage, maxBuffer: 16 * 1024 * 1024 },
  );
  const seconds = (performance.now() - started) / 1000;
  await mkdir(outDir, { recursive: true });
  const r1cs = path.join(outDir, `${name}.r1cs`);
  const wasm = path.join(outDir, `${name}.wasm`);
  await cp(path.join(stage, "out", `${name}.r1cs`), r1cs);
  await cp(path.join(stage, "out", `${name}_js`, `${name}.wasm`), wasm);
  return { r1cs, wasm, seconds };
}

export async function readManifest(): Promise<Manifest> {
  return JSON.parse(await readFile(MANIFEST_PATH, "utf8")) as Manifest;
}
