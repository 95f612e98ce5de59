/**
 * Gas of the market's user-facing transactions, measured on the same-chain market fixture (hub and east on one
 * in-process chain joined by LocalMessengers), so region-side calls that report to the hub include the hub's
 * handling of the message.   npm run bench:gas
 */
import { parseUnits, type ContractTransactionResponse } from "ethers";
import { identityCommitment, releaseProver } from "../../services/zk/index.js";
import { increaseTime } from "../../test/helpers/chain.js";
import { marketFixture, NODE_PARAMS } from "../../test/helpers/market.js";
import { provenSettlementGas } from "./proven-settlement.js";
import { parseCli } from "../args.js";

parseCli(
  `
npm run bench:gas

Prints the gas of register, stake, createJobWithSig, assign, acknowledge, submitReceipt + settle,
settleTimedOut and proven settlement (single and a batch of eight), measured on an in-process chain.
Takes no options.
`,
  {},
);

const SECRET = 0x5ec12e7n;
const f = await marketFixture();
const { hub, east, signers } = f;
const rows: [string, bigint][] = [];
async function measure(label: string, tx: Promise<ContractTransactionResponse>) {
  const receipt = (await (await tx).wait())!;
  rows.push([label, receipt.gasUsed]);
  return receipt;
}

const registered = await measure(
  "register node (region + hub index)",
  east.registry
    .connect(signers.provider)
    .register({ ...NODE_PARAMS, identityCommitment: identityCommitment(SECRET) }),
);
const nodeId = east.registry.interface.parseLog(
  registered.logs.find((l) => l.address === east.registry.target)!,
)!.args.nodeId as bigint;
const stake = parseUnits("2000", 18);
await (await hub.token.connect(signers.voter).transfer(signers.provider, stake)).wait();
await (await hub.token.connect(signers.provider).approve(hub.stakeManager, stake)).wait();
await measure("stake", hub.stakeManager.connect(signers.provider).stake(nodeId, stake));

for (const [nonce, label] of [
  [1n, " [first]"],
  [2n, " [steady]"],
] as const) {
  const { jobId, tx } = await f.createJobWithSig(await f.spec(), nonce);
  rows.push([`createJobWithSig (permit)${label}`, (await tx.wait())!.gasUsed]);
  await measure(
    `assign (hub + region inbox)${label}`,
    hub.directiveHub.connect(signers.scheduler).assign(jobId, nodeId, 1),
  );
  await measure(`acknowledge${label}`, east.inbox.connect(signers.provider).acknowledge(jobId));
  const receipt = await f.receiptFor(jobId, nodeId);
  await measure(`submitReceipt + settle${label}`, f.submitSigned(receipt));
}

const declined = await f.createJobWithSig(await f.spec(), 4n);
await (await hub.directiveHub.connect(signers.scheduler).assign(declined.jobId, nodeId, 1)).wait();
await measure("decline (unlock stake)", hub.jobMarket.connect(signers.provider).decline(declined.jobId));

const late = await f.spec();
const { jobId: lateJob } = await f.createJobWithSig(late, 3n);
await (await hub.directiveHub.connect(signers.scheduler).assign(lateJob, nodeId, 1)).wait();
// Past the deadline and the policy's settlement grace (the time receipts in flight may still take).
const grace = (await hub.jobMarket.policy()).settlementGraceSec;
await increaseTime(f.ethers.provider, late.deadline - (await f.now()) + grace + 1n);
await measure(
  "settleTimedOut (refund + slash)",
  hub.jobMarket.connect(signers.stranger).settleTimedOut(lateJob),
);

const proven = await provenSettlementGas(f, nodeId, SECRET, 100n);
await releaseProver();
for (const { jobs, gas } of proven.rounds) {
  rows.push([`submitProvenReceipts ×${jobs} (hub verifies once, credits)`, gas]);
  if (jobs > 1) rows.push([`  per job in the batch of ${jobs}`, gas / BigInt(jobs)]);
}
rows.push(["withdrawCredit (operator, all proven payouts)", proven.withdraw]);

const width = Math.max(...rows.map(([l]) => l.length));
console.log(`${"operation".padEnd(width)}  gas`);
for (const [label, gas] of rows) console.log(`${label.padEnd(width)}  ${gas.toLocaleString("en-US")}`);
