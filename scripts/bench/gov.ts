/**
 * Cross-chain governance figures (docs/governance.md): voters spread over hub, east and west (SUAN bridged to
 * the regions by lock-and-mint), gas per spoke vote, per delivered tally (after a few voters and after all of
 * them: its cost must not grow with the voters behind it, and when a spoke's tally is a proposal's first vote),
 * per hub vote, per hub count (the Governor's part of each delivery, and where the rest goes by contract, from
 * the node's opcode trace: scripts/bench/frames.ts), and the seconds from a spoke vote to its weight on the hub
 * with 1-second blocks.   npm run bench:gov [-- --voters 1000]
 */
import { id as idOf, Wallet, type Signer } from "ethers";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { interopAddress } from "../../services/shared/interop.js";
import { GAS, governanceWorld, NAMES, SUAN } from "../../test/governance/world.js";
import { intOption, parseCli } from "../args.js";
import { flatten, frames, type Frame } from "./frames.js";

const { values } = parseCli(
  `
npm run bench:gov [-- --voters N --samples S]

Deploys the market, the bridge and cross-chain governance on three in-process chains, gives N voters
(default 1000, a third per chain) SUAN, and prints gas per spoke vote, per delivered tally (few voters vs all,
and a tally that is the proposal's first vote), per hub vote and per hub count (the Governor's part of each
delivery, traced), each delivery's gas by contract, then S samples (default 20) of the seconds from a spoke vote to its
weight on the hub with 1-second blocks (attest + deliver as soon as each step is mined).
`,
  { voters: { type: "string" }, samples: { type: "string" } },
);
const VOTERS = intOption("voters", values.voters, 1_000, 3, 10_000);
const SAMPLES = intOption("samples", values.samples, 20, 1, 200);

const w = await governanceWorld();
const { net, gov, chains } = w;
const deployer = w.deployerOf("hub");
const regions = ["east", "west"] as const;

const wallets = Array.from({ length: VOTERS }, () => Wallet.createRandom());
const chainOf = (i: number) => NAMES[i % 3]!;
const FUND = "0x8ac7230489e80000"; // 10 ETH
for (const n of NAMES) {
  for (const v of wallets) await chains[n].provider.send("hardhat_setBalance", [v.address, FUND]);
}
const signer = (i: number): Signer => wallets[i]!.connect(chains[chainOf(i)].provider);
const weight = (i: number) => SUAN(1_000 + i);

// Hub voters get SUAN on the hub; region voters get it locked on the hub and minted on their region.
const total = wallets.reduce((s, _, i) => s + weight(i), 0n);
await (await net.hub.token.connect(deployer).approve(gov.hub.tokenBridge, total)).wait();
for (let i = 0; i < VOTERS; i++) {
  const n = chainOf(i);
  if (n === "hub")
    await (await net.hub.token.connect(deployer).transfer(wallets[i]!.address, weight(i))).wait();
  else
    await (
      await gov.hub.tokenBridge
        .connect(deployer)
        .crosschainTransfer(interopAddress(CHAIN_IDS[n], wallets[i]!.address), weight(i), { gasLimit: GAS })
    ).wait();
}
await w.relay();
for (let i = 0; i < VOTERS; i++) {
  const n = chainOf(i);
  const token = n === "hub" ? net.hub.token : gov.regions[n]!.token;
  await (await token.connect(signer(i)).delegate(wallets[i]!.address)).wait();
}
await w.elapse(1);

const announceGas: bigint[] = [];
async function openProposal(description: string) {
  const target = [await net.hub.token.getAddress()];
  const calldata = [net.hub.token.interface.encodeFunctionData("name")];
  await (await net.hub.governor.connect(deployer).propose(target, [0n], calldata, description)).wait();
  const proposalId = await net.hub.governor.hashProposal(target, [0n], calldata, idOf(description));
  await w.elapse(2); // announced once the snapshot is past
  for (const r of regions) {
    const sent = (await (await gov.hub.votePool.announce(proposalId, CHAIN_IDS[r])).wait())!;
    announceGas.push(sent.gasUsed);
  }
  await w.relay();
  return proposalId;
}

