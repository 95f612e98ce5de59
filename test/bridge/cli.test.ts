import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { HttpSignatureSource } from "../../services/relayer/adapters/validators.js";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs a TypeScript entry point as a user would (`npx tsx …`), returning its exit code and output. */
async function tsx(entry: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", entry, ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("relay CLI and bench:relay command lines", () => {
  it("answers --help with examples and rejects bad options with one line", async () => {
    const help = await tsx("services/relayer/cli.ts", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/examples:/);
    expect(help.stdout).toMatch(/relay <messageId>/);
    for (const [args, reason] of [
      [["status", "--bogus"], /Unknown option '--bogus'/],
      [["relay", "0x1234"], /message id "0x1234": expected 0x \+ 64 hex digits/],
      [["retry"], /retry needs a message id/],
      [["launch"], /unknown command "launch"/],
      [["status", "--network", "../etc"], /--network "..\/etc"/],
    ] as const) {
      const result = await tsx("services/relayer/cli.ts", [...args]);
      expect(result.code, args.join(" ")).toBe(64);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(reason);
    }
  });

  it("bench:relay answers --help and rejects bad values before starting anything", async () => {
    const help = await tsx("scripts/bench/relay.ts", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/examples:/);
    for (const [args, reason] of [
      [["--rate", "abc"], /--rate "abc": expected an integer 1..1000/],
      [["--lanes", "hub-mars"], /--lanes "hub-mars"/],
      [["--block-ms", "1500"], /whole seconds/],
    ] as const) {
      const result = await tsx("scripts/bench/relay.ts", [...args]);
      expect(result.code).toBe(64);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(reason);
    }
  });

  it("stops waiting for a hung validator endpoint after one timeout and probes it in the background", async () => {
    let hungRequests = 0;
    const pending = new Set<http.ServerResponse>();
    const hung = http.createServer((_req, res) => {
      hungRequests++;
      pending.add(res);
    });
    const honest = http.createServer((req, res) => {
      const ids = new URL(req.url ?? "/", "http://x").searchParams.get("ids")!.split(",");
      res.end(
        JSON.stringify({
          validator: "0x01",
          signatures: ids.map((messageId) => ({ messageId, signature: "0x02" })),
        }),
      );
    });
    await Promise.all([hung, honest].map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r))));
    const url = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    let now = 0;
    const source = new HttpSignatureSource([url(hung), url(honest)], 200, () => now);
    const id = `0x${"ab".repeat(32)}`;
    try {
      expect((await source.fetch([id])).get(id)).toHaveLength(1); // waited one timeout for the hung one
      expect(source.status().find((e) => e.url === url(hung))?.healthy).toBe(false);
      // While degraded and before its probe time, the hung endpoint is not asked at all.
      for (let i = 0; i < 5; i++) expect((await source.fetch([id])).get(id)).toHaveLength(1);
      expect(hungRequests).toBe(1);
      now += 60_000; // its probe is due: one background request, not awaited by the fetch
      expect((await source.fetch([id])).get(id)).toHaveLength(1);
      expect(hungRequests).toBe(2);
    } finally {
      for (const res of pending) res.destroy();
      await Promise.all([hung, honest].map((s) => new Promise((r) => s.close(r))));
    }
  });
});
