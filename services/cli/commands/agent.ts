/**
 * `suanli agent start`: runs the node agent (services/agent/main.ts, from the edge issue) for a registered
 * node, in the foreground, with its environment. Until that service is merged the command says so.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { ROOT } from "../context.js";
import { action, usage } from "../output.js";
import { int } from "../parse.js";

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
      "\nExample:\n  suanli agent start --node 1 --region east --key provider\n\nRuns services/agent/main.ts with SUANLI_AGENT_NODE_ID, SUANLI_AGENT_REGION and SUANLI_AGENT_KEY_NAME set.",
    )
    .action(
      action(async (out, o) => {
        const main = path.join(ROOT, "services", "agent", "main.ts");
        if (!existsSync(main))
          usage(`the node agent is not installed here (${path.relative(ROOT, main)} is missing)`);
        out.progress(`starting the node agent for node ${o.node} in ${o.region}`);
        const child = spawn(process.execPath, ["--import", "tsx", main], {
          cwd: ROOT,
          stdio: "inherit",
          env: {
            ...process.env,
            SUANLI_AGENT_NODE_ID: String(o.node),
            SUANLI_AGENT_REGION: o.region as string,
            ...(o.key ? { SUANLI_AGENT_KEY_NAME: o.key as string } : {}),
          },
        });
        const code = await new Promise<number>((resolve) => child.once("exit", (c) => resolve(c ?? 1)));
        if (code !== 0) throw new Error(`the node agent exited with code ${code}`);
      }),
    );
}
