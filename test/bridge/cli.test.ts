import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { HttpSignatureSource } from "../../services/relayer/adapters/validators.js";
import { chainsFromDeployments } from "../../services/relayer/deployments.js";
import { waitFor } from "./harness.js";

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

  it("reads the bridge chains from deployment records, URLs from the record, env or the local stack's ports", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "suanli-records-"));
    const record = (name: string, chainId: number, extra: object = {}) =>
      writeFileSync(
        path.join(dir, `${name}.json`),
        JSON.stringify({
          name,
          chainId,
          mailbox: `0x${"11".repeat(20)}`,
          ism: `0x${"22".repeat(20)}`,
          bridgeFromBlock: 7,
          ...extra,
        }),
      );
    record("west", 31_339, { validatorAnnounce: `0x${"33".repeat(20)}` });
    record("hub", 31_337);
    record("east", 31_338, { rpcUrl: "http://127.0.0.1:7001" });
    writeFileSync(path.join(dir, "notes.json"), JSON.stringify({ name: "no bridge here" }));
    const chains = chainsFromDeployments(dir, "local", {
      SUANLI_STACK_BASE_PORT: "9000",
      SUANLI_HUB_RPC_URL: "http://127.0.0.1:7000",
    });
    expect(chains.map((c) => [c.name, c.domain, c.rpcUrl, c.fromBlock])).toEqual([
      ["hub", 31_337, "http://127.0.0.1:7000", 7],
      ["east", 31_338, "http://127.0.0.1:7001", 7],
      ["west", 31_339, "http://127.0.0.1:9002", 7],
    ]);
    expect(chains[2]!.validatorAnnounce).toBe(`0x${"33".repeat(20)}`);
    expect(() => chainsFromDeployments(dir, "sepolia", {})).toThrow(
      /no JSON-RPC URL for hub: set SUANLI_HUB_RPC_URL/,
    );
    expect(() => chainsFromDeployments(path.join(dir, "missing"), "local", {})).toThrow(
      /no deployment records/,
    );
  });

  it("stops waiting for a hung validator endpoint after one timeout", async () => {
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
    const source = new HttpSignatureSource([url(hung), url(honest)], 2_000);
    const id = `0x${"ab".repeat(32)}`;
    try {
      expect((await source.fetch([id])).get(id)).toHaveLength(1); // waited one timeout for the hung one
      expect(source.status().find((e) => e.url === url(hung))?.healthy).toBe(false);
      // From now on it is not waited for, and no second request piles up behind the hung one.
      for (let i = 0; i < 5; i++) expect((await source.fetch([id])).get(id)).toHaveLength(1);
      expect(hungRequests).toBe(1);
      expect(source.status().find((e) => e.url === url(hung))?.healthy).toBe(false);
    } finally {
      for (const res of pending) res.destroy();
      await Promise.all([hung, honest].map((s) => new Promise((r) => s.close(r))));
    }
  });
  it("returns once every id has a quorum, without waiting for a slower validator; its answer still lands", async () => {
    const requests = [0, 0, 0];
    const held: (() => void)[] = [];
    const servers = ["0x01", "0x02", "0x03"].map((validator, i) =>
      http.createServer((req, res) => {
        requests[i]!++;
        const ids = new URL(req.url ?? "/", "http://x").searchParams.get("ids")!.split(",");
        const body = JSON.stringify({
          validator,
          signatures: ids.map((messageId) => ({ messageId, signature: "0x02" })),
        });
        if (i === 2)
          held.push(() => res.end(body)); // the third answers only when released
        else res.end(body);
      }),
    );
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.listen(0, "127.0.0.1", r))));
    const urls = servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`);
    const source = new HttpSignatureSource(urls, 60_000);
    const id = `0x${"cd".repeat(32)}`;
    const twoSigners = (_: string, offered: { validator: string }[]) =>
      new Set(offered.map((a) => a.validator)).size >= 2;
    const signers = async () =>
      (await source.fetch([id], twoSigners))
        .get(id)!
        .map((a) => a.validator)
        .sort();
    try {
      // All three were asked; the step ended with two answers, the third still held and not timed out (60 s).
      expect(await signers()).toEqual(["0x01", "0x02"]);
      expect(requests).toEqual([1, 1, 1]);
      expect(held).toHaveLength(1);
      expect(source.status().every((e) => e.healthy)).toBe(true);
      // Its late answer lands in its cache; steps with a cached quorum ask no one again.
      held[0]!();
      await waitFor(async () => (await signers()).length === 3, 5_000, "the late answer");
      expect(await signers()).toEqual(["0x01", "0x02", "0x03"]);
      expect(requests).toEqual([1, 1, 1]);
    } finally {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    }
  });
});
