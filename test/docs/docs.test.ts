/**
 * Every shell block of README.md and docs/*.md, run verbatim as a user would run it, against a local stack this
 * test starts itself with `./scripts/dev.sh start` on a free base port. The rules (skip marker, stack start
 * lines, port moves) are in test/docs/blocks.ts. Blocks run with the system PATH (the Node 22 this test runs
 * under is taken off it), so a block that only works under Node 22 fails here on a machine whose Node is 20.
 * Runs apart from the other suites (`npm run test:docs`, last step of `npm test`): it builds and starts a stack.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stackLayout, type StackLayout } from "../../services/stack/ports.js";
import { freeBasePort, ROOT } from "../helpers/stack.js";
import { documentationBlocks, prepareBlock } from "./blocks.js";

/** Time one block may take (the slowest today, `npm run bench:gas -- --help`, builds first: ~10 s). */
const BLOCK_TIMEOUT_MS = 240_000;
const STACK_START_TIMEOUT_MS = 480_000;

const DOCS = [
  "README.md",
  ...readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];
const blocks = documentationBlocks(ROOT, DOCS);

/** A user's shell: the system PATH (no .tools Node 22, no npm-run additions), no npm/vitest variables. */
function userEnv(base: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|VITEST|NODE_OPTIONS$|NODE_ENV$|TSX_)/.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter(
      (dir) =>
        !dir.includes(`${path.sep}.tools${path.sep}`) && !/node_modules[/\\](\.bin|.*node-gyp-bin)/.test(dir),
    )
    .join(path.delimiter);
  env.SUANLI_STACK_BASE_PORT = String(base);
  return env;
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  output: string;
}

/** Runs `bash -e -o pipefail -c script` in its own process group; on timeout the whole group is killed. */
function runShell(script: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-e", "-o", "pipefail", "-c", script], { cwd: ROOT, env, detached: true });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid!, "SIGKILL");
    }, timeoutMs);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, output });
    });
  });
}

let base: number;
let layout: StackLayout;
let env: NodeJS.ProcessEnv;
let stackPid: number | undefined;
let stackOutput = "";
let stackExit: Promise<void> | undefined;

beforeAll(async () => {
  base = await freeBasePort();
  layout = stackLayout(ROOT, base);
  env = userEnv(base);
  const stack = spawn("./scripts/dev.sh", ["start"], {
    cwd: ROOT,
    env: { ...env, LOG_LEVEL: "warn" },
    detached: true,
  });
  stackPid = stack.pid;
  stack.stdout.on("data", (d: Buffer) => (stackOutput += d.toString()));
  stack.stderr.on("data", (d: Buffer) => (stackOutput += d.toString()));
  let exited = false;
  stackExit = new Promise((resolve) => stack.once("close", () => ((exited = true), resolve())));
  for (const started = Date.now(); !existsSync(layout.manifest);) {
    if (exited || Date.now() - started > STACK_START_TIMEOUT_MS) {
      throw new Error(
        `./scripts/dev.sh start did not bring the stack up on base ${base}:\n${stackOutput.slice(-4000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}, STACK_START_TIMEOUT_MS + 10_000);

afterAll(async () => {
  if (stackPid !== undefined) {
    process.kill(-stackPid, "SIGINT");
    const killed = setTimeout(() => process.kill(-stackPid!, "SIGKILL"), 30_000);
    await stackExit;
    clearTimeout(killed);
  }
  if (layout) rmSync(layout.dir, { recursive: true, force: true });
}, 60_000);

describe("the stack the blocks run against", () => {
  it("`./scripts/dev.sh start` (hence `npm start`) serves every chain and service", async () => {
    const manifest = JSON.parse(readFileSync(layout.manifest, "utf8")) as {
      chains: Record<string, string>;
      services: { relayer: string; validators: string[]; scheduler: string };
    };
    expect(manifest.chains.hub).toBe(layout.url("hub"));
    for (const url of Object.values(manifest.chains)) {
      const reply = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      expect(reply.ok, url).toBe(true);
    }
    const services = [
      manifest.services.relayer,
      ...manifest.services.validators,
      manifest.services.scheduler,
    ];
    expect(services).toContain(layout.url("scheduler"));
    for (const url of services) {
      expect((await fetch(`${url}/health`)).status, url).toBe(200);
      expect(await (await fetch(`${url}/metrics`)).text(), url).toContain("# HELP");
    }
  });

  it("a second `npm start` on the same base refuses with one line and leaves the running stack's files alone", async () => {
    const files = [
      layout.manifest,
      ...["hub", "east", "west"].map((c) => path.join(layout.deploymentsDir, `${c}.json`)),
    ];
    const before = files.map((f) => readFileSync(f, "utf8"));
    const second = await runShell("npm start", env, BLOCK_TIMEOUT_MS);
    expect(second.code).toBe(1);
    const refusal = second.output.split("\n").filter((l) => l.startsWith("stack: "));
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toContain(`is a stack already running on base ${base}?`);
    expect(files.map((f) => readFileSync(f, "utf8"))).toEqual(before);
    expect((await fetch(`${layout.url("scheduler")}/health`)).status).toBe(200);
  });
});

describe("shell blocks of README.md and docs/*.md", () => {
  it("finds blocks in the README", () => {
    expect(blocks.filter((b) => b.file === "README.md").length).toBeGreaterThan(0);
  });

  for (const block of blocks) {
    const name = `${block.file}:${block.line}`;
    if (block.skip !== undefined) {
      it.skip(`${name} (skipped: ${block.skip})`, () => {});
      continue;
    }
    it(
      name,
      async () => {
        if (block.markerError) throw new Error(`${name}: ${block.markerError}`);
        const outcome = await runShell(prepareBlock(block.text, base), env, BLOCK_TIMEOUT_MS);
        if (outcome.code !== 0) {
          const why = outcome.timedOut
            ? `timed out after ${BLOCK_TIMEOUT_MS / 1000} s`
            : `exited with ${outcome.code ?? outcome.signal}`;
          throw new Error(
            `${name}: the block ${why}\n--- block ---\n${block.text}\n--- output (last 4000 characters) ---\n` +
              outcome.output.slice(-4000),
          );
        }
      },
      BLOCK_TIMEOUT_MS + 10_000,
    );
  }
});
