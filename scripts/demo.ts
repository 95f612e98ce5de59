/**
 * Walks one job through the running local stack (`npm start` in another terminal): a provider registers a
 * node on east and stakes on the hub, a buyer signs a job request and permit that a relayer submits, the
 * scheduler service places it, the node acknowledges and submits a signed receipt, and the hub settles.
 * Every cross-chain step is carried by the bridge services.   npm run demo
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider, NonceManager, parseUnits } from "ethers";
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
import { signJobWithPermit, signReceipt } from "../services/shared/typed-data.js";
import { DEV_ACCOUNTS, devWallet } from "../services/stack/accounts.js";
import { parseBasePort, stackLayout } from "../services/stack/ports.js";
import { parseCli, usageError } from "./args.js";

parseCli(
  `
npm run demo   (or: ./scripts/dev.sh demo), with the stack running (npm start) in another terminal

Walks one job through the running stack: register, stake, signed job, placement by the scheduler, directive
relayed to east, acknowledgement, receipt, settlement on the hub.

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
const buyer = wallet(DEV_ACCOUNTS.buyer, hubRpc);
const provider = { hub: wallet(DEV_ACCOUNTS.provider, hubRpc), east: wallet(DEV_ACCOUNTS.provider, eastRpc) };
const gasRelayer = wallet(DEV_ACCOUNTS.jobRelayer, hubRpc);

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
await (await usd.mint(await buyer.getAddress(), 1_000_000n)).wait();
const now = BigInt((await hubRpc.getBlock("latest"))!.timestamp);
const spec = {
  resources: 4,
  durationSec: 600,
  tier: 1,
  latencyBoundMs: 200,
  deadline: now + 3_600n,
  maxUnitPrice: 25n,
  inputCommitment: 42n,
};
const chainId = (await hubRpc.getNetwork()).chainId;
const escrow = await market.quote(spec);
const nonce = BigInt(Date.now());
const permitToken = {
  name: "Test USD",
  address: hub.paymentToken,
  nonce: await usd.nonces(await buyer.getAddress()),
};
const expiry = now + 600n;
const { signature: sig, permit } = await signJobWithPermit(buyer, {
  chainId,
  market: hub.jobMarket,
  token: permitToken,
  spec,
  nonce,
  expiry,
  escrow,
});
await (
  await market
    .connect(gasRelayer)
    .createJobWithSig(spec, await buyer.getAddress(), nonce, expiry, sig, permit)
).wait();
const jobId = await market.jobCount();
console.log(`job ${jobId} created, escrow ${escrow} tUSD units`);

const inbox = DirectiveInbox__factory.connect(east.inbox, provider.east);
const assignment = await until("scheduler placed the job and the directive reached east", async () => {
  const a = await inbox.assignment(jobId);
  return a.attempt > 0n ? a : undefined;
});
await (await inbox.acknowledge(jobId)).wait();
const receipt = {
  jobId,
  nodeId: assignment.nodeId,
  attempt: Number(assignment.attempt),
  inputCommitment: assignment.inputCommitment,
  outputCommitment: 777n,
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
hubRpc.destroy();
eastRpc.destroy();
