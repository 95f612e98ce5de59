/**
 * A narrated walk through the running local stack (`npm start` in another terminal), through its doors only:
 * the provider registers a node on east and stakes it with the `suanli` CLI; a buyer holding only a key and
 * the SDK quotes, signs and submits through the buyers' REST API; the scheduler service places the job, the
 * bridge carries the directive to east and the receipt back, and the hub settles; a DAO proposal made, voted,
 * queued and executed with `suanli dao` raises the protocol fee and the next job pays it.
 *
 * The stack runs no node agent yet, so one step, labelled "node agent stand-in", does what the agent does
 * (services/agent): acknowledge the directive on east, upload the output, submit the signed receipt. The
 * development chains' clock is moved with `evm_mine`/`evm_increaseTime` where a vote or the Timelock waits.
 *   npm run demo
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider, NonceManager, Wallet } from "ethers";
import { DirectiveInbox__factory, ReceiptRegistry__factory } from "../types/contracts/index.js";
import { signReceipt } from "../services/shared/typed-data.js";
import { DEV_ACCOUNTS, devWallet } from "../services/stack/accounts.js";
import { parseBasePort, stackLayout } from "../services/stack/ports.js";
import { parseCli, usageError } from "./args.js";
import { SuanliClient } from "../services/sdk/index.js";
import { CONTENT_BYTES, contentCommitment } from "../services/zk/inputs.js";

parseCli(
  `
npm run demo   (or: ./scripts/dev.sh demo), with the stack running (npm start) in another terminal

Walks two jobs through the running stack's doors: a provider registers and stakes a node with the suanli CLI,
a buyer quotes and submits through the REST API with the SDK, the scheduler places the job, the bridge relays
it, the hub settles it; then a DAO proposal made with suanli dao raises the protocol fee to 3% and the second
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
const root = path.join(import.meta.dirname, "..");
const key = (i: number) => devWallet(i).privateKey;

/** Runs the real `suanli` binary with `--json`, as a user would; its one-line error stops the demo. */
function suanli(args: string[], account?: number): Promise<Record<string, unknown>> {
  console.log(`  $ suanli ${args.map((a) => (/[\s;()%]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  return new Promise((resolve, reject) => {
    execFile(
      path.join(root, "services", "cli", "suanli"),
      [...args, "--json"],
      {
        cwd: root,
        env: {
          ...process.env,
          SUANLI_STACK_BASE_PORT: String(layout.base),
          SUANLI_PRIVATE_KEY: account === undefined ? "" : key(account),
        },
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`suanli ${args[0]} ${args[1]}: ${stderr.trim() || error.message}`));
        else resolve(JSON.parse(stdout) as Record<string, unknown>);
      },
    );
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) {
      console.log(`  ✓ ${what} (${Date.now() - started} ms)`);
      return value;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const step = (title: string) => console.log(`\n== ${title}`);

/** Development chains only: mine `blocks` blocks, after moving the clock by `seconds`. */
async function advanceHub(blocks: number, seconds = 0) {
  if (seconds > 0) await hubRpc.send("evm_increaseTime", [seconds]);
  for (let i = 0; i < blocks; i++) await hubRpc.send("evm_mine", []);
}

// One line on stderr for any failure (a CLI refusal, a timeout, an unreachable service), never a stack trace.
process.on("uncaughtException", (error) => {
  console.error(`demo: ${error.message.split("\n")[0]}`);
  process.exit(1);
});

const hub = record("hub");
const east = record("east");
const client = new SuanliClient({ baseUrl: layout.url("api") });
const buyer = new Wallet(key(DEV_ACCOUNTS.buyer)); // a bare key: no provider, no ABI

step("Provider (account 2): register a node on east and stake it, with the suanli CLI");
const registered = await suanli(
  [
    "provider",
    "register",
    "--region",
    "east",
    "--cpu",
    "16",
    "--memory",
    "65536",
    "--gpu",
    "A100",
    "--gpus",
    "4",
    "--latency-class",
    "1",
    "--energy",
    "hydro",
    "--carbon",
    "30",
    "--price",
    "20",
    "--identity",
    String(Date.now()),
    "--endpoint",
    "https://demo-node.east.local:8443",
  ],
  DEV_ACCOUNTS.provider,
);
const nodeId = String(registered.nodeId);
console.log(`  node ${nodeId} registered on east (tx ${registered.tx})`);
// The hub learns the node through the bridge; staking is refused until it has.
await until("node known on the hub and staked (1000 SUAN)", () =>
  suanli(["provider", "stake", nodeId, "--amount", "1000"], DEV_ACCOUNTS.provider),
);

/** One job from quote to verified result; returns the protocol fee it paid. */
async function runJob(label: string): Promise<bigint> {
  step(`Buyer (account 1, SDK over REST): ${label}`);
  const now = BigInt((await hubRpc.getBlock("latest"))!.timestamp);
  const request = {
    resources: 4,
    durationSec: 600,
    tier: "interactive" as const,
    latencyBoundMs: 200,
    deadline: Number(now + 3_600n),
    maxUnitPrice: 25n,
    inputCommitment: 42n,
  };
  const quote = await client.quote(request);
  console.log(`  quote: escrow ${quote.escrow} tUSD units`);
  const submitted = await client.signAndSubmit(buyer, request, { expectedJobMarket: hub.jobMarket });
  const jobId = BigInt(submitted.jobId);
  console.log(`  job ${jobId} created through the API (tx ${submitted.txHash})`);

  step(`Node agent stand-in (account 2, the stack runs no agent yet): job ${jobId}`);
  const operator = new NonceManager(devWallet(DEV_ACCOUNTS.provider).connect(eastRpc));
  const inbox = DirectiveInbox__factory.connect(east.inbox, operator);
  const assignment = await until("scheduler placed the job and the bridge carried it to east", async () => {
    const a = await inbox.assignment(jobId);
    return a.attempt > 0n ? a : undefined;
  });
  await (await inbox.acknowledge(jobId)).wait();
  const output = Uint8Array.from({ length: CONTENT_BYTES }, (_, i) => (i * 31 + Number(jobId)) % 256);
  await client.uploadResult(output);
  const receipt = {
    jobId,
    nodeId: assignment.nodeId,
    attempt: Number(assignment.attempt),
    inputCommitment: assignment.inputCommitment,
    outputCommitment: contentCommitment(output),
    latencyMs: 120,
    finishTime: BigInt((await eastRpc.getBlock("latest"))!.timestamp),
    energyWh: 900,
  };
  const signature = await signReceipt(operator, (await eastRpc.getNetwork()).chainId, east.verifier, receipt);
  await (
    await ReceiptRegistry__factory.connect(east.receipts, operator).submitReceipt(receipt, signature)
  ).wait();
  console.log("  acknowledged, output uploaded, signed receipt submitted on east");

  step(`Buyer: follow job ${jobId} to settlement and fetch the verified result`);
  await until("the hub settled the job", async () =>
    (await client.job(jobId)).status === "settled" ? true : undefined,
  );
  let fee = 0n;
  for await (const s of client.follow(jobId)) {
    console.log(`  timeline: ${s.type} on ${s.chain} (tx ${s.txHash})`);
    if (s.type === "settled") {
      fee = BigInt(s.details.fee);
      console.log(
        `  provider paid ${s.details.providerPay}, fee ${s.details.fee}, refund ${s.details.buyerRefund}`,
      );
    }
  }
  const result = await client.result(jobId);
  console.log(`  ✓ ${result.bytes.length} bytes matching output commitment ${result.outputCommitment}`);
  return fee;
}

const before = await runJob("the first job, at the deployed 2% protocol fee");

step("DAO (account 0 holds the development SUAN): raise the protocol fee to 3% with suanli dao");
await suanli(["dao", "delegate"], DEV_ACCOUNTS.deployer);
const proposal = await suanli(
  ["dao", "propose", "fee", "--bps", "300", "--description", `Demo: protocol fee to 3% (${Date.now()})`],
  DEV_ACCOUNTS.deployer,
);
const id = String(proposal.proposalId);
console.log(`  proposal ${id}: ${(proposal.calls as string[]).join("; ")}`);
await advanceHub(2); // past the voting delay
await suanli(["dao", "vote", id, "for"], DEV_ACCOUNTS.deployer);
await advanceHub(51); // past the voting period
await suanli(["dao", "queue", id], DEV_ACCOUNTS.deployer);
await advanceHub(1, 3_601); // past the Timelock delay
const executed = await suanli(["dao", "execute", id], DEV_ACCOUNTS.deployer);
console.log(`  proposal ${executed.state}`);

const after = await runJob("the next job, under the new fee");
console.log(
  `\nprotocol fee paid: ${before} before the proposal, ${after} after (${after > before ? "raised" : "NOT raised"})`,
);
hubRpc.destroy();
eastRpc.destroy();
if (after <= before) process.exit(1);
