/**
 * A narrated walk through the running local stack (`npm start` in another terminal), through its doors only:
 * the provider registers a node on east and stakes it with the `suanli` CLI; a buyer holding only a key and
 * the SDK quotes, signs and submits through the buyers' REST API; the scheduler service places the job, the
 * bridge carries the directive to east and the receipt back, and the hub settles; a DAO proposal made, voted,
 * queued and executed with `suanli dao` raises the protocol fee and the next job pays it.
 *
 * Both jobs are AIGC jobs whose input document the buyer stores in the stack's input store; one of the stack's
 * node agents executes each, proves the receipt, and the hub settles. The buyer then registers the first image's
 * provenance with `suanli provenance register`, fetches the PNG the agent watermarks with the record id and traces
 * it with `suanli provenance trace`. The steps are those of scripts/demo-scenario.ts (also run on anvil by
 * test/deploy/anvil-demo.test.ts). The development chains' clock is moved with `evm_mine`/`evm_increaseTime`
 * where a vote or the Timelock waits.
 *   npm run demo
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { parseCli, runningStackLayout } from "./args.js";
import { scenario } from "./demo-scenario.js";

parseCli(
  `
npm run demo   (or: ./scripts/dev.sh demo), with the stack running (npm start) in another terminal

Walks two AIGC jobs through the running stack's doors: a provider registers and stakes a node with the suanli
CLI; a buyer stores its input document in the input store, quotes and submits through the REST API with the SDK,
the scheduler places the job on one of the stack's node agents, the bridge relays it, the agent executes and
proves it, the hub settles it; the buyer registers the image's provenance and traces the agent's watermarked PNG
with suanli provenance; then a DAO proposal made with suanli dao raises the protocol fee by one point and the
second job pays it.

Environment:
  SUANLI_STACK_BASE_PORT   base port of the stack to use: the same value it was started with (default 8545)
`,
  {},
);

const layout = runningStackLayout();
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
if (!existsSync(layout.manifest)) {
  console.error(`demo: the stack on base ${layout.base} is not running (no ${layout.manifest})`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(layout.manifest, "utf8")) as {
  chains: Record<string, string>;
  services: { inputs: string; agents: Record<string, string> };
};
const chain = (name: "hub" | "east" | "west") =>
  new JsonRpcProvider(manifest.chains[name] ?? layout.url(name), undefined, {
    cacheTimeout: -1,
    staticNetwork: true,
  });
const hubRpc = chain("hub");
const regionRpcs = [chain("east"), chain("west")];

// One line on stderr for any failure (a CLI refusal, a timeout, an unreachable service), never a stack trace.
process.on("uncaughtException", (error) => {
  console.error(`demo: ${error.message.split("\n")[0]}`);
  process.exit(1);
});

const demo = scenario({
  cliEnv: { SUANLI_STACK_BASE_PORT: String(layout.base) },
  apiUrl: layout.url("api"),
  hubRpc,
  regionRpcs,
  hub: record("hub"),
  inputStoreUrl: manifest.services.inputs,
  agentUrl: (nodeId) => manifest.services.agents[nodeId.toString()],
  log: (line) => console.log(line),
});
await demo.provider();
// A fresh seed per run: an image is registered once, so a second run must generate other images.
const seed = Math.floor(Date.now() / 1000) % 1_000_000;
const before = await demo.job(
  "an AIGC job, at the protocol fee in force",
  "a lighthouse on a cliff at dusk",
  seed,
);
await demo.provenance(before);
await demo.raiseFee();
const after = await demo.job("the next AIGC job, under the new fee", "rice terraces in morning mist", seed);
console.log(
  `\nprotocol fee paid: ${before.fee} before the proposal, ${after.fee} after (${after.fee > before.fee ? "raised" : "NOT raised"})`,
);
for (const rpc of [hubRpc, ...regionRpcs]) rpc.destroy();
if (after.fee <= before.fee) process.exit(1);
