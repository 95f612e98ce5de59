// `npm run zk:ceremony -- <init|contribute|verify|finalize> ...`: a multi-party Groth16 phase-2 ceremony for one
// circuit, one contributor at a time, in a ceremony folder that is passed from contributor to contributor.
//
//   init       --circuit <Name> --dir <folder> [--ptau <file>]   compile, initial zkey from a phase-1 ptau
//              (default: pot<power>_final.ptau in $SUANLI_PTAU_DIR, else .zk/ptau/)
//   contribute --dir <folder> --name <who> [--entropy <text>]    add one contribution (entropy: random by default)
//   verify     --dir <folder>                                     check every contribution against r1cs + ptau
//   finalize   --dir <folder> --beacon <hex> [--iterations <n>]   apply a public random beacon, verify, export
//
// The folder holds <Name>.r1cs, the phase-1 ptau's path and sha256, the zkey after each step
// (<Name>_0000.zkey, _0001, ...; the last is <Name>_final.zkey) and transcript.json (who contributed, the
// contribution hashes snarkjs printed, the beacon). Anyone can check the result independently with
//   npx snarkjs zkey verify <dir>/<Name>.r1cs <ptau> <dir>/<Name>_final.zkey
// which replays every contribution recorded inside the zkey. See docs/zk.md ("Production setup").
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as snarkjs from "snarkjs";
import {
  CIRCUIT_NAMES,
  type CircuitName,
  compileCircuit,
  DEFAULT_PTAU_DIR,
  PTAU_POWER_OF,
  ptauFileName,
  sha256File,
} from "./circuits.js";

export interface Transcript {
  circuit: CircuitName;
  ptau: string;
  ptauSha256: string;
  r1csSha256: string;
  contributions: { index: number; name: string; zkey: string; zkeySha256: string }[];
  beacon?: { hex: string; iterationsExp: number; zkey: string; zkeySha256: string; vkeySha256: string };
}

const quiet: snarkjs.Logger = { debug: () => {}, info: () => {}, warn: console.warn, error: console.error };
const TRANSCRIPT = "transcript.json";

async function readTranscript(dir: string): Promise<Transcript> {
  return JSON.parse(await readFile(path.join(dir, TRANSCRIPT), "utf8")) as Transcript;
}
const writeTranscript = (dir: string, t: Transcript) =>
  writeFile(path.join(dir, TRANSCRIPT), JSON.stringify(t, null, 2) + "\n");
const zkeyName = (t: Transcript, i: number) => `${t.circuit}_${String(i).padStart(4, "0")}.zkey`;
const latestZkey = (t: Transcript) => zkeyName(t, t.contributions.length);

/** Starts a ceremony: compiles the circuit (or copies a given r1cs) and derives the initial zkey. */
export async function init(opts: { circuit: CircuitName; dir: string; ptau?: string; r1cs?: string }) {
  if (!CIRCUIT_NAMES.includes(opts.circuit)) throw new Error(`unknown circuit ${opts.circuit}`);
  const dir = process.env.SUANLI_PTAU_DIR ?? DEFAULT_PTAU_DIR;
  const ptau = path.resolve(opts.ptau ?? path.join(dir, ptauFileName(PTAU_POWER_OF[opts.circuit])));
  if (!existsSync(ptau)) {
    throw new Error(`no phase-1 ptau at ${ptau}: pass --ptau <file> (docs/zk.md, "Production setup")`);
  }
  const r1cs = path.join(opts.dir, `${opts.circuit}.r1cs`);
  if (opts.r1cs === undefined) {
    await copyFile((await compileCircuit(opts.circuit, path.join(opts.dir, "build"))).r1cs, r1cs);
  } else {
    await copyFile(opts.r1cs, r1cs);
  }
  const t: Transcript = {
    circuit: opts.circuit,
    ptau,
    ptauSha256: await sha256File(ptau),
    r1csSha256: await sha256File(r1cs),
    contributions: [],
  };
  await snarkjs.zKey.newZKey(r1cs, ptau, path.join(opts.dir, latestZkey(t)), quiet);
  await writeTranscript(opts.dir, t);
  return t;
}

