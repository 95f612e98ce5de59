/**
 * Command-line options of the scripts in scripts/: `--help` (or `-h`) prints the usage and exits 0; an unknown
 * option, a missing value or a bad value prints one line naming it and exits 2.
 */
import path from "node:path";
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { parseBasePort, stackLayout, type StackLayout } from "../services/stack/ports.js";

/** Prints `error: <reason>` on one line and exits 2. */
export function usageError(reason: string): never {
  console.error(`error: ${reason} (--help for usage)`);
  process.exit(2);
}

export function parseCli<const O extends ParseArgsOptionsConfig>(
  usage: string,
  options: O,
  { positionals = false }: { positionals?: boolean } = {},
) {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: positionals,
    });
  } catch (error) {
    // node:util's messages add a second sentence about `--`; the first one names the problem.
    usageError((error as Error).message.split(". ")[0]!);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(usage.trim());
    process.exit(0);
  }
  return parsed;
}

/** An integer option within [min, max]; `undefined` keeps `fallback`. */
export function intOption(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
) {
  if (value === undefined) return fallback;
  const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    // Options are named as typed (--runs); environment variables as they are (BENCH_JOBS).
    const label = /^[A-Z0-9_]+$/.test(name) ? name : `--${name}`;
    usageError(`${label} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/**
 * The layout of the stack a script talks to: the one started (npm start) on SUANLI_STACK_BASE_PORT (default
 * 8545). A bad base is a usage error (exit 2); whether that stack is running is the caller's check.
 */
export function runningStackLayout(): StackLayout {
  try {
    return stackLayout(
      path.join(import.meta.dirname, ".."),
      parseBasePort(process.env.SUANLI_STACK_BASE_PORT),
    );
  } catch (error) {
    usageError((error as Error).message);
  }
}
