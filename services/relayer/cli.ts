import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ValidatorAnnounce__factory } from "../../types/contracts/index.js";
import { chainProvider } from "../shared/chain.js";
import { hex32, listEnv } from "../shared/config.js";
import { findDispatch } from "../shared/dispatches.js";
import { decodeEnvelope, recoverAttester } from "../shared/envelope.js";
import { AppError } from "../shared/errors.js";
import { EvmGateway } from "./adapters/evm.js";
import { describe } from "./adapters/http.js";
import { SqliteRelayerStore } from "./adapters/sqlite.js";
import { HttpSignatureSource } from "./adapters/validators.js";
import type { RelayerChain } from "./config.js";
import { buildMetadata, classify, gasLimitFor } from "./core/policy.js";
import { chainsFromDeployments } from "./deployments.js";
import { parseBasePort, stackLayout } from "../stack/ports.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

export const USAGE = `usage: npx tsx services/relayer/cli.ts <command> [options]

commands:
  relay <messageId>   deliver one message yourself, with your own funded key (SUANLI_RELAYER_KEY)
  status [messageId]  undelivered messages and their reason codes (--all: delivered ones too)
  dead                messages parked as dead letters after too many failures, with their last error
  retry <messageId>   make a dead (or waiting) message due again; the running relayer delivers it

options:
  --network <name>    deployment records to read chains from: deploy/deployments/<name>/*.json; the default,
                      local, is the running local stack's .stack/<base>/deployments/*.json
  --db <file>         relayer database for status/dead/retry (default $SUANLI_RELAYER_DB, else the local
                      stack's .stack/<base>/relayer.sqlite)
  --all               status: include delivered messages
  -h, --help          this text

environment (relay): SUANLI_RELAYER_KEY (required), SUANLI_VALIDATOR_URLS (optional: validators announced in
ValidatorAnnounce are found on chain), SUANLI_<NAME>_RPC_URL per chain; SUANLI_STACK_BASE_PORT picks the
local stack (default 8545).

examples:
  npx tsx services/relayer/cli.ts status
  npx tsx services/relayer/cli.ts dead
  npx tsx services/relayer/cli.ts retry 0x…messageId
  SUANLI_RELAYER_KEY=0x… npx tsx services/relayer/cli.ts relay 0x…messageId --network local`;

/** A bad command line: printed as one line with the usage hint, exit code 64 (EX_USAGE). */
class UsageError extends Error {}

const networkName = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "a deployment folder name such as local");
const relayKey = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "SUANLI_RELAYER_KEY: a 0x-prefixed 32-byte private key");

export interface RelayOptions {
  chains: RelayerChain[];
  key: string;
  validatorUrls?: string[];
  timeoutMs?: number;
}

