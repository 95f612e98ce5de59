import { pino, type Logger } from "pino";

/** JSON logs on stdout; `LOG_LEVEL` sets the level (default info). */
export function createLogger(name: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ name, level: process.env.LOG_LEVEL ?? "info", base: { service: name, ...bindings } });
}

export type { Logger };
