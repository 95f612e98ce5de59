/**
 * A narrated walk through the running local stack (`npm start` in another terminal), through its doors only:
 * the provider registers a node on east and stakes it with the `suanli` CLI; a buyer holding only a key and
 * the SDK quotes, signs and submits through the buyers' REST API; the scheduler service places the job, the
 * bridge carries the directive to east and the receipt back, and the hub settles; a DAO proposal made, voted,
 * queued and executed with `suanli dao` raises the protocol fee and the next job pays it.
 *
 * The steps are those of scripts/demo-scenario.ts (also run on anvil by test/deploy/anvil-demo.test.ts). The
 * stack runs no node agent yet, so one step, labelled "node agent stand-in", does what the agent does
 * (services/agent): acknowledge the directive on east, upload the output, submit the signed receipt. The
 * development chains' clock is moved with `evm_mine`/`evm_increaseTime` where a vote or the Timelock waits.
 *   npm run demo
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { parseBasePort, stackLayout } from "../services/stack/ports.js";
import { parseCli, usageError } from "./args.js";
import { scenario } from "./demo-scenario.js";

parseCli(
  `
npm run demo   (or: ./scripts/dev.sh demo), with the stack running (npm start) in another terminal

Walks two jobs through the running stack's doors: a provider registers and stakes a node with the suanli CLI,
a buyer quotes and submits through the REST API with the SDK, the scheduler places the job, the bridge relays
it, the hub settles it; then a DAO proposal made with suanli dao raises the protocol fee by one point and the second
job pays it. A "node agent stand-in" step plays the node (the stack runs no agent yet).

Environment:
  SUANLI_STACK_BASE_PORT   base port of the stack to use: the same value it was started with (default 8545)
`,
  {},
);

let layout: ReturnType<typeof stackLayout>;
try {
  layout = stackLayout(
    path.join(import.meta.dirname, ".."),
    parseBasePort(process.env.SUANLI_STACK_BASE_PORT),
  );
} catch (error) {
  usageError((error as Error).message);
}
const recordFile = (name: string) => path.join(layout.deploymentsDir, `${name}.json`);
if (!existsSync(recordFile("hub"))) {
  console.error(
    `demo: no deployment records in ${path.relative(process.cwd(), layout.deploymentsDir)}: start the stack ` +
      `first (npm start) with the same SUANLI_STACK_BASE_PORT (${layout.base})`,
  );
  process.exit(1);
}
const record = (name: string) => JSON.parse(readFileSync(recordFile(name), "utf8"));
// The running stack's manifest names its chains (they are external nodes with `npm start -- --chains external`).
const stackChains = existsSync(layout.manifest)
  ? (JSON.parse(readFileSync(layout.manifest, "utf8")) as { chains: Record<string, string> }).chains
  : {};
const chain = (name: "hub" | "east") =>
  new JsonRpcProvider(stackChains[name] ?? layout.url(name), undefined, {
    cacheTimeout: -1,
    staticNetwork: true,
  });
const [hubRpc, eastRpc] = [chain("hub"), chain("east")];

// One line on stderr for any failure (a CLI refusal, a timeout, an unreachable service), never a stack trace.
process.on("uncaughtException", (error) => {
  console.error(`demo: ${error.message.split("\n")[0]}`);
  process.exit(1);
});

const demo = scenario({
  cliEnv: { SUANLI_STACK_BASE_PORT: String(layout.base) },
  apiUrl: layout.url("api"),
  hubRpc,
  eastRpc,
  hub: record("hub"),
  east: record("east"),
  log: (line) => console.log(line),
});
await demo.provider();
const before = await demo.job("the first job, at the protocol fee in force");
await demo.raiseFee();
const after = await demo.job("the next job, under the new fee");
console.log(
  `\nprotocol fee paid: ${before.fee} before the proposal, ${after.fee} after (${after.fee > before.fee ? "raised" : "NOT raised"})`,
);
hubRpc.destroy();
eastRpc.destroy();
if (after.fee <= before.fee) process.exit(1);
