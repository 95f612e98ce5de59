// The multi-party phase-2 ceremony (`npm run zk:ceremony`) on the smallest circuit, JobReceipt: three
// contributors and a beacon, then the transcript checked with the snarkjs CLI (`snarkjs zkey verify`) and the
// resulting key used to prove and verify a receipt.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import * as snarkjs from "snarkjs";
import { afterAll, describe, expect, it } from "vitest";
import { contribute, finalize, init, verify } from "../../scripts/zk/ceremony.js";
import { ARTIFACTS_DIR, DEFAULT_PTAU_DIR, ROOT } from "../../scripts/zk/circuits.js";
import { generateDevPtau } from "../../scripts/zk/ptau.js";
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

/**
 * The phase-1 file: the development pot14 when one is at hand ($SUANLI_PTAU_DIR or .zk/ptau/), else a
 * development 2^11 made here (JobReceipt has 1,171 constraints + 4 public inputs; about a minute).
 */
async function phase1(): Promise<string> {
  for (const d of [process.env.SUANLI_PTAU_DIR, DEFAULT_PTAU_DIR]) {
    if (d !== undefined && existsSync(path.join(d, "pot14_final.ptau")))
      return path.join(d, "pot14_final.ptau");
  }
  const file = path.join(dir, "pot11_final.ptau");
  await generateDevPtau(11, file, () => {});
  return file;
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
