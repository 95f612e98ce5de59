import { z } from "zod";
import { AppError } from "./errors.js";

/** Parses `env` with `schema` once at start-up; a failure names every bad variable and stops the service. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join(".") || "(env)"}: ${issue.message}`,
    );
    throw new AppError("CONFIG_INVALID", `invalid configuration: ${problems.join("; ")}`, {
      details: { problems },
    });
  }
  return result.data;
}

export const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x + 64 hex digits");
export const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address");
export const port = z.coerce.number().int().min(0).max(65_535);
export const millis = z.coerce.number().int().positive();
export const host = z.string().default("127.0.0.1");

/** A JSON document in one environment variable, validated by `schema`. */
export function jsonEnv<S extends z.ZodType>(schema: S) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "not valid JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** A comma-separated list in one environment variable. */
export function listEnv<S extends z.ZodType<unknown, string>>(item: S) {
  return z
    .string()
    .transform((text) =>
      text
        .split(",")
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    )
    .pipe(z.array(item));
}

/** One chain the bridge spans: its domain (= chain id), JSON-RPC endpoint and bridge contracts. */
export const chainSchema = z.object({
  name: z.string().min(1),
  domain: z.number().int().nonnegative(),
  rpcUrl: z.url(),
  mailbox: address,
  ism: address,
  /** First block to scan for `Dispatched` (the Mailbox deployment block). */
  fromBlock: z.number().int().nonnegative().default(0),
  /** Blocks to wait before a dispatch counts (0 on local chains; raise on chains that reorganise). */
  confirmations: z.number().int().nonnegative().default(0),
});
export type ChainConfig = z.infer<typeof chainSchema>;

/** `SUANLI_BRIDGE_CHAINS`: JSON array of chains, domains unique. */
export const chainsEnv = jsonEnv(
  z
    .array(chainSchema)
    .min(1)
    .refine(
      (chains) => new Set(chains.map((c) => c.domain)).size === chains.length,
      "domains must be unique",
    ),
);

/**
 * The command line of a service configured by its environment: `--help` (or `-h`) prints `usage` and exits 0;
 * any argument is otherwise refused with one line naming it (exit 2). Call it first in the service's main.
 */
export function serviceArgs(usage: string, argv: readonly string[] = process.argv.slice(2)): void {
  if (argv.length === 0) return;
  if (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h")) {
    console.log(usage.trim());
    process.exit(0);
  }
  console.error(
    `error: unexpected argument "${argv[0]}": this service takes no arguments, only environment variables (--help)`,
  );
  process.exit(2);
}
