/**
 * `suanli`: the command line of providers, buyers, voters and operators. One file per command group in
 * commands/; each group's code is imported only when one of its commands runs, so a wrong invocation is
 * refused in a fraction of a second. Exit 0 only on success; otherwise one line on stderr naming the problem
 * (exit 2 for a wrong invocation, 1 for everything else) and never a stack trace.
 *
 *   npx suanli --help          npx suanli provider register --help
 */
import { Command, CommanderError } from "commander";
import { revertData } from "../shared/errors.js";
import { describeError, UsageError } from "./output.js";
import { register as agent } from "./commands/agent.js";
import { register as bridge } from "./commands/bridge.js";
import { register as buyer } from "./commands/buyer.js";
import { register as dao } from "./commands/dao.js";
import { register as deploy } from "./commands/deploy.js";
import { register as keys } from "./commands/keys.js";
import { register as provenance } from "./commands/provenance.js";
import { register as provider } from "./commands/provider.js";
import { register as stack } from "./commands/stack.js";

const program = new Command("suanli")
  .description("Suanli (算力) command line: providers, buyers, DAO voters, bridge and deployment")
  .option("--json", "print machine-readable JSON on stdout")
  .showSuggestionAfterError(true)
  .exitOverride()
  .configureOutput({ writeErr: () => undefined })
  .addHelpText(
    "after",
    `
Examples:
  suanli keys new provider            create an encrypted key (password from SUANLI_KEYSTORE_PASSWORD or a prompt)
  suanli stack status                 chains and services of the local stack (npm start)
  suanli provider register --help     list capacity in a region
  suanli buyer quote --resources 2 --duration 60
  suanli dao proposals

Environment: SUANLI_STACK_BASE_PORT (local stack), SUANLI_<CHAIN>_RPC_URL, SUANLI_DEPLOYMENTS_DIR,
SUANLI_API_URL, SUANLI_KEYSTORE_DIR, SUANLI_KEYSTORE_PASSWORD, SUANLI_PRIVATE_KEY (see docs/cli.md).`,
  );

for (const group of [keys, provider, buyer, dao, bridge, provenance, deploy, stack, agent]) group(program);
for (const c of program.commands) {
  c.exitOverride().configureOutput({ writeErr: () => undefined });
  for (const sub of c.commands) sub.exitOverride().configureOutput({ writeErr: () => undefined });
}

/** The ABIs that name a revert's custom error, loaded only when there is revert data to decode. */
async function contractInterfaces(error: unknown) {
  if (!revertData(error)) return [];
  const t = await import("../../types/contracts/index.js");
  return [
    t.JobMarket__factory,
    t.StakeManager__factory,
    t.ComputeRegistry__factory,
    t.SuanliGovernor__factory,
    t.SuanliToken__factory,
    t.SuanliTimelock__factory,
    t.Mailbox__factory,
    t.ProvenanceRegistry__factory,
    t.DirectiveHub__factory,
    t.NodeIndex__factory,
    t.TestUSD__factory,
    t.HubVotePool__factory,
    t.HubTokenBridge__factory,
    t.SpokeVoteAggregator__factory,
    t.SuanRegionalToken__factory,
  ].map((f) => f.createInterface() as import("ethers").Interface);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) process.exit(0); // --help, --version
    process.stderr.write(
      `error: ${error.message.replace(/^error: /, "").split("\n")[0]} (--help for usage)\n`,
    );
    process.exit(2);
  }
  process.stderr.write(`error: ${describeError(error, await contractInterfaces(error))}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
// Providers and sockets may keep the event loop alive; the command is done.
process.exit(0);
