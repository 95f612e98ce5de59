// The local stack's start-up guard: one base port moves every port, a taken port makes it refuse with one line
// before it writes anything, and bad settings are refused with a reason.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  DEFAULT_BASE_PORT,
  parseBasePort,
  stackLayout,
  stackPort,
  unavailablePorts,
} from "../../services/stack/ports.js";
import { acquireStackLock, lockFile } from "../../services/stack/lock.js";
import { allPorts, freeBasePort, ROOT, run } from "../helpers/stack.js";

const stack = (env: NodeJS.ProcessEnv, args: string[] = []) =>
  run(path.join(ROOT, "scripts", "node22"), ["npx", "tsx", "scripts/stack.ts", ...args], {
    ...process.env,
    ...env,
  });

describe("port map", () => {
  it("keeps the documented default ports and gives every slot its own port", () => {
    expect(parseBasePort(undefined)).toBe(DEFAULT_BASE_PORT);
    expect(["hub", "east", "west"].map((c) => stackPort(8545, c as "hub"))).toEqual([8545, 8546, 8547]);
    expect(stackPort(8545, "relayer")).toBe(8700);
    expect([0, 1, 2].map((i) => stackPort(8545, "validator", i))).toEqual([8701, 8702, 8703]);
    expect(stackPort(8545, "scheduler")).toBe(8710);
    const ports = allPorts(9600).map((p) => p.port);
    expect(new Set(ports).size).toBe(ports.length);
    expect(allPorts(9600).every((p, i) => p.port - 9600 === allPorts(8545)[i]!.port - 8545)).toBe(true);
  });

  it("refuses bad base ports and slots with a reason", () => {
    for (const bad of ["abc", "80", "65535", "8545.5", "-1"]) {
      expect(() => parseBasePort(bad)).toThrow(`SUANLI_STACK_BASE_PORT must be an integer from 1024 to`);
    }
    expect(() => stackPort(8545, "validator", 3)).toThrow("validator has 3 port slot(s), index 3");
  });

  it("reports a port another process listens on", async () => {
    const server = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    const port = (server.address() as net.AddressInfo).port;
    expect(await unavailablePorts([{ name: "x", port }])).toEqual([
      { name: "x", port, reason: "EADDRINUSE" },
    ]);
    await new Promise((r) => server.close(r));
    expect(await unavailablePorts([{ name: "x", port }])).toEqual([]);
  });
});

describe("npm start guard (scripts/stack.ts)", () => {
  const cleanup: string[] = [];
  afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("refuses with one line when any of its ports is taken, leaving the stack's files untouched", async () => {
    const base = await freeBasePort();
    const layout = stackLayout(ROOT, base);
    cleanup.push(layout.dir);
    // The files a running stack on this base would have; the scheduler port (checked last) is held.
    mkdirSync(layout.deploymentsDir, { recursive: true });
    const files = [
      path.join(layout.deploymentsDir, "hub.json"),
      layout.manifest,
      path.join(layout.dir, "relayer.sqlite"),
    ];
    files.forEach((f, i) => writeFileSync(f, `first stack ${i}\n`));
    const before = files.map((f) => statSync(f).mtimeMs);
    const holder = net.createServer().listen(layout.port("scheduler"), "127.0.0.1");
    await new Promise((r) => holder.once("listening", r));
    try {
      const result = await stack({ SUANLI_STACK_BASE_PORT: String(base) });
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${layout.port("scheduler")} (scheduler: EADDRINUSE)`);
      expect(lines[0]).toContain("Set SUANLI_STACK_BASE_PORT to another base");
      expect(files.map((f) => readFileSync(f, "utf8"))).toEqual(files.map((_, i) => `first stack ${i}\n`));
      expect(files.map((f) => statSync(f).mtimeMs)).toEqual(before);
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });

  it("answers --help, and refuses an unknown option or a bad base with one line", async () => {
    const help = await stack({}, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("SUANLI_STACK_BASE_PORT");
    const unknown = await stack({}, ["--bogus"]);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([
      2,
      "error: Unknown option '--bogus' (--help for usage)",
    ]);
    const bad = await stack({ SUANLI_STACK_BASE_PORT: "http" });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'error: SUANLI_STACK_BASE_PORT must be an integer from 1024 to 65331, got "http" (--help for usage)',
    );
  });

  it("refuses while another start on the same base holds the lock, before writing", async () => {
    const base = await freeBasePort();
    const layout = stackLayout(ROOT, base);
    cleanup.push(layout.dir, lockFile(layout));
    mkdirSync(layout.dir, { recursive: true });
    writeFileSync(layout.manifest, "first stack\n");
    writeFileSync(lockFile(layout), `${process.pid}\n`); // this test process is alive: a start in progress
    const result = await stack({ SUANLI_STACK_BASE_PORT: String(base) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      `stack: not started, another stack on base ${base} is starting or running (pid ${process.pid}, ` +
        `${lockFile(layout)}). Nothing was changed in ${path.relative(ROOT, layout.dir)}.`,
    ]);
    expect(readFileSync(layout.manifest, "utf8")).toBe("first stack\n");
  });
});

describe("stack lock", () => {
  it("is taken once, taken over from a process that is gone, and released by its holder", () => {
    const layout = stackLayout(ROOT, 1_024 + Math.floor(Math.random() * 1_000));
    const file = lockFile(layout);
    rmSync(file, { force: true });
    try {
      const release = acquireStackLock(layout);
      expect(readFileSync(file, "utf8")).toBe(`${process.pid}\n`);
      expect(() => acquireStackLock(layout)).toThrow(`is starting or running (pid ${process.pid}`);
      release();
      expect(existsSync(file)).toBe(false);
      const gone = spawnSync(process.execPath, ["-e", ""]).pid; // exited before we look
      writeFileSync(file, `${gone}\n`);
      acquireStackLock(layout)();
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
