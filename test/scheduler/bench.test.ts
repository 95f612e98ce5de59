import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Runs `npm run bench:sched -- <args>` the way the script is run (Node with tsx), without npm's banner. */
function bench(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/bench/sched.ts", ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("bench:sched options", () => {
  it("--help prints the usage and exits without running", () => {
    const r = bench("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run bench:sched -- \[options\]/);
    expect(r.stdout).not.toMatch(/^policy +served/m);
  });

  it.each([
    [["--load", "abc"], /--load must be numbers in \(0, 2\]/],
    [["--colour", "red"], /Unknown option '--colour'/],
  ])("rejects %j with a one-line reason naming the option", (args, reason) => {
    const r = bench(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
  });
});