const proposalId = await openProposal("bench: gas");
const spokeGas: bigint[] = [];
const hubGas: bigint[] = [];
const tallyGas: { voters: number; gas: bigint; region: string; count: number; parts: string }[] = [];
const FEW = 3;
const hubNames = new Map<string, string>();
for (const [name, c] of [
  ["Mailbox", w.bridges.hub!.mailbox],
  ["MultisigIsm", w.bridges.hub!.ism],
  ["MailboxGateway", gov.hub.gateway],
  ["HubVotePool", gov.hub.votePool],
  ["SuanliGovernor", net.hub.governor],
  ["SuanliToken", net.hub.token],
] as const)
  hubNames.set((await c.getAddress()).toLowerCase(), name);
/** Gas of a delivery by contract (what each ran itself) and the Governor's count inside it. */
async function where(hash: string) {
  const { root, intrinsic } = await frames(chains.hub.provider, hash);
  const by = new Map<string, number>([["transaction + calldata", intrinsic]]);
  for (const f of flatten(root)) {
    const name = hubNames.get(f.address.toLowerCase()) ?? f.address;
    by.set(name, (by.get(name) ?? 0) + f.own);
  }
  const governor = await net.hub.governor.getAddress();
  const count = flatten(root).filter(
    (f: Frame) => f.kind === "CALL" && f.address.toLowerCase() === governor.toLowerCase(),
  );
  if (count.length !== 1) throw new Error(`expected one call into the Governor, found ${count.length}`);
  return { count: count[0]!.inclusive, parts: [...by].map(([k, v]) => `${k} ${v}`).join(", ") };
}
/** Delivers every collected message to the hub, recording each tally's gas, Governor count and breakdown. */
async function deliverTallies(votersBehind: number, label = "") {
  for (const m of await w.collect()) {
    const rcpt = (await (await w.deliver(m)).wait())!;
    const pool = gov.hub.votePool.interface;
    if (!rcpt.logs.some((l) => pool.parseLog(l)?.name === "TallyCounted"))
      throw new Error("tally not counted");
    tallyGas.push({
      voters: votersBehind,
      gas: rcpt.gasUsed,
      region: `${m.from}${label}`,
      ...(await where(rcpt.hash)),
    });
  }
}
async function sendTallies(votersBehind: number) {
  for (const r of regions) await (await gov.regions[r]!.aggregator.sendTally(proposalId)).wait();
  await deliverTallies(votersBehind);
}
let spokeVoters = 0;
for (let i = 0; i < VOTERS; i++) {
  const n = chainOf(i);
  const support = i % 5 === 0 ? 0 : 1;
  if (n === "hub") {
    const r = (await (await net.hub.governor.connect(signer(i)).castVote(proposalId, support)).wait())!;
    hubGas.push(r.gasUsed);
  } else {
    const r = (await (
      await gov.regions[n]!.aggregator.connect(signer(i)).castVote(proposalId, support)
    ).wait())!;
    spokeGas.push(r.gasUsed);
    spokeVoters++;
  }
  if (spokeVoters === 2 * FEW && n !== "hub") await sendTallies(FEW);
}
await sendTallies(Math.floor(spokeVoters / 2));

const [against, forVotes, abstain] = await net.hub.governor.proposalVotes(proposalId);
const expectedFor = wallets.reduce((s, _, i) => (i % 5 === 0 ? s : s + weight(i)), 0n);
const expectedAgainst = wallets.reduce((s, _, i) => (i % 5 === 0 ? s + weight(i) : s), 0n);
if (forVotes !== expectedFor || against !== expectedAgainst || abstain !== 0n) {
  throw new Error(`hub tally ${against}/${forVotes}/${abstain} ≠ summed snapshot weights`);
}

// The costliest order for the Governor: a spoke's tally is the proposal's first vote of every kind (no hub vote
// yet), so OpenZeppelin's counting writes fresh slots for against, for and abstain as well as the pool's used
// votes. Three east voters vote against, for and abstain on a new proposal.
{
  const p = await openProposal("bench: the spokes vote first");
  const east = wallets.map((_, i) => i).filter((i) => chainOf(i) === "east");
  for (const support of [0, 1, 2]) {
    const i = east[support]!;
    await (await gov.regions.east!.aggregator.connect(signer(i)).castVote(p, support)).wait();
  }
  await (await gov.regions.east!.aggregator.sendTally(p)).wait();
  await deliverTallies(3, " (first vote of all kinds)");
}

