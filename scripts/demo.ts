/**
 * Walks one job through the running local stack (`npm start` in another terminal): a provider registers a
 * node on east and stakes on the hub, a buyer with only the SDK and a key quotes, signs and submits through the
 * buyers' API, the scheduler service places it, the node acknowledges, uploads its output and submits a signed
 * receipt, the hub settles, and the buyer follows the timeline and downloads the verified result.
 * Every cross-chain step is carried by the bridge services.   npm run demo
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider, NonceManager, Wallet, parseUnits } from "ethers";
import {
  ComputeRegistry__factory,
  DirectiveInbox__factory,
  JobMarket__factory,
  NodeIndex__factory,
  ReceiptRegistry__factory,
  StakeManager__factory,
  SuanliToken__factory,
  TestUSD__factory,
} from "../types/contracts/index.js";
import { signReceipt } from "../services/shared/typed-data.js";
import { DEV_ACCOUNTS, devWallet } from "../services/stack/accounts.js";
import { parseBasePort, stackLayout } from "../services/stack/ports.js";
import { parseCli, usageError } from "./args.js";
import { SuanliClient } from "../services/sdk/index.js";
import { CONTENT_BYTES, contentCommitment } from "../services/zk/inputs.js";

parseCli(
  `
npm run demo   (or: ./scripts/dev.sh demo), with the stack running (npm start) in another terminal

Walks one job through the running stack: register, stake, a buyer quoting and submitting through the REST API
with the SDK, placement by the scheduler, directive relayed to east, acknowledgement, receipt, settlement on the
hub, and the buyer following the timeline and downloading the verified result.

Environment:
  SUANLI_STACK_BASE_PORT   base port of the stack to use: the same value it was started with (default 8545)
`,
  {},
);

let layout;
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
const wallet = (i: number, provider: JsonRpcProvider) => new NonceManager(devWallet(i).connect(provider));

const [hubRpc, eastRpc] = [chain("hub"), chain("east")];
const hub = record("hub");
const east = record("east");
const deployer = wallet(DEV_ACCOUNTS.deployer, hubRpc);
// The buyer holds only a key and the SDK; the API relays and pays the gas.
const buyer = new Wallet(devWallet(DEV_ACCOUNTS.buyer).privateKey);
const client = new SuanliClient({ baseUrl: layout.url("api") });
const provider = { hub: wallet(DEV_ACCOUNTS.provider, hubRpc), east: wallet(DEV_ACCOUNTS.provider, eastRpc) };

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) {
      console.log(`✓ ${what} (${Date.now() - started} ms)`);
      return value;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const registry = ComputeRegistry__factory.connect(east.registry, provider.east);
const index = NodeIndex__factory.connect(hub.nodeIndex, hubRpc);
const market = JobMarket__factory.connect(hub.jobMarket, hubRpc);
const operator = await provider.east.getAddress();

const registered = await (
  await registry.register({
    cpuCores: 16,
    memoryMb: 65_536,
    gpuModel: "A100",
    gpuCount: 4,
    latencyClass: 1,
    energySource: 3,
    carbonIntensity: 30,
    pricePerSecond: 20n,
    identityCommitment: BigInt(Date.now()),
    endpoint: "https://demo-node.east.local:8443",
  })
).wait();
const nodeId = registry.interface.parseLog(registered!.logs.find((l) => l.address === east.registry)!)!.args
  .nodeId as bigint;
console.log(`node ${nodeId} registered on east`);
await until("node indexed on the hub", async () =>
  (await index.operatorOf(nodeId)) === operator ? true : undefined,
);

const token = SuanliToken__factory.connect(hub.token, deployer);
const stake = parseUnits("1000", 18);
await (await token.transfer(operator, stake)).wait();
await (await token.connect(provider.hub).approve(hub.stakeManager, stake)).wait();
await (await StakeManager__factory.connect(hub.stakeManager, provider.hub).stake(nodeId, stake)).wait();
console.log("✓ staked 1000 SUAN");

const usd = TestUSD__factory.connect(hub.paymentToken, deployer);
await (await usd.mint(buyer.address, 1_000_000n)).wait();
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
console.log(
  `quote: escrow ${quote.escrow}, ${quote.regions.map((r) => `${r.region} ${r.expectedPrice}`).join(", ")}`,
);
const submitted = await client.signAndSubmit(buyer, request, { expectedJobMarket: hub.jobMarket });
const jobId = BigInt(submitted.jobId);
console.log(
  `job ${jobId} created through the API (tx ${submitted.txHash}), escrow ${submitted.escrow} tUSD units`,
);

const inbox = DirectiveInbox__factory.connect(east.inbox, provider.east);
const assignment = await until("scheduler placed the job and the directive reached east", async () => {
  const a = await inbox.assignment(jobId);
  return a.attempt > 0n ? a : undefined;
});
await (await inbox.acknowledge(jobId)).wait();
// The node's output: uploaded to the API, committed to in the receipt.
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
const receipts = ReceiptRegistry__factory.connect(east.receipts, provider.east);
const proof = await signReceipt(provider.east, (await eastRpc.getNetwork()).chainId, east.verifier, receipt);
const before = await usd.balanceOf(operator);
await (await receipts.submitReceipt(receipt, proof)).wait();
await until("hub settled the job", async () => ((await market.job(jobId)).status === 3n ? true : undefined));
console.log(`provider paid ${(await usd.balanceOf(operator)) - before} tUSD units`);
for await (const step of client.follow(jobId))
  console.log(`  timeline: ${step.type} on ${step.chain} (tx ${step.txHash})`);
const result = await client.result(jobId);
console.log(
  `✓ result downloaded: ${result.bytes.length} bytes matching output commitment ${result.outputCommitment}`,
);
hubRpc.destroy();
eastRpc.destroy();
