// Every service main and the API/agent benchmarks answer --help and refuse a bad argument or value in one line,
// before they touch a chain (issue 16: every CLI and bench script).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, run } from "../helpers/stack.js";

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const env = { ...process.env, LOG_LEVEL: "silent" };
const SERVICES = ["scheduler", "api", "agent", "coordinator", "validator", "relayer"];

describe("services and benchmarks on the command line", () => {
  it.each(SERVICES)("services/%s/main.ts answers --help and refuses an argument", async (name) => {
    const main = `services/${name}/main.ts`;
    const help = await run(TSX, [main, "--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: /);
    expect(help.stdout).toContain("environment variables");
    const bad = await run(TSX, [main, "--port", "1"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      'error: unexpected argument "--port": this service takes no arguments, only environment variables (--help)',
    );
  });

  it.each([
    ["scripts/bench/api.ts", "BENCH_JOBS", "abc", "BENCH_JOBS must be an integer from 1 to 1000000"],
    ["scripts/bench/agent.ts", "BENCH_AGENT_JOBS", "0", "BENCH_AGENT_JOBS must be an integer from 1 to 100"],
  ])("%s answers --help and refuses %s=%s in one line", async (script, variable, value, reason) => {
    const help = await run(TSX, [script, "--help"], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(variable);
    const bad = await run(TSX, [script], { ...env, [variable]: value });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain(reason);
  });

  // One lookup of the running stack (scripts/args.ts runningStackLayout) behind the scripts that talk to it.
  it.each(["scripts/demo.ts", "scripts/demo-gov.ts", "scripts/buyer-quickstart.ts"])(
    "%s refuses a bad SUANLI_STACK_BASE_PORT in one line",
    async (script) => {
      const bad = await run(TSX, [script], { ...env, SUANLI_STACK_BASE_PORT: "http" });
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim()).toBe(
        'error: SUANLI_STACK_BASE_PORT must be an integer from 1024 to 65331, got "http" (--help for usage)',
      );
    },
  );
});
