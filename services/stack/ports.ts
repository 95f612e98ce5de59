/**
 * Where a local stack lives: its ports and its state folder, all derived from one base port
 * (`SUANLI_STACK_BASE_PORT`, default 8545). Every service of the stack takes its port from `stackPort`, so one
 * setting moves all of them and two stacks with different bases never meet. With the default base:
 *
 *   hub, east, west chains   8545, 8546, 8547      (base + 0, 1, 2)
 *   relayer                  8700                  (base + 155)
 *   validators               8701–8703             (base + 156 …)
 *   scheduler                8710                  (base + 165)
 *   api                      8720                  (base + 175)
 *   coordinators             8730–8734             (base + 185 …, one per region)
 *   agents                   8740–8749             (base + 195 …)
 *
 * State (deployment records, SQLite files, stack.json) goes to `.stack/<base>/`.
 */
import { createServer } from "node:net";
import path from "node:path";

export const DEFAULT_BASE_PORT = 8545;

/** Offset from the base port and number of ports of each service slot. */
export const PORT_SLOTS = {
  hub: { offset: 0, count: 1 },
  east: { offset: 1, count: 1 },
  west: { offset: 2, count: 1 },
  relayer: { offset: 155, count: 1 },
  validator: { offset: 156, count: 3 },
  scheduler: { offset: 165, count: 1 },
  api: { offset: 175, count: 1 },
  coordinator: { offset: 185, count: 5 },
  agent: { offset: 195, count: 10 },
} as const satisfies Record<string, { offset: number; count: number }>;
export type StackService = keyof typeof PORT_SLOTS;

const HIGHEST_OFFSET = Math.max(...Object.values(PORT_SLOTS).map((s) => s.offset + s.count - 1));
/** Bases below 1024 would need root; above this the highest slot would pass 65535. */
export const MIN_BASE_PORT = 1024;
export const MAX_BASE_PORT = 65_535 - HIGHEST_OFFSET;

/** Reads `SUANLI_STACK_BASE_PORT`; the error message is one line naming the variable and the bad value. */
export function parseBasePort(value: string | undefined): number {
  if (value === undefined || value === "") return DEFAULT_BASE_PORT;
  const base = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(base) || base < MIN_BASE_PORT || base > MAX_BASE_PORT) {
    throw new Error(
      `SUANLI_STACK_BASE_PORT must be an integer from ${MIN_BASE_PORT} to ${MAX_BASE_PORT}, got "${value}"`,
    );
  }
  return base;
}

/** Port of slot `index` of `service` in the stack on `base`. */
export function stackPort(base: number, service: StackService, index = 0): number {
  const slot = PORT_SLOTS[service];
  if (!Number.isInteger(index) || index < 0 || index >= slot.count) {
    throw new Error(`${service} has ${slot.count} port slot(s), index ${index} is outside them`);
  }
  return base + slot.offset + index;
}

export interface StackLayout {
  base: number;
  /** `.stack/<base>/` under the repository root: everything this stack writes. */
  dir: string;
  /** Deployment records `<chain>.json` of this stack's chains. */
  deploymentsDir: string;
  /** `stack.json`: ports, URLs and bridge chains of the running stack, for tools that talk to it. */
  manifest: string;
  port(service: StackService, index?: number): number;
  url(service: StackService, index?: number): string;
}

export function stackLayout(root: string, base: number): StackLayout {
  const dir = path.join(root, ".stack", String(base));
  return {
    base,
    dir,
    deploymentsDir: path.join(dir, "deployments"),
    manifest: path.join(dir, "stack.json"),
    port: (service, index) => stackPort(base, service, index),
    url: (service, index) => `http://127.0.0.1:${stackPort(base, service, index)}`,
  };
}

export interface NamedPort {
  name: string;
  port: number;
}

/** Resolves to the error code if `port` cannot be bound on 127.0.0.1 (EADDRINUSE, EACCES, …), else undefined. */
function probe(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** The ports of `wanted` that cannot be bound now, each with the reason. */
export async function unavailablePorts(wanted: NamedPort[]): Promise<(NamedPort & { reason: string })[]> {
  const taken: (NamedPort & { reason: string })[] = [];
  for (const p of wanted) {
    const reason = await probe(p.port);
    if (reason !== undefined) taken.push({ ...p, reason });
  }
  return taken;
}