const stats = (xs: bigint[]) => {
  const s = [...xs].sort((a, b) => (a < b ? -1 : 1));
  const mean = s.reduce((a, b) => a + b, 0n) / BigInt(s.length);
  return `mean ${mean}  max ${s[s.length - 1]}  (n=${s.length})`;
};
console.log(
  `voters: ${VOTERS} (hub ${hubGas.length}, regions ${spokeGas.length}); hub tally = summed snapshot weights ✓`,
);
console.log(`spoke vote (castVote)            ${stats(spokeGas)}   target ≤ 90000`);
console.log(`hub vote (castVote)              ${stats(hubGas)}`);
console.log(
  `announce (per spoke)             ${stats(announceGas)}   (reads the pool's weight at the snapshot; sends to the spoke)`,
);
for (const t of tallyGas) {
  console.log(
    `tally delivery ${t.region.padEnd(4)} ${String(t.voters).padStart(4)} voters  ${t.gas} gas (Mailbox.process: ISM + gateway + pool + Governor count)   target ≤ 150000`,
  );
}
for (const t of tallyGas) {
  console.log(
    `hub count      ${t.region.padEnd(4)} ${String(t.voters).padStart(4)} voters  ${t.count} gas (inside that delivery: the pool's castVoteWithReasonAndParams call into the Governor, traced)`,
  );
}
for (const t of tallyGas)
  console.log(`delivery by contract ${t.region} ${t.voters} voters (own gas, traced): ${t.parts}`);

// Latency: 1-second blocks on every chain; a vote, its tally, attestation and delivery as soon as mined.
const latency: number[] = [];
/** A fresh proposal for the next samples (the spoke window closes 40 s after the snapshot). */
async function latencyProposal(k: number) {
  for (const n of NAMES) {
    await chains[n].provider.send("evm_setIntervalMining", [0]);
    await chains[n].provider.send("evm_setAutomine", [true]);
  }
  const p = await openProposal(`bench: latency ${k}`);
  for (const n of NAMES) {
    await chains[n].provider.send("evm_setAutomine", [false]);
    await chains[n].provider.send("evm_setIntervalMining", [1_000]);
  }
  await w.elapse(2); // every chain's next block well past the snapshot
  return p;
}
const PER_PROPOSAL = 8;
const spokeIdx = wallets.map((_, i) => i).filter((i) => chainOf(i) !== "hub");
let p3 = 0n;
for (let s = 0; s < Math.min(SAMPLES, spokeIdx.length); s++) {
  if (s % PER_PROPOSAL === 0) p3 = await latencyProposal(s / PER_PROPOSAL);
  const i = spokeIdx[s]!;
  const n = chainOf(i) as "east" | "west";
  const before = (await net.hub.governor.proposalVotes(p3))[1];
  const t0 = Date.now();
  const aggregator = gov.regions[n]!.aggregator.connect(signer(i));
  await aggregator.castVote.staticCall(p3, 1); // names the error if the vote would be refused
  await (await aggregator.castVote(p3, 1)).wait();
  await (await gov.regions[n]!.aggregator.sendTally(p3)).wait();
  const msgs = await w.collect();
  for (const m of msgs) await (await w.deliver(m)).wait();
  while ((await net.hub.governor.proposalVotes(p3))[1] === before)
    await new Promise((r) => setTimeout(r, 50));
  latency.push((Date.now() - t0) / 1000);
}
latency.sort((a, b) => a - b);
const pct = (q: number) =>
  latency[Math.min(latency.length - 1, Math.ceil(q * latency.length) - 1)]!.toFixed(2);
console.log(
  `spoke vote → weight on the hub, 1 s blocks: p50 ${pct(0.5)} s  p99 ${pct(0.99)} s  max ${latency[latency.length - 1]!.toFixed(2)} s  (n=${latency.length}; relay = attest + deliver at once)`,
);
process.exit(0);
