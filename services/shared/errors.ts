import { Interface, isError, type ErrorDescription } from "ethers";

/** The one error model of every service: a stable `code`, an HTTP `status`, and structured `details`. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: { status?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? 500;
    this.details = options.details ?? {};
  }

  toJSON(): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** A Solidity custom error decoded against the known ABIs. */
export interface DecodedRevert {
  name: string;
  args: Record<string, string>;
  /** Raw revert data, for errors no known ABI declares. */
  data: string;
}

const TRANSPORT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
]);

/** Finds revert data in an ethers error (it nests it differently for calls, estimates and receipts). */
export function revertData(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const record = current as Record<string, unknown>;
    if (typeof record.data === "string" && record.data.startsWith("0x") && record.data.length >= 10) {
      return record.data;
    }
    const inner = record.error ?? record.info ?? record.cause;
    if (inner && typeof inner === "object" && "data" in (inner as object)) {
      const data = (inner as Record<string, unknown>).data;
      if (typeof data === "string" && data.startsWith("0x") && data.length >= 10) return data;
      if (data && typeof data === "object" && typeof (data as Record<string, unknown>).data === "string") {
        return (data as Record<string, string>).data;
      }
    }
    current = inner;
  }
  return undefined;
}

/** Decodes revert `data` with the first interface that knows its selector; nested revert bytes are decoded too. */
export function decodeRevert(data: string, interfaces: Interface[]): DecodedRevert {
  for (const iface of interfaces) {
    let description: ErrorDescription | null = null;
    try {
      description = iface.parseError(data);
    } catch {
      description = null; // a selector this ABI does not declare: try the next one
    }
    if (description) {
      const args: Record<string, string> = {};
      description.fragment.inputs.forEach((input, i) => {
        const value: unknown = description.args[i];
        args[input.name || String(i)] =
          typeof value === "string" && input.type === "bytes" && value.length >= 10
            ? `${value} (${decodeRevert(value, interfaces).name})`
            : String(value);
      });
      return { name: description.name, args, data };
    }
  }
  return { name: "UnknownRevert", args: {}, data };
}

/** Whether `error` means the JSON-RPC endpoint could not be reached (as opposed to a revert). */
export function isTransportError(error: unknown): boolean {
  if (isError(error, "NETWORK_ERROR") || isError(error, "TIMEOUT") || isError(error, "SERVER_ERROR"))
    return true;
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === "object"; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && TRANSPORT_CODES.has(code)) return true;
    const message = (current as { message?: unknown }).message;
    if (typeof message === "string" && /fetch failed|ECONNREFUSED|socket hang up|ECONNRESET/.test(message))
      return true;
    current =
      (current as { cause?: unknown; error?: unknown }).cause ?? (current as { error?: unknown }).error;
  }
  return false;
}

/** Maps a chain call failure into an `AppError`: 502 with the decoded custom error, or 504 when unreachable. */
export function chainError(error: unknown, interfaces: Interface[]): AppError {
  if (error instanceof AppError) return error;
  if (isTransportError(error)) {
    return new AppError("CHAIN_UNREACHABLE", "JSON-RPC endpoint unreachable", { status: 504, cause: error });
  }
  const data = revertData(error);
  if (data) {
    const revert = decodeRevert(data, interfaces);
    return new AppError("CHAIN_REVERTED", `reverted: ${revert.name}`, {
      status: 502,
      details: { revert },
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError("CHAIN_ERROR", message.slice(0, 300), { status: 502, cause: error });
}
