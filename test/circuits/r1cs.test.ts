// The committed artifacts must belong to the circuits in the tree: recompile each circuit and compare
// the r1cs hash with circuits/artifacts/manifest.json (CI never regenerates keys; see `npm run zk:setup`).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  ARTIFACTS_DIR,
  CIRCUIT_NAMES,
  compileCircuit,
  readManifest,
  sha256File,
  VERIFIERS_DIR,
} from "../../scripts/zk/circuits.js";

const work = await mkdtemp(path.join(tmpdir(), "suanli-r1cs-check-"));
afterAll(() => rm(work, { recursive: true, force: true }));

describe("committed circuit artifacts", async () => {
  const manifest = await readManifest();

  it.each(CIRCUIT_NAMES)(
    "%s compiles to the r1cs recorded in the manifest",
    { timeout: 300_000 },
    async (name) => {
      const { r1cs } = await compileCircuit(name, path.join(work, name));
      expect(await sha256File(r1cs), `${name}: circuit changed; run npm run zk:setup -- ${name}`).toBe(
        manifest.circuits[name].r1csSha256,
      );
    },
  );

  it.each(CIRCUIT_NAMES)("%s artifacts match their recorded sha256", async (name) => {
    const e = manifest.circuits[name];
    const dir = path.join(ARTIFACTS_DIR, name);
    expect(await sha256File(path.join(dir, `${name}.wasm`))).toBe(e.wasmSha256);
    expect(await sha256File(path.join(dir, `${name}.zkey`))).toBe(e.zkeySha256);
    expect(await sha256File(path.join(dir, `${name}.vkey.json`))).toBe(e.vkeySha256);
    expect(await sha256File(path.join(VERIFIERS_DIR, `${name}Verifier.sol`))).toBe(e.verifierSha256);
    expect(e.constraints).toBeLessThanOrEqual(2 ** 16);
  });
});
