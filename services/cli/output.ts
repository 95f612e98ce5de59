/**
 * How every command answers: `--json` prints one JSON document on stdout (bigints as decimal strings);
 * otherwise a table or `key  value` lines. Progress goes to stderr (and is silent with --json). Errors
 * become one line: the AppError or API error message, a decoded contract error, or the transport problem.
 */
import { type Interface, isError, type Result } from "ethers";
import { AppError, decodeRevert, revertData } from "../shared/errors.js";
import { SuanliApiError } from "../sdk/errors.js";

/** A wrong invocation (exit 2): bad or missing arguments, a missing key. */
export class UsageError extends Error {}

export const usage = (message: string): never => {
  throw new UsageError(message);
};

const plain = (v: unknown): unknown =>
  typeof v === "bigint"
    ? v.toString()
    : Array.isArray(v)
      ? v.map(plain)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
        : v;

export interface Out {
  json: boolean;
  /** Prints `data` as JSON, or `human()` (default: key/value lines or a table). */
  result(data: unknown, human?: () => string): void;
  progress(message: string): void;
}

function table(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return "(none)";
  const cols = Object.keys(rows[0]!);
  const cells = rows.map((r) => cols.map((c) => String(plain(r[c]) ?? "")));
  const width = cols.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(width[i]!))
      .join("  ")
      .trimEnd();
  return [line(cols), line(width.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

function keyValues(data: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(data).map((k) => k.length));
  return Object.entries(data)
    .map(
      ([k, v]) =>
        `${k.padEnd(width)}  ${typeof plain(v) === "object" ? JSON.stringify(plain(v)) : String(plain(v))}`,
    )
    .join("\n");
}

export function human(data: unknown): string {
  if (Array.isArray(data)) return table(data as Record<string, unknown>[]);
  if (data && typeof data === "object") return keyValues(data as Record<string, unknown>);
  return String(data);
}

export function makeOut(json: boolean): Out {
  return {
    json,
    result(data, render) {
      process.stdout.write(
        (json ? JSON.stringify(plain(data), null, 2) : (render ?? (() => human(data)))()) + "\n",
      );
    },
    progress(message) {
      if (!json) process.stderr.write(`… ${message}\n`);
    },
  };
}

/** One line for any error, naming what went wrong (never a stack trace). */
export function describeError(error: unknown, interfaces: Interface[] = []): string {
  if (error instanceof SuanliApiError) return `API ${error.code}: ${error.message}`;
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  if (error instanceof UsageError) return error.message;
  const data = revertData(error);
  if (data) {
    const decoded = decodeRevert(data, interfaces);
    if (decoded.name !== "UnknownRevert") {
      const args = Object.entries(decoded.args).map(([k, v]) => `${k}=${v}`);
      return `transaction reverted: ${decoded.name}(${args.join(", ")})`;
    }
    return `transaction reverted with data ${data.slice(0, 74)}`;
  }
  const e = error as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const transport = e.cause?.code ?? (isError(error, "NETWORK_ERROR") ? "NETWORK_ERROR" : e.code);
  if (transport && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|NETWORK_ERROR|UND_ERR/.test(transport)) {
    return `cannot reach the endpoint (${transport}): is the node or service running?`;
  }
  if (isError(error, "CALL_EXCEPTION")) return `call reverted: ${error.shortMessage}`;
  if (isError(error, "INSUFFICIENT_FUNDS")) return "insufficient funds for gas";
  const message = (e as { shortMessage?: string }).shortMessage ?? e.message ?? String(error);
  return message.split("\n")[0]!.slice(0, 300);
}

/** Options of the command and of its parents (`--json` is the program's). */
export type Opts = Record<string, string | boolean | string[] | undefined>;

/** Wraps a command body: parses the global `--json` and hands it the output channel. */
export function action(fn: (out: Out, opts: Opts, args: string[]) => Promise<void>) {
  return async (...params: unknown[]) => {
    const cmd = params[params.length - 1] as { optsWithGlobals(): Opts; args: string[] };
    const opts = cmd.optsWithGlobals();
    await fn(makeOut(opts.json === true), opts, cmd.args);
  };
}

/** A struct returned by a contract call as a plain object (TypeChain types omit ethers' Result methods). */
export const struct = (value: unknown) => (value as Result).toObject(true) as Record<string, unknown>;
