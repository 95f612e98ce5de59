// Hostile WebAssembly modules for the agent tests.
import { assembleRun } from "../../services/agent/workloads/wasm-samples.js";

/** `loop br 0 end`: never returns. */
export const LOOP_FOREVER = assembleRun([0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00]);
/** `loop (if (memory.grow 16) == -1 then unreachable) br 0 end`: allocates until refused, then traps. */
export const GROW_FOREVER = assembleRun([
  0x03, 0x40, 0x41, 0x10, 0x40, 0x00, 0x41, 0x7f, 0x46, 0x04, 0x40, 0x00, 0x0b, 0x0c, 0x00, 0x0b, 0x41, 0x00,
]);
