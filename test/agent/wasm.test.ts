import { describe, expect, it } from "vitest";
import { runWasm } from "../../services/agent/workloads/wasm.js";
import { fnvModule, fnvReference } from "../../services/agent/workloads/wasm-samples.js";
import { GROW_FOREVER, LOOP_FOREVER } from "./hostile.js";

const input = Buffer.from("the quick brown fox jumps over the lazy dog", "utf8");
const limits = { memoryMb: 8, wallMs: 1_000 };

describe("WebAssembly workload", () => {
  it("runs a module to the reference output, deterministically", async () => {
    const a = await runWasm(fnvModule(), input, limits);
    const b = await runWasm(fnvModule(), input, limits);
    expect(a).toEqual({ status: "ok", output: fnvReference(input) });
    expect(b).toEqual(a);
  });

  it("ends an infinite loop at the wall-clock limit", async () => {
    const started = Date.now();
    const r = await runWasm(LOOP_FOREVER, input, { memoryMb: 8, wallMs: 300 });
    expect(r).toMatchObject({ status: "failed", reason: "timeout" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses memory past the cap: the module traps with the pages in use", async () => {
    const r = await runWasm(GROW_FOREVER, input, limits);
    expect(r.status).toBe("failed");
    if (r.status === "failed") {
      expect(r.reason).toBe("trap");
      expect(r.detail).toMatch(/unreachable \(memory \d+ of 128 pages\)/);
      expect(Number(/memory (\d+) of/.exec(r.detail)![1])).toBeGreaterThan(128 - 16);
    }
  });

  it("refuses a module that imports anything but env.memory (no clock, no randomness)", async () => {
    const withClock = Buffer.from(fnvModule());
    // Rename the import field "memory" to "memorx": an import the sandbox does not provide.
    const at = withClock.indexOf(Buffer.from("memory"));
    withClock[at + 5] = "x".charCodeAt(0);
    const r = await runWasm(withClock, input, limits);
    expect(r).toMatchObject({ status: "failed", reason: "invalid" });
    expect(await runWasm(Buffer.from("not wasm"), input, limits)).toMatchObject({
      status: "failed",
      reason: "invalid",
    });
  });

  it("refuses an input larger than the memory cap", async () => {
    const r = await runWasm(fnvModule(), new Uint8Array(2 * 1024 * 1024), { memoryMb: 1, wallMs: 1_000 });
    expect(r).toMatchObject({ status: "failed", reason: "memory" });
  });
});
