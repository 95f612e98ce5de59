import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  MAX_BASE_PORT,
  PORT_SLOTS,
  type StackService,
  stackPort,
  unavailablePorts,
} from "../../services/stack/ports.js";

export const ROOT = path.join(import.meta.dirname, "..", "..");

/** Every port of every slot of the stack on `base`. */
export function allPorts(base: number) {
  return (Object.keys(PORT_SLOTS) as StackService[]).flatMap((service) =>
    Array.from({ length: PORT_SLOTS[service].count }, (_, i) => ({
      name: `${service}-${i}`,
      port: stackPort(base, service, i),
    })),
  );
}

/** Where the kernel starts handing out ephemeral ports (Linux; 32768 where it cannot be read). */
function ephemeralPortStart(): number {
  try {
    return (
      Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || 32_768
    );
  } catch {
    return 32_768;
  }
}

/**
 * A random base whose whole port map is free right now and lies below the ephemeral range, so the sockets
 * other tests (and this one's clients) open on port 0 never take a stack port while it starts; the stack's own
 * check still guards the race with other programs.
 */
export async function freeBasePort(): Promise<number> {
  const highest = Math.max(...allPorts(0).map((p) => p.port));
  const top = Math.min(MAX_BASE_PORT, ephemeralPortStart() - highest - 1);
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (top - 20_000));
    if ((await unavailablePorts(allPorts(base))).length === 0) return base;
  }
  throw new Error("no free base port found in 50 attempts");
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `file args` in the repository root; resolves with its exit code and output (never rejects on exit code). */
export function run(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd: ROOT, env, timeout: timeoutMs, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
