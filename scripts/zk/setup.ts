// `npm run zk:setup [-- Name ...] [--ptau file | --ptau-dir dir]`: compile the circuits, run the Groth16 setup
// (phase 2: initial zkey, one contribution, a beacon) from a given ptau or a development one made here,
// export verification keys and Solidity verifiers, and write circuits/artifacts/manifest.json.
// A development ptau and this phase 2 are NOT for production (see docs/zk.md).
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { poseidonContract } from "circomlibjs";
import * as snarkjs from "snarkjs";
import {
  ARTIFACTS_DIR,
  CIRCUIT_NAMES,
  type CircuitName,
  compileCircuit,
  DEFAULT_PTAU_DIR,
  type Manifest,
  MANIFEST_PATH,
  PTAU_POWER_OF,
  ptauFileName,
  ROOT,
  sha256File,
  VERIFIERS_DIR,
} from "./circuits.js";
import { generateDevPtau, readPtauInfo } from "./ptau.js";
import { parseCli, usageError } from "../args.js";

const POWERS = Object.entries(PTAU_POWER_OF)
  .map(([name, power]) => `${name} 2^${power}`)
  .join(", ");
const USAGE = `
npm run zk:setup [-- [Name ...] [--ptau FILE | --ptau-dir DIR]]

Recompiles the circuits (all, or the names given), runs their Groth16 phase 2 and rewrites
circuits/artifacts/, contracts/verifiers/ and the manifest. The committed artifacts are what tests and CI
use: run this only when a circuit changes. Circuits: ${CIRCUIT_NAMES.join(", ")}.

Powers of tau (phase 1), bn128, prepared for phase 2:
  --ptau FILE     one ptau for every circuit named; its power must cover each
                  (${POWERS})
  --ptau-dir DIR  a folder of pot<power>_final.ptau files (default: $SUANLI_PTAU_DIR, else .zk/ptau/);
                  a missing file is generated there as a DEVELOPMENT ptau (one random contribution,
                  ~7 min at 2^14 and ~26 min at 2^16 on two cores, with progress output)
Never use a development ptau in production: see docs/zk.md.
`;
const require = createRequire(import.meta.url);
const started = performance.now();
const step = (name: string, msg: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${name}: ${msg}`);
const quiet: snarkjs.Logger = { debug: () => {}, info: () => {}, warn: console.warn, error: console.error };

/** Public beacon for the final phase-2 step (a fixed, published value; dev setup only). */
const BEACON = "5375616e6c692064657620626561636f6e2032303236202d206e6f74206120726561";

async function setupCircuit(name: CircuitName, ptau: string, template: string, work: string) {
  const outDir = path.join(ARTIFACTS_DIR, name);
  step(name, "compiling with circom2 --O2");
  const { r1cs, wasm, seconds } = await compileCircuit(name, path.join(work, name));
  const info = await snarkjs.r1cs.info(r1cs);
  step(name, `compiled in ${seconds.toFixed(1)} s: ${info.nConstraints} constraints`);
  const z0 = path.join(work, `${name}_0.zkey`);
  const z1 = path.join(work, `${name}_1.zkey`);
  const zkey = path.join(outDir, `${name}.zkey`);
  step(name, `groth16 setup from ${ptau}`);
  await snarkjs.zKey.newZKey(r1cs, ptau, z0, quiet);
  step(name, "contribution");
  await snarkjs.zKey.contribute(z0, z1, "suanli dev contribution", randomBytes(32).toString("hex"), quiet);
  step(name, "beacon");
  await mkdir(outDir, { recursive: true });
  await snarkjs.zKey.beacon(z1, zkey, "suanli dev beacon", BEACON, 10, quiet);
  step(name, "exporting verification key and Solidity verifier");
  const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
  const vkeyPath = path.join(outDir, `${name}.vkey.json`);
  await writeFile(vkeyPath, JSON.stringify(vkey, null, 1) + "\n");
  const sol = (await snarkjs.zKey.exportSolidityVerifier(zkey, { groth16: template })).replace(
    "contract Groth16Verifier",
    `contract ${name}Verifier`,
  );
  const solPath = path.join(VERIFIERS_DIR, `${name}Verifier.sol`);
  await writeFile(solPath, sol);
  const wasmPath = path.join(outDir, `${name}.wasm`);
  await cp(wasm, wasmPath);
  return {
    constraints: info.nConstraints,
    nPublic: info.nOutputs + info.nPubInputs,
    ptau: path.basename(ptau),
    ptauSha256: await sha256File(ptau),
    r1csSha256: await sha256File(r1cs),
    wasmSha256: await sha256File(wasmPath),
    zkeySha256: await sha256File(zkey),
    vkeySha256: await sha256File(vkeyPath),
    verifierSha256: await sha256File(solPath),
  };
}

/** Bytecode + ABI of circomlibjs's generated Poseidon(2) hasher (ModelRegistry's Merkle tree). */
async function writePoseidonHasher() {
  const file = path.join(ARTIFACTS_DIR, "PoseidonT3.json");
  const artifact = { abi: poseidonContract.generateABI(2), bytecode: poseidonContract.createCode(2) };
  await writeFile(file, JSON.stringify(artifact) + "\n");
  step("PoseidonT3", `hasher bytecode written to ${path.relative(process.cwd(), file)}`);
}

/** The ptau file each circuit is set up from; generates missing development ptaus in the folder. */
async function ptauFor(names: CircuitName[], file: string | undefined, dir: string) {
  const chosen = new Map<CircuitName, string>();
  for (const name of names) {
    const needed = PTAU_POWER_OF[name];
    const ptau = file ?? path.join(dir, ptauFileName(needed));
    if (!file && !existsSync(ptau)) {
      await generateDevPtau(needed, ptau, (m) => step(`ptau 2^${needed}`, m));
    }
    const info = await readPtauInfo(ptau);
    if (!info.preparedForPhase2) {
      throw new Error(`ptau ${ptau} is not prepared for phase 2 (snarkjs powersoftau prepare phase2)`);
    }
    if (info.power < needed) {
      throw new Error(`ptau ${ptau} has power ${info.power}; ${name} needs at least ${needed}`);
    }
    chosen.set(name, ptau);
  }
  return chosen;
}

async function main() {
  const { values, positionals } = parseCli(
    USAGE,
    { ptau: { type: "string" }, "ptau-dir": { type: "string" } },
    { positionals: true },
  );
  for (const n of positionals) {
    if (!(CIRCUIT_NAMES as readonly string[]).includes(n)) {
      usageError(`unknown circuit "${n}" (circuits: ${CIRCUIT_NAMES.join(", ")})`);
    }
  }
  if (values.ptau !== undefined && values["ptau-dir"] !== undefined) {
    usageError("give --ptau or --ptau-dir, not both");
  }
  const names = positionals.length > 0 ? (positionals as CircuitName[]) : [...CIRCUIT_NAMES];
  const ptauDir = path.resolve(values["ptau-dir"] ?? process.env.SUANLI_PTAU_DIR ?? DEFAULT_PTAU_DIR);
  let ptaus: Map<CircuitName, string>;
  try {
    ptaus = await ptauFor(names, values.ptau && path.resolve(values.ptau), ptauDir);
  } catch (error) {
    usageError((error as Error).message);
  }
  const template = await readFile(
    path.join(ROOT, "node_modules/snarkjs/templates/verifier_groth16.sol.ejs"),
    "utf8",
  );
  const work = await mkdtemp(path.join(tmpdir(), "suanli-zk-setup-"));
  await mkdir(VERIFIERS_DIR, { recursive: true });
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const previous: Manifest | undefined = await readFile(MANIFEST_PATH, "utf8").then(
    (s) => JSON.parse(s) as Manifest,
    () => undefined,
  );
  const manifest: Manifest = {
    circom: "circom2 " + (require("circom2/package.json") as { version: string }).version,
    snarkjs: (
      JSON.parse(await readFile(path.join(ROOT, "node_modules/snarkjs/package.json"), "utf8")) as {
        version: string;
      }
    ).version,
    circuits: { ...previous?.circuits } as Manifest["circuits"],
  };
  await writePoseidonHasher();
  for (const name of names) {
    manifest.circuits[name] = await setupCircuit(name, ptaus.get(name)!, template, work);
    await writeFile(MANIFEST_PATH, JSON.stringify(manifest, null, 2) + "\n");
    step(name, "done, manifest updated");
  }
  await rm(work, { recursive: true, force: true });
  await globalThis.curve_bn128?.terminate();
}

await main();
