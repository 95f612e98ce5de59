// zk:setup from the repository alone: the development powers of tau it makes when none is given (here at 2^8,
// seconds instead of the circuits' 2^14/2^16), the header check on a given ptau, and its one-line refusals.
// Never runs the Groth16 setup itself: that would rewrite the committed artifacts.
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as snarkjs from "snarkjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MANIFEST_PATH } from "../../scripts/zk/circuits.js";
import { generateDevPtau, readPtauInfo } from "../../scripts/zk/ptau.js";
import { ROOT, run } from "../helpers/stack.js";

const zkSetup = (args: string[]) =>
  run(path.join(ROOT, "scripts", "node22"), ["npx", "tsx", "scripts/zk/setup.ts", ...args], process.env);

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "suanli-ptau-test-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await globalThis.curve_bn128?.terminate();
});

describe("development powers of tau", () => {
  it("generates a valid ptau prepared for phase 2, reporting progress", async () => {
    const file = path.join(work, "pot8_final.ptau");
    const messages: string[] = [];
    await generateDevPtau(8, file, (m) => messages.push(m));
    expect(await readPtauInfo(file)).toEqual({ power: 8, preparedForPhase2: true });
    expect(await snarkjs.powersOfTau.verify(file)).toBe(true);
    expect(messages[0]).toBe("new bn128 accumulator of 2^8");
    expect(messages.some((m) => m.startsWith("preparing phase 2"))).toBe(true);
    expect(messages.at(-1)).toContain(`wrote ${file}`);
  });

  it("tells an unprepared ptau and a file that is not a ptau", async () => {
    const raw = path.join(work, "raw.ptau");
    await snarkjs.powersOfTau.newAccumulator(await snarkjs.curves.getCurveFromName("bn128"), 4, raw);
    expect(await readPtauInfo(raw)).toEqual({ power: 4, preparedForPhase2: false });
    await expect(readPtauInfo(path.join(ROOT, "package.json"))).rejects.toThrow("not a powers-of-tau file");
    await expect(readPtauInfo(path.join(work, "missing.ptau"))).rejects.toThrow("no such file");
    await expect(generateDevPtau(0, path.join(work, "x.ptau"), () => {})).rejects.toThrow(
      "ptau power must be an integer from 1 to 28, got 0",
    );
  });
});

describe("npm run zk:setup", () => {
  it("refuses a ptau too small or unprepared, bad names and options, with one line, before writing", async () => {
    const manifestBefore = (await stat(MANIFEST_PATH)).mtimeMs;
    const cases: [string[], string][] = [
      [
        ["--ptau", path.join(work, "pot8_final.ptau"), "JobReceipt"],
        "has power 8; JobReceipt needs at least 14",
      ],
      [["--ptau", path.join(work, "raw.ptau"), "JobReceipt"], "is not prepared for phase 2"],
      [["Nope"], 'unknown circuit "Nope"'],
      [["--ptau", "a", "--ptau-dir", "b"], "give --ptau or --ptau-dir, not both"],
      [["--ptau"], "Option '--ptau <value>' argument missing"],
      [["--bogus"], "Unknown option '--bogus'"],
    ];
    const results = await Promise.all(cases.map(([args]) => zkSetup(args)));
    for (const [i, [args, reason]] of cases.entries()) {
      const result = results[i]!;
      expect(result.code, args.join(" ")).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines, args.join(" ")).toHaveLength(1);
      expect(lines[0]).toContain(reason);
    }
    expect((await stat(MANIFEST_PATH)).mtimeMs).toBe(manifestBefore);
  });

  it("answers --help with where the ptau comes from", async () => {
    const help = await zkSetup(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--ptau FILE");
    expect(help.stdout).toContain("DEVELOPMENT ptau");
  });
});
