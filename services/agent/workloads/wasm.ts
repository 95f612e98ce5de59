/**
 * WebAssembly workload: a module (given by its content commitment) runs in a worker thread with a memory cap
 * and a wall-clock limit. The guest sees no host function at all: its only import is `env.memory`, created
 * here with `maximum` = the cap, so it has no clock, no randomness and no I/O, and a run is a pure function of
 * (module, input). ABI: the host writes the input at offset 0 of the memory and calls `run(len) -> outLen`;
 * the output is memory[0, outLen). A module with any other import is refused before it runs.
 *
 * Exceeding the wall-clock limit terminates the worker; `memory.grow` past the cap returns -1 (a module that
 * then traps or loops ends by the trap or the wall clock; the failure's detail gives the pages in use and the cap). Either way the result is a failure the agent turns
 * into a failure receipt, and the agent's own thread never runs guest code.
 */
import { Worker } from "node:worker_threads";

export interface WasmLimits {
  memoryMb: number;
  wallMs: number;
}

export type WasmResult =
  | { status: "ok"; output: Uint8Array }
  | { status: "failed"; reason: "timeout" | "memory" | "trap" | "invalid"; detail: string };

const PAGE = 65_536;

/** The worker's whole program (plain JavaScript, so it runs the same under tsx, vitest and node). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { moduleBytes, input, maxPages } = workerData;
try {
  const mod = new WebAssembly.Module(moduleBytes);
  const imports = WebAssembly.Module.imports(mod);
  const bad = imports.find((i) => !(i.module === "env" && i.name === "memory" && i.kind === "memory"));
  if (bad) throw Object.assign(new Error("import " + bad.module + "." + bad.name + " is not allowed"), { invalid: true });
  const exp = WebAssembly.Module.exports(mod);
  if (!exp.some((e) => e.name === "run" && e.kind === "function")) {
    throw Object.assign(new Error("module does not export run"), { invalid: true });
  }
  const needPages = Math.ceil(input.length / ${PAGE}) || 1;
  if (needPages > maxPages) throw Object.assign(new Error("input larger than the memory cap"), { memory: true });
  const memory = new WebAssembly.Memory({ initial: needPages, maximum: maxPages });
  new Uint8Array(memory.buffer).set(input, 0);
  const instance = new WebAssembly.Instance(mod, { env: { memory } });
  let outLen;
  try {
    outLen = instance.exports.run(input.length) >>> 0;
  } catch (e) {
    const pages = memory.buffer.byteLength / ${PAGE};
    const msg = String(e && e.message || e) + " (memory " + pages + " of " + maxPages + " pages)";
    throw Object.assign(new Error(msg), { memory: e instanceof RangeError });
  }
  if (outLen > memory.buffer.byteLength) throw Object.assign(new Error("output length past the memory"), { trap: true });
  parentPort.postMessage({ ok: true, output: new Uint8Array(memory.buffer.slice(0, outLen)) });
} catch (e) {
  const reason = e.invalid ? "invalid" : e.memory ? "memory" : e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError ? "invalid" : "trap";
  parentPort.postMessage({ ok: false, reason, detail: String(e && e.message || e) });
}
`;

/** Runs `run(len)` of `moduleBytes` over `input` within `limits`. Never throws for guest misbehaviour. */
export function runWasm(moduleBytes: Uint8Array, input: Uint8Array, limits: WasmLimits): Promise<WasmResult> {
  const maxPages = Math.max(1, Math.floor((limits.memoryMb * 1024 * 1024) / PAGE));
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: WasmResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { moduleBytes, input, maxPages },
      // The guest's linear memory is capped by `maxPages`; these cap the worker's own JavaScript heap.
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16, codeRangeSizeMb: 16 },
    });
    const timer = setTimeout(
      () => finish({ status: "failed", reason: "timeout", detail: `wall-clock limit ${limits.wallMs} ms` }),
      limits.wallMs,
    );
    worker.once("message", (m: { ok: boolean; output?: Uint8Array; reason?: string; detail?: string }) => {
      if (m.ok) finish({ status: "ok", output: new Uint8Array(m.output!) });
      else {
        finish({
          status: "failed",
          reason: (m.reason ?? "trap") as "memory" | "trap" | "invalid",
          detail: m.detail ?? "",
        });
      }
    });
    worker.once("error", (e) =>
      finish({ status: "failed", reason: /memory/i.test(e.message) ? "memory" : "trap", detail: e.message }),
    );
    worker.once("exit", (code) =>
      finish({ status: "failed", reason: "trap", detail: `worker exited ${code}` }),
    );
  });
}
