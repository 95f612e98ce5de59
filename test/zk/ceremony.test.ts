// The multi-party phase-2 ceremony (`npm run zk:ceremony`) on the smallest circuit, JobReceipt: three
// contributors and a beacon, then the transcript checked with the snarkjs CLI (`snarkjs zkey verify`) and the
// resulting key used to prove and verify a receipt. Phase 1 is the committed test-only 2^11 powers of tau
// (test/zk/fixtures/pot11_test.ptau, docs/zk.md "Test fixture"): never made in CI.
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import * as snarkjs from "snarkjs";
import { afterAll, describe, expect, it } from "vitest";
import { contribute, finalize, init, verify } from "../../scripts/zk/ceremony.js";
import { ARTIFACTS_DIR, ROOT, sha256File } from "../../scripts/zk/circuits.js";
import { readPtauInfo } from "../../scripts/zk/ptau.js";
import { jobReceiptInput, releaseProver } from "../../services/zk/index.js";
import { receipt } from "./fixtures.js";

const run = promisify(execFile);
const dir = await mkdtemp(path.join(tmpdir(), "suanli-ceremony-"));
afterAll(async () => {
  await releaseProver();
  await rm(dir, { recursive: true, force: true });
});

const BEACON = "0000000000000000000000000000000000000000000000000000000000000000".replace(
  /^0{8}/,
  "5375616e",
);
const snarkjsCli = (...args: string[]) =>
  run(process.execPath, [path.join(ROOT, "node_modules/snarkjs/build/cli.cjs"), ...args]);

/** Made once with the snarkjs CLI (docs/zk.md, "Test fixture"); its hash pins the bytes the test relies on. */
const PHASE1 = path.join(import.meta.dirname, "fixtures", "pot11_test.ptau");
const PHASE1_SHA256 = "d28ba476598c46a01d23205e9c4c4f055283f4108d5d02c1e997d0c8f832fb12";

/** The committed phase-1 file, checked: its SHA-256, power 11 (JobReceipt: 1,171 constraints + 4 public
 * inputs) and prepared for phase 2. */
async function phase1(): Promise<string> {
  expect(await sha256File(PHASE1), `${PHASE1} is not the committed fixture`).toBe(PHASE1_SHA256);
  expect(await readPtauInfo(PHASE1)).toEqual({ power: 11, preparedForPhase2: true });
  return PHASE1;
}

describe("zk:ceremony (phase 2, three contributors and a beacon)", () => {
  it(
    "runs init, three contributions, finalize; snarkjs zkey verify accepts the transcript",
    { timeout: 600_000 },
    async () => {
      const started = await init({ circuit: "JobReceipt", dir, ptau: await phase1() });
      expect(started.contributions).toEqual([]);
      for (const name of ["alice", "bob", "carol"]) await contribute({ dir, name });
      expect(await verify({ dir })).toBe(true);
      const t = await finalize({ dir, beacon: BEACON });
      expect(t.contributions.map((c) => c.name)).toEqual(["alice", "bob", "carol"]);
      expect(t.beacon?.zkey).toBe("JobReceipt_final.zkey");
      expect(JSON.parse(await readFile(path.join(dir, "transcript.json"), "utf8"))).toEqual(t);

      // The independent check anyone can run: the snarkjs CLI replays every contribution in the final zkey.
      const final = path.join(dir, "JobReceipt_final.zkey");
      const { stdout } = await snarkjsCli("zkey", "verify", path.join(dir, "JobReceipt.r1cs"), t.ptau, final);
      expect(stdout).toContain("ZKey Ok!");
      for (const name of ["alice", "bob", "carol"]) expect(stdout).toContain(name);

      // The ceremony's key proves a real receipt (with the committed wasm of the same circuit).
      const wasm = path.join(ARTIFACTS_DIR, "JobReceipt/JobReceipt.wasm");
      const { proof, publicSignals } = await snarkjs.groth16.fullProve(
        jobReceiptInput(receipt()),
        wasm,
        final,
      );
      const vkey = JSON.parse(
        await readFile(path.join(dir, "JobReceipt.vkey.json"), "utf8"),
      ) as snarkjs.VerificationKey;
      expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).toBe(true);

      // A zkey with a corrupted contribution is caught by the same check.
      const bad = path.join(dir, "tampered.zkey");
      await copyFile(final, bad);
      const bytes = await readFile(bad);
      bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
      await writeFile(bad, bytes);
      await expect(
        snarkjsCli("zkey", "verify", path.join(dir, "JobReceipt.r1cs"), t.ptau, bad),
      ).rejects.toThrow();
    },
  );

  it("refuses a finalize without a valid beacon and a contribution after the beacon", async () => {
    await expect(finalize({ dir, beacon: "abc" })).rejects.toThrow(/beacon must be 32 bytes/);
    await expect(finalize({ dir, beacon: BEACON, iterationsExp: 4 })).rejects.toThrow(/must be 10..63/);
    await expect(contribute({ dir, name: "late" })).rejects.toThrow(/finalized/);
  });
});
