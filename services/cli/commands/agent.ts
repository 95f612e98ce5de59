/**
 * `suanli agent start`: runs the node agent (services/agent/main.ts) for a registered node, in the
 * foreground. Its environment (docs/edge.md) is filled from the deployment records and the CLI's usual
 * sources: the region's RPC, chain id, DirectiveInbox and ReceiptRegistry; the hub's RPC, JobMarket,
 * ModelRegistry and ProvenanceRegistry; the operator key (--key or SUANLI_PRIVATE_KEY); inputs and results
 * through the REST API (SUANLI_API_URL, else the stack's). The coordinator whose signature authenticates pushes
 * must be given (SUANLI_AGENT_COORDINATOR); any SUANLI_AGENT_* variable already set wins.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import type { Command } from "commander";
import { Wallet } from "ethers";
import { apiUrl, layout, record, ROOT, rpcUrl } from "../context.js";
import { loadKey } from "../keys.js";
import { action, usage } from "../output.js";
import { int } from "../parse.js";

async function operatorKey(keyName: string | undefined): Promise<string> {
  if (keyName) return (await loadKey(keyName)).privateKey;
  const raw = process.env.SUANLI_PRIVATE_KEY;
  if (!raw) return usage("no key: pass --key <keystore name> (suanli keys list) or set SUANLI_PRIVATE_KEY");
  if (!/^0x[0-9a-fA-F]{64}$/.test(raw))
    return usage("SUANLI_PRIVATE_KEY is not a 0x-prefixed 32-byte hex key");
  return new Wallet(raw).privateKey;
}

export function register(program: Command): void {
  const agent = program.command("agent").description("the node agent that executes placed jobs");
  agent
    .command("start")
    .description("run the node agent for a registered node (foreground; Ctrl-C stops it)")
    .requiredOption("--node <id>", "node id", int(1))
    .requiredOption("--region <name>", "region of the node")
    .option("--key <name>", "operator key from the keystore (else SUANLI_PRIVATE_KEY)")
    .addHelpText(
      "after",
      "\nExample:\n  SUANLI_AGENT_COORDINATOR=0x… SUANLI_AGENT_NODE_SECRET=… suanli agent start --node 1 --region east --key provider\n\nRuns services/agent/main.ts; its SUANLI_AGENT_* environment (docs/edge.md) is filled from the deployment\nrecords, the key and the REST API unless already set.",
    )
    .action(
      action(async (out, o) => {
        const env = process.env;
        const coordinator = env.SUANLI_AGENT_COORDINATOR;
        if (!coordinator)
          usage("set SUANLI_AGENT_COORDINATOR (the coordinator whose signature authenticates pushes)");
        if (!/^0x[0-9a-fA-F]{40}$/.test(coordinator!))
          usage(`SUANLI_AGENT_COORDINATOR "${coordinator}" is not a 0x-prefixed 20-byte address`);
        const mode = env.SUANLI_AGENT_RECEIPT_MODE ?? "proven";
        if (mode !== "signed" && !env.SUANLI_AGENT_NODE_SECRET)
          usage("proven receipts need SUANLI_AGENT_NODE_SECRET (or set SUANLI_AGENT_RECEIPT_MODE=signed)");
        const region = o.region as string;
        const here = record(region);
        const hub = record("hub");
        const api = apiUrl(undefined);
        const filled: Record<string, string> = {
          SUANLI_AGENT_RPC_URL: rpcUrl(region),
          SUANLI_AGENT_CHAIN_ID: String(here.chainId),
          SUANLI_AGENT_INBOX: here.inbox!,
          SUANLI_AGENT_RECEIPTS: here.receipts!,
          SUANLI_AGENT_NODE_ID: String(o.node),
          SUANLI_AGENT_KEY: await operatorKey(o.key as string | undefined),
          SUANLI_AGENT_DATA_DIR: path.join(layout().dir, `agent-${region}-${o.node}`),
          SUANLI_AGENT_INPUT_URL: api,
          SUANLI_AGENT_RESULT_URL: api,
          SUANLI_AGENT_HUB_RPC_URL: rpcUrl("hub"),
          SUANLI_AGENT_HUB_JOB_MARKET: hub.jobMarket!,
          SUANLI_AGENT_HUB_MODELS: hub.modelRegistry!,
          SUANLI_AGENT_HUB_PROVENANCE: hub.provenanceRegistry!,
          SUANLI_AGENT_HUB_INFERENCE: hub.inferenceRegistry!,
        };
        const main = path.join(ROOT, "services", "agent", "main.ts");
        out.progress(`starting the node agent for node ${o.node} in ${region}`);
        const child = spawn(process.execPath, ["--import", "tsx", main], {
          cwd: ROOT,
          stdio: "inherit",
          env: { ...filled, ...env },
        });
        const code = await new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? 1)));
        if (code !== 0) throw new Error(`the node agent exited with code ${code}`);
      }),
    );
}
