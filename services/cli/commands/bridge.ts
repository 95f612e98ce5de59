/**
 * `suanli bridge …`: thin wrappers over the relayer — its HTTP status endpoint (`/v1/messages`) and its
 * self-relay function (services/relayer/cli.ts `relayOne`), with chains from the deployment records
 * (services/relayer/deployments.ts `chainsFromDeployments`).
 */
import type { Command } from "commander";
import { deploymentsDir, manifest } from "../context.js";
import { action, type Opts, usage } from "../output.js";

function relayerUrl(o: Opts): string {
  const url =
    (o.relayer as string | undefined) ??
    process.env.SUANLI_RELAYER_URL ??
    (manifest()?.services.relayer as string | undefined);
  return url ?? usage("no relayer: pass --relayer <url>, set SUANLI_RELAYER_URL or start the local stack");
}

async function getJson(url: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new Error(
      `cannot reach the relayer at ${url} (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`,
    );
  }
  if (!res.ok) throw new Error(`relayer answered HTTP ${res.status} for ${url}`);
  return res.json();
}

export function register(program: Command): void {
  const bridge = program.command("bridge").description("cross-chain lanes and messages");
  const rel = (c: Command) =>
    c.option("--relayer <url>", "relayer HTTP endpoint (else SUANLI_RELAYER_URL, else the local stack)");
  rel(
    bridge
      .command("status")
      .description("lanes of the bridge and the relayer's undelivered messages by reason"),
  )
    .addHelpText("after", "\nExample:\n  suanli bridge status")
    .action(
      action(async (out, o) => {
        const base = relayerUrl(o);
        const body = (await getJson(`${base}/v1/messages?limit=1000`)) as {
          messages?: { reason?: string; origin: unknown; destination: unknown }[];
        };
        const messages = body.messages ?? [];
        const byReason: Record<string, number> = {};
        for (const m of messages)
          byReason[m.reason ?? "pending"] = (byReason[m.reason ?? "pending"] ?? 0) + 1;
        const chains =
          (manifest() as { bridgeChains?: { name: string; domain: number }[] } | undefined)?.bridgeChains ??
          [];
        const lanes = chains.flatMap((a) => chains.filter((b) => b !== a).map((b) => `${a.name}→${b.name}`));
        out.result({ relayer: base, lanes, undelivered: messages.length, byReason });
      }),
    );
  rel(bridge.command("messages").description("messages the relayer knows, with reason codes"))
    .option("--all", "include delivered messages")
    .addHelpText("after", "\nExample:\n  suanli bridge messages --all --json")
    .action(
      action(async (out, o) => {
        const body = (await getJson(
          `${relayerUrl(o)}/v1/messages?limit=1000${o.all ? "&all=true" : ""}`,
        )) as { messages?: Record<string, unknown>[] };
        out.result(body.messages ?? []);
      }),
    );
  bridge
    .command("deliver <messageId>")
    .description("deliver one message yourself, paying the gas with your own key")
    .addHelpText(
      "after",
      "\nExample:\n  SUANLI_PRIVATE_KEY=0x… suanli bridge deliver 0x<message id>\n\nChains come from the deployment records (SUANLI_DEPLOYMENTS_DIR, else the local stack's;\nJSON-RPC URLs from the records, SUANLI_<CHAIN>_RPC_URL or the stack's ports), validators from\nSUANLI_VALIDATOR_URLS, else the local stack.",
    )
    .action(
      action(async (out, _o, [messageId]) => {
        if (!/^0x[0-9a-fA-F]{64}$/.test(messageId!)) usage(`"${messageId}" is not a 32-byte message id`);
        const key = process.env.SUANLI_PRIVATE_KEY;
        if (!key) usage("no key: set SUANLI_PRIVATE_KEY (the account that pays the delivery gas)");
        if (!/^0x[0-9a-fA-F]{64}$/.test(key!))
          usage("SUANLI_PRIVATE_KEY is not a 0x-prefixed 32-byte hex key");
        const urls = (process.env.SUANLI_VALIDATOR_URLS ?? "").split(",").filter((u) => u.length > 0);
        const fromStack = manifest()?.services.validators as string[] | undefined;
        const validatorUrls = urls.length > 0 ? urls : (fromStack ?? []);
        for (const u of validatorUrls)
          if (!/^https?:\/\//.test(u)) usage(`validator URL "${u}" is not an http(s) URL`);
        const { chainsFromDeployments } = await import("../../relayer/deployments.js");
        const dir = deploymentsDir();
        const network = process.env.SUANLI_DEPLOYMENTS_DIR ? "external" : "local";
        const chains = chainsFromDeployments(dir, network, process.env);
        const { relayOne } = await import("../../relayer/cli.js");
        out.progress(`delivering ${messageId}`);
        const result = await relayOne(messageId!, { chains, key: key!, validatorUrls });
        out.result({ messageId, ...result });
        if (result.status !== "delivered" && result.status !== "already delivered")
          throw new Error(`not delivered: ${result.status}${result.detail ? ` (${result.detail})` : ""}`);
      }),
    );
}
