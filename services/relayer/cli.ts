import { parseArgs } from "node:util";
import { z } from "zod";
import { chainProvider } from "../shared/chain.js";
import { hex32, parseConfig } from "../shared/config.js";
import { findDispatch } from "../shared/dispatches.js";
import { decodeEnvelope, encodeMetadata } from "../shared/envelope.js";
import { AppError } from "../shared/errors.js";
import { EvmGateway } from "./adapters/evm.js";
import { describe } from "./adapters/http.js";
import { SqliteRelayerStore } from "./adapters/sqlite.js";
import { HttpSignatureSource } from "./adapters/validators.js";
import { relayCommandSchema } from "./config.js";
import { chooseAttestations, classify, gasLimitFor } from "./core/policy.js";

const USAGE = `usage:
  relay <messageId>      deliver one message yourself (env: SUANLI_BRIDGE_CHAINS, SUANLI_VALIDATOR_URLS,
                         SUANLI_RELAYER_KEY = your own funded key on the destination chain)
  status [messageId]     undelivered messages and their reason codes, from the relayer database
                         (env: SUANLI_RELAYER_DB, default .stack/relayer.sqlite; --all includes delivered)`;

/** Delivers one message with the caller's key; prints the outcome or the decoded reason it cannot be delivered. */
export async function relayOne(
  messageId: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: string; detail?: string }> {
  const config = parseConfig(relayCommandSchema, env);
  const chains = config.SUANLI_BRIDGE_CHAINS;
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
  if (!chain)
    throw new AppError("NOT_FOUND", `destination domain ${envelope.destination} is not configured`, {
      status: 404,
    });
  const gateway = new EvmGateway(chain, config.SUANLI_RELAYER_KEY);
  if (await gateway.isDelivered(messageId)) return { status: "already delivered" };

  const attestations = await new HttpSignatureSource(config.SUANLI_VALIDATOR_URLS).fetch([messageId]);
  const sets = await gateway.activeSets(envelope.origin);
  const chosen = chooseAttestations(attestations.get(messageId) ?? [], sets);
  if (!chosen) {
    return {
      status: "WAITING_FOR_SIGNATURES",
      detail: `${attestations.get(messageId)?.length ?? 0} signatures`,
    };
  }
  const metadata = encodeMetadata(chosen.version, chosen.attestations);
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

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { all: { type: "boolean", default: false } },
  });
  const [command, arg] = positionals;
  if (command === "relay" && arg) {
    const id = hex32.parse(arg).toLowerCase();
    const result = await relayOne(id, process.env);
    console.log(JSON.stringify({ messageId: id, ...result }));
    return result.status === "delivered" || result.status === "already delivered" ? 0 : 2;
  }
  if (command === "status") {
    const file = z.string().min(1).default(".stack/relayer.sqlite").parse(process.env.SUANLI_RELAYER_DB);
    const store = new SqliteRelayerStore(file);
    try {
      if (arg) {
        const record = store.get(hex32.parse(arg));
        console.log(JSON.stringify(record ? describe(record) : { id: arg, status: "unknown" }, null, 2));
        return record ? 0 : 1;
      }
      console.log(JSON.stringify(store.countsByReason()));
      for (const record of store.list({ undeliveredOnly: !values.all, limit: 1_000 })) {
        const d = describe(record);
        console.log(
          [
            d.id,
            `${d.origin}->${d.destination}`,
            `#${d.nonce}`,
            d.status,
            d.reason ?? "",
            d.detail ?? "",
          ].join("\t"),
        );
      }
      return 0;
    } finally {
      store.close();
    }
  }
  console.error(USAGE);
  return 64;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const appError = error instanceof AppError ? error : undefined;
      console.error(appError ? JSON.stringify(appError.toJSON()) : String(error));
      process.exit(1);
    },
  );
}
