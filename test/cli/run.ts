/** Runs the real `suanli` binary (services/cli/suanli) as a subprocess. */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const ROOT = path.join(import.meta.dirname, "..", "..");
export const BIN = path.join(ROOT, "services", "cli", "suanli");

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function suanli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  o: { timeoutMs?: number; input?: string } = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(
      BIN,
      args,
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: o.timeoutMs ?? 180_000, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin!.end(o.input ?? "");
  });
}

export function spawnSuanli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(BIN, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

/** Every line of stderr is a one-line `error: …` reason or progress; no stack trace anywhere. */
export function hasStackTrace(r: Ran): boolean {
  return /\n\s+at .+[:(]\d+|node:internal|Error: .*\n\s+at /.test(r.stderr + r.stdout);
}

/** The `error: …` lines of stderr (progress lines start with "…"). */
export const errorLines = (r: Ran) => r.stderr.split("\n").filter((l) => l.startsWith("error:"));

/** Runs `items` through `fn` with at most `limit` at once. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}
