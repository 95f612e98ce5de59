/**
 * Issue 18's must-show 1 on the running local stack (`npm start` in another terminal), through its doors: holders
 * on the hub, east and west (SUAN bridged to the regions by the stack's validators and relayer) vote on a
 * proposal that changes a parameter of west (the rate limit of one lane into west's Mailbox, owned by west's
 * GovernanceExecutor); the hub's tally equals the sum of their snapshot weights, exactly; the proposal passes,
 * waits in the Timelock and the relayer carries the call to west, whose parameter changes. The votes, bridging
 * and tallies go through the SDK (services/sdk/actions/governance.ts); propose, queue and execute through the
 * `suanli dao` CLI. The development chains' clocks (all three, so they keep one time) are moved past the vote's
 * end and the Timelock delay with `evm_increaseTime`.
 *   npm run demo:gov
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider, parseEther, parseUnits, Wallet } from "ethers";
import { DEV_ACCOUNTS, devWallet } from "../services/stack/accounts.js";
import {
  bridgeToRegion,
  castSpokeVote,
  chainTallies,
  delegateOn,
  type HubGovernance,
  type RegionGovernance,
  sendSpokeTally,
  spokeProposal,
  suanBalance,
  type Votes,
} from "../services/sdk/actions/governance.js";
import { Mailbox__factory, SuanliGovernor__factory, SuanliToken__factory } from "../types/contracts/index.js";
import { parseCli, runningStackLayout } from "./args.js";

parseCli(
  `
npm run demo:gov, with the stack running (npm start) in another terminal

Three fresh holders (hub 4,000,000 SUAN, east 1,500, west 2,500 bridged from the hub) vote on a proposal that
sets the rate limit of the hub → west lane for ERC-7786 messages on west's Mailbox: the hub holder and east's
for, west's against. It checks the hub's tally per chain equals their snapshot weights exactly, then moves the
three chains' clocks past the vote and the Timelock delay, queues and executes, and waits for west's Mailbox to
show the new limit. The hub holder's SUAN goes back to the deployer at the end.

Environment:
  SUANLI_STACK_BASE_PORT   base port of the stack to use: the same value it was started with (default 8545)
`,
  {},
);

const layout = runningStackLayout();
if (!existsSync(layout.manifest)) {
  console.error(
    `demo:gov: the stack on base ${layout.base} is not running (no ${layout.manifest}): npm start`,
  );
  process.exit(1);
}
process.on("uncaughtException", (error) => {
  console.error(`demo:gov: ${error.message.split("\n")[0]}`);
  process.exit(1);
});

type Name = "hub" | "east" | "west";
const manifest = JSON.parse(readFileSync(layout.manifest, "utf8")) as { chains: Record<string, string> };
const record = (name: Name) =>
  JSON.parse(readFileSync(path.join(layout.deploymentsDir, `${name}.json`), "utf8")) as Record<
    string,
    string
  >;
const rpc = Object.fromEntries(
  (["hub", "east", "west"] as const).map((n) => [
    n,
    new JsonRpcProvider(manifest.chains[n] ?? layout.url(n), undefined, {
      cacheTimeout: -1,
      staticNetwork: true,
    }),
  ]),
) as Record<Name, JsonRpcProvider>;
const h = record("hub");
const hub: HubGovernance = {
  chainId: Number(h.chainId),
  governor: h.governor!,
  token: h.token!,
  tokenBridge: h.tokenBridge!,
  votePool: h.votePool!,
};
const region = (n: "east" | "west"): RegionGovernance => {
  const r = record(n);
  return { chainId: Number(r.chainId), suan: r.suan!, voteAggregator: r.voteAggregator! };
};
const regions = { east: region("east"), west: region("west") };
const root = path.join(import.meta.dirname, "..");
const deployerKey = devWallet(DEV_ACCOUNTS.deployer).privateKey;
const SUAN = (n: number) => parseUnits(String(n), 18);
const ERC7786_KIND = 32;

/** The real `suanli` binary with `--json`, signed by the deployer, as a user would run it. */
const suanli = (args: string[]): Promise<Record<string, unknown>> => {
  console.log(`  $ suanli ${args.map((a) => (/[\s:()]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  return new Promise((resolve, reject) =>
    execFile(
      path.join(root, "services", "cli", "suanli"),
      [...args, "--json"],
      {
        cwd: root,
        env: { ...process.env, SUANLI_STACK_BASE_PORT: String(layout.base), SUANLI_PRIVATE_KEY: deployerKey },
      },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`suanli ${args.slice(0, 2).join(" ")}: ${stderr.trim() || error.message}`))
          : resolve(JSON.parse(stdout) as Record<string, unknown>),
    ),
  );
};

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutSec = 90) {
  for (const started = Date.now(); ;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - started > timeoutSec * 1000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Moves every chain's clock by `seconds` and mines a block on each, so hub and regions keep one time. */
async function elapse(seconds: number) {
  for (const n of ["hub", "east", "west"] as const) {
    await rpc[n].send("evm_increaseTime", [seconds]);
    await rpc[n].send("evm_mine", []);
  }
}

const same = (a: Votes, b: Votes) => a.against === b.against && a.for === b.for && a.abstain === b.abstain;
const show = (v: Votes) =>
  `for ${v.for / 10n ** 18n}, against ${v.against / 10n ** 18n}, abstain ${v.abstain / 10n ** 18n}`;

console.log("== holders on the hub, east and west (fresh accounts; SUAN to the regions over the bridge)");
const deployer = { hub: devWallet(DEV_ACCOUNTS.deployer).connect(rpc.hub) };
const holders = {
  hub: { wallet: Wallet.createRandom(), amount: SUAN(4_000_000), support: 1 as const },
  east: { wallet: Wallet.createRandom(), amount: SUAN(1_500), support: 1 as const },
  west: { wallet: Wallet.createRandom(), amount: SUAN(2_500), support: 0 as const },
};
for (const n of ["hub", "east", "west"] as const) {
  const funder = devWallet(DEV_ACCOUNTS.deployer).connect(rpc[n]);
  await (await funder.sendTransaction({ to: holders[n].wallet.address, value: parseEther("1") })).wait();
}
const token = SuanliToken__factory.connect(hub.token, deployer.hub);
await (await token.transfer(holders.hub.wallet.address, holders.hub.amount)).wait();
for (const n of ["east", "west"] as const) {
  await bridgeToRegion(deployer.hub, hub, regions[n], holders[n].wallet.address, holders[n].amount);
}
for (const n of ["east", "west"] as const)
  await until(`the SUAN minted on ${n}`, async () =>
    (await suanBalance(rpc[n], regions[n], holders[n].wallet.address)) === holders[n].amount
      ? true
      : undefined,
  );
for (const n of ["hub", "east", "west"] as const) {
  const chain = n === "hub" ? hub : regions[n];
  await delegateOn(holders[n].wallet.connect(rpc[n]), chain, holders[n].wallet.address);
  console.log(
    `  ${n}: ${holders[n].wallet.address} holds and delegates ${holders[n].amount / 10n ** 18n} SUAN`,
  );
}
await elapse(1); // the delegations are checkpointed before the proposal's snapshot

console.log("\n== a proposal for west: the rate limit of hub → west ERC-7786 messages on west's Mailbox");
const capacity = 1_000_000n + BigInt(Math.floor(Date.now() / 1000) % 1_000);
const westMailbox = Mailbox__factory.connect(record("west").mailbox!, rpc.west);
const proposed = await suanli([
  "dao",
  "propose",
  "region-rate-limit",
  "--region",
  "west",
  "--origin",
  String(hub.chainId),
  "--kind",
  String(ERC7786_KIND),
  "--capacity",
  String(capacity),
  "--refill-per-hour",
  "1000000",
  "--description",
  `West: hub to west ERC-7786 lane at ${capacity} messages (${Date.now()})`,
]);
const proposalId = BigInt(proposed.proposalId as string);
for (const n of ["east", "west"] as const)
  await until(
    `the announcement on ${n}`,
    async () => (await spokeProposal(rpc[n], regions[n], proposalId)).announced,
  );
const governor = SuanliGovernor__factory.connect(hub.governor, rpc.hub);
const snapshot = Number(await governor.proposalSnapshot(proposalId));
await elapse(Math.max(1, snapshot + 1 - (await rpc.hub.getBlock("latest"))!.timestamp));
console.log(`  proposal ${proposalId}, snapshot ${snapshot}, announced to east and west`);

console.log("\n== votes on every chain, the regions' tallies to the hub");
await (
  await governor.connect(holders.hub.wallet.connect(rpc.hub)).castVote(proposalId, holders.hub.support)
).wait();
for (const n of ["east", "west"] as const) {
  await castSpokeVote(holders[n].wallet.connect(rpc[n]), regions[n], proposalId, holders[n].support);
  await sendSpokeTally(holders[n].wallet.connect(rpc[n]), regions[n], proposalId);
}
const weight = (n: Name) => (holders[n].support === 1 ? holders[n].amount : 0n);
const against = (n: Name) => (holders[n].support === 0 ? holders[n].amount : 0n);
const expected: Record<Name, Votes> = {
  hub: { for: weight("hub"), against: against("hub"), abstain: 0n },
  east: { for: weight("east"), against: against("east"), abstain: 0n },
  west: { for: weight("west"), against: against("west"), abstain: 0n },
};
const tallies = await until("both regions' tallies counted on the hub", async () => {
  const t = await chainTallies(rpc.hub, hub, regions, proposalId);
  return same(t.regions.east!, expected.east) && same(t.regions.west!, expected.west) ? t : undefined;
});
if (!same(tallies.hub, expected.hub))
  throw new Error(`hub's own votes ${show(tallies.hub)} ≠ ${show(expected.hub)}`);
const total: Votes = {
  for: expected.hub.for + expected.east.for + expected.west.for,
  against: expected.hub.against + expected.east.against + expected.west.against,
  abstain: 0n,
};
if (!same(tallies.total, total))
  throw new Error(`hub tally ${show(tallies.total)} ≠ summed weights ${show(total)}`);
for (const n of ["hub", "east", "west"] as const)
  console.log(`  ${n.padEnd(4)} ${show(n === "hub" ? tallies.hub : tallies.regions[n]!)}`);
console.log(`  total ${show(tallies.total)} = the holders' snapshot weights ✓`);

console.log("\n== the vote ends; queue, the Timelock delay, execute; the relayer carries the call to west");
const deadline = Number(await governor.proposalDeadline(proposalId));
// Past the hub's end and a marked proposal's veto window (the development window is 30 s).
await elapse(deadline - (await rpc.hub.getBlock("latest"))!.timestamp + 31);
await suanli(["dao", "queue", String(proposalId)]);
const eta = Number(await governor.proposalEta(proposalId));
await elapse(Math.max(1, eta - (await rpc.hub.getBlock("latest"))!.timestamp + 1));
await suanli(["dao", "execute", String(proposalId)]);
const limit = await until("west's Mailbox to show the new limit", async () => {
  const l = await westMailbox.rateLimit(hub.chainId, ERC7786_KIND);
  return l.enabled && l.capacity === capacity ? l : undefined;
});
console.log(`  west: hub → west ERC-7786 lane limited to ${limit.capacity} messages ✓ (executed on west)`);

// The hub holder's SUAN back to the deployer (the regions' small amounts stay locked for their holders).
await (
  await token.connect(holders.hub.wallet.connect(rpc.hub)).transfer(deployer.hub.address, holders.hub.amount)
).wait();
for (const p of Object.values(rpc)) p.destroy();
console.log("\ndemo:gov: done");