/** Adds one contribution on top of the latest zkey; the entropy never leaves this process. */
export async function contribute(opts: { dir: string; name: string; entropy?: string }) {
  const t = await readTranscript(opts.dir);
  if (t.beacon !== undefined) throw new Error("the ceremony is finalized");
  const prev = path.join(opts.dir, latestZkey(t));
  const index = t.contributions.length + 1;
  const next = zkeyName(t, index);
  await snarkjs.zKey.contribute(
    prev,
    path.join(opts.dir, next),
    opts.name,
    opts.entropy ?? randomBytes(64).toString("hex"),
    quiet,
  );
  t.contributions.push({
    index,
    name: opts.name,
    zkey: next,
    zkeySha256: await sha256File(path.join(opts.dir, next)),
  });
  await writeTranscript(opts.dir, t);
  return t;
}

/** Checks the latest (or final) zkey against the r1cs and ptau: every contribution inside it is replayed. */
export async function verify(opts: { dir: string }): Promise<boolean> {
  const t = await readTranscript(opts.dir);
  const zkey = t.beacon?.zkey ?? latestZkey(t);
  if ((await sha256File(t.ptau)) !== t.ptauSha256) throw new Error(`${t.ptau} changed since init`);
  return snarkjs.zKey.verifyFromR1cs(
    path.join(opts.dir, `${t.circuit}.r1cs`),
    t.ptau,
    path.join(opts.dir, zkey),
    quiet,
  );
}

/** Applies the public beacon, verifies the result and exports its verification key. */
export async function finalize(opts: { dir: string; beacon: string; iterationsExp?: number }) {
  const t = await readTranscript(opts.dir);
  if (t.contributions.length === 0) throw new Error("finalize needs at least one contribution");
  if (!/^[0-9a-fA-F]{64}$/.test(opts.beacon)) throw new Error("the beacon must be 32 bytes of hex");
  const iterationsExp = opts.iterationsExp ?? 10;
  if (!Number.isInteger(iterationsExp) || iterationsExp < 10 || iterationsExp > 63) {
    throw new Error("--iterations (the beacon's 2^n hash iterations) must be 10..63");
  }
  const zkey = `${t.circuit}_final.zkey`;
  const out = path.join(opts.dir, zkey);
  const applied = await snarkjs.zKey.beacon(
    path.join(opts.dir, latestZkey(t)),
    out,
    "final beacon",
    opts.beacon,
    iterationsExp,
    quiet,
  );
  if (applied === false) throw new Error("snarkjs refused the beacon");
  const vkeyPath = path.join(opts.dir, `${t.circuit}.vkey.json`);
  await writeFile(vkeyPath, JSON.stringify(await snarkjs.zKey.exportVerificationKey(out), null, 1) + "\n");
  t.beacon = {
    hex: opts.beacon,
    iterationsExp,
    zkey,
    zkeySha256: await sha256File(out),
    vkeySha256: await sha256File(vkeyPath),
  };
  await writeTranscript(opts.dir, t);
  if (!(await verify({ dir: opts.dir }))) throw new Error("the final zkey does not verify");
  return t;
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: {
      circuit: { type: "string" },
      dir: { type: "string" },
      ptau: { type: "string" },
      name: { type: "string" },
      entropy: { type: "string" },
      beacon: { type: "string" },
      iterations: { type: "string" },
    },
  });
  const dir = values.dir;
  if (dir === undefined) throw new Error("--dir <ceremony folder> is required");
  let t: Transcript | undefined;
  if (command === "init") {
    if (values.circuit === undefined) throw new Error("--circuit <Name> is required");
    t = await init({ circuit: values.circuit as CircuitName, dir, ptau: values.ptau });
  } else if (command === "contribute") {
    if (values.name === undefined) throw new Error("--name <contributor> is required");
    t = await contribute({ dir, name: values.name, entropy: values.entropy });
  } else if (command === "verify") {
    const ok = await verify({ dir });
    console.log(ok ? "ceremony verifies" : "ceremony does NOT verify");
    process.exitCode = ok ? 0 : 1;
  } else if (command === "finalize") {
    if (values.beacon === undefined) throw new Error("--beacon <32-byte hex> is required");
    const iterationsExp = values.iterations === undefined ? undefined : Number(values.iterations);
    t = await finalize({ dir, beacon: values.beacon, iterationsExp });
  } else {
    throw new Error("usage: zk:ceremony -- init|contribute|verify|finalize --dir <folder> ...");
  }
  if (t !== undefined) {
    console.log(JSON.stringify(t, null, 2));
    console.log(`files: ${(await readdir(dir)).join(", ")}`);
  }
  await globalThis.curve_bn128?.terminate();
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