/** Validator URLs announced on chain by the members of `validators` (only their own keys can set them). */
async function announcedUrls(chains: RelayerChain[], validators: string[]): Promise<string[]> {
  const urls: string[] = [];
  for (const chain of chains.filter((c) => c.validatorAnnounce)) {
    const contract = ValidatorAnnounce__factory.connect(chain.validatorAnnounce!, chainProvider(chain));
    urls.push(...(await contract.latestLocations(validators)).filter((l) => /^https?:\/\//.test(l)));
  }
  return [...new Set(urls)];
}

/** Delivers one message with the caller's key; prints the outcome or the decoded reason it cannot be delivered. */
export async function relayOne(
  messageId: string,
  options: RelayOptions,
): Promise<{ status: string; detail?: string }> {
  const { chains } = options;
  let found: { message: string } | undefined;
  for (const chain of chains) {
    found = await findDispatch(chainProvider(chain), chain, messageId);
    if (found) break;
  }
  if (!found)
    throw new AppError("NOT_FOUND", `no Dispatched event for ${messageId} on any configured chain`, {
      status: 404,
    });
  const envelope = decodeEnvelope(found.message);
  const chain = chains.find((c) => c.domain === envelope.destination);
  const origin = chains.find((c) => c.domain === envelope.origin);
  if (!chain || !origin)
    throw new AppError(
      "NOT_FOUND",
      `domain ${envelope.destination} or ${envelope.origin} is not configured`,
      {
        status: 404,
      },
    );
  const gateway = new EvmGateway(chain, options.key);
  try {
    return await deliverOne(gateway, { chains, chain, origin, message: found.message, messageId, options });
  } finally {
    await gateway.close();
  }
}

async function deliverOne(
  gateway: EvmGateway,
  context: {
    chains: RelayerChain[];
    chain: RelayerChain;
    origin: RelayerChain;
    message: string;
    messageId: string;
    options: RelayOptions;
  },
): Promise<{ status: string; detail?: string }> {
  const { chains, chain, origin, messageId, options } = context;
  const found = { message: context.message };
  const envelope = decodeEnvelope(found.message);
  if (await gateway.isDelivered(found.message)) return { status: "already delivered" };

  const sets = await gateway.activeSets(envelope.origin);
  const urls = [
    ...(options.validatorUrls ?? []),
    ...(await announcedUrls(
      chains,
      sets.flatMap((s) => s.validators),
    )),
  ];
  const attestations = await new HttpSignatureSource(urls, options.timeoutMs ?? 2_000).fetch([messageId]);
  const offered = attestations.get(messageId) ?? [];
  const metadata = buildMetadata(
    offered,
    sets,
    { origin: origin.domain, originMailbox: origin.mailbox, destinationMailbox: chain.mailbox, messageId },
    recoverAttester,
  );
  if (!metadata) {
    return {
      status: "WAITING_FOR_SIGNATURES",
      detail: `${offered.length} signatures offered by ${urls.length} validator endpoints`,
    };
  }
  try {
    const estimate = await gateway.estimateProcess(metadata, found.message);
    const txHash = await gateway.submitProcess(metadata, found.message, gasLimitFor(estimate, 0, 20));
    const outcome = await gateway.waitForReceipt(txHash, 120_000);
    return outcome.status === "success"
      ? { status: "delivered", detail: txHash }
      : { status: outcome.status, detail: txHash };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const verdict = classify(error);
    return verdict.kind === "delivered"
      ? { status: "already delivered" }
      : { status: verdict.reason, detail: verdict.detail ?? undefined };
  }
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        all: { type: "boolean", default: false },
        network: { type: "string", default: "local" },
        db: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function messageIdArg(value: string | undefined, command: string): string {
  if (!value) throw new UsageError(`${command} needs a message id (0x + 64 hex digits)`);
  const parsed = hex32.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`message id ${JSON.stringify(value)}: expected 0x + 64 hex digits`);
  return parsed.data.toLowerCase();
}

function line(record: ReturnType<typeof describe>): string {
  const d = record;
  return [
    d.id,
    `${d.origin}->${d.destination}`,
    `#${d.nonce}`,
    d.status,
    d.reason ?? "",
    d.detail ?? "",
  ].join("\t");
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { positionals, values } = parse(argv);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, arg, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const network = networkName.safeParse(values.network);
  if (!network.success)
    throw new UsageError(`--network ${JSON.stringify(values.network)}: ${network.error.issues[0]!.message}`);
  let stack;
  try {
    stack = stackLayout(ROOT, parseBasePort(env.SUANLI_STACK_BASE_PORT));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const dbFile = values.db ?? env.SUANLI_RELAYER_DB ?? path.join(stack.dir, "relayer.sqlite");
  if (dbFile.length === 0) throw new UsageError("--db: give a file name");

  if (command === "relay") {
    const id = messageIdArg(arg, "relay");
    const key = relayKey.safeParse(env.SUANLI_RELAYER_KEY);
    if (!key.success) throw new UsageError(key.error.issues[0]!.message);
    const urls = listEnv(z.url()).safeParse(env.SUANLI_VALIDATOR_URLS ?? "");
    if (!urls.success) throw new UsageError("SUANLI_VALIDATOR_URLS: comma-separated http(s) URLs");
    const chains = chainsFromDeployments(
      network.data === "local"
        ? stack.deploymentsDir
        : path.join(ROOT, "deploy", "deployments", network.data),
      network.data,
      env,
    );
    const result = await relayOne(id, { chains, key: key.data, validatorUrls: urls.data });
    console.log(JSON.stringify({ messageId: id, ...result }));
    return result.status === "delivered" || result.status === "already delivered" ? 0 : 2;
  }
  if (command === "status" || command === "dead" || command === "retry") {
    const id =
      command === "retry" ? messageIdArg(arg, "retry") : arg ? messageIdArg(arg, command) : undefined;
    const store = new SqliteRelayerStore(dbFile);
    try {
      if (command === "retry") {
        const ok = store.retry(id!, Date.now());
        console.log(JSON.stringify({ messageId: id, retried: ok }));
        return ok ? 0 : 1;
      }
      if (id) {
        const record = store.get(id);
        console.log(JSON.stringify(record ? describe(record) : { id, status: "unknown" }, null, 2));
        return record ? 0 : 1;
      }
      console.log(JSON.stringify(store.countsByReason()));
      const records =
        command === "dead"
          ? store.list({ deadOnly: true, limit: 1_000 })
          : store.list({ undeliveredOnly: !values.all, limit: 1_000 });
      for (const record of records) console.log(line(describe(record)));
      return 0;
    } finally {
      store.close();
    }
  }
  throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : "no command given");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`cli: ${error.message} (--help for usage)`);
        process.exit(64);
      }
      const appError = error instanceof AppError ? error : undefined;
      console.error(appError ? JSON.stringify(appError.toJSON()) : String(error));
      process.exit(1);
    },
  );
}
