/**
 * Gas of the market's user-facing transactions, measured on an in-process chain with the same-chain
 * messenger (so region-side calls that report to the hub include the hub's handling of the message).
 *   npm run bench:gas
 */
import { network } from "hardhat";
import { parseUnits, type ContractTransactionResponse } from "ethers";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { connectRegion, deployHub, deployRegion, handOverHub } from "../../deploy/suanli.js";
import { LocalMessenger__factory, TestUSD__factory } from "../../types/contracts/index.js";
import { signJobWithPermit, signReceipt } from "../../services/shared/typed-data.js";
import {
  type BatchSlot,
  decodeJobReceiptSignals,
  decodeReceiptBatchSignals,
  identityCommitment,
  jobReceiptInput,
  prove,
  receiptBatchInput,
  releaseProver,
  toSolidityProof,
} from "../../services/zk/index.js";

const SECRET = 0x5ec12e7n;
const { ethers } = await network.create("hub");
const [deployer, buyer, provider, relayer, scheduler, stranger] = await ethers.getSigners();
const chainId = (await ethers.provider.getNetwork()).chainId;
const hubMessenger = await new LocalMessenger__factory(deployer).deploy(CHAIN_IDS.hub);
const eastMessenger = await new LocalMessenger__factory(deployer).deploy(CHAIN_IDS.east);
await (await hubMessenger.setPeer(eastMessenger)).wait();
await (await eastMessenger.setPeer(hubMessenger)).wait();
const hub = await deployHub(deployer!, {
  messenger: await hubMessenger.getAddress(),
  schedulers: [scheduler!.address],
});
const east = await deployRegion(deployer!, {
  hubDomain: CHAIN_IDS.hub,
  messenger: await eastMessenger.getAddress(),
});
await connectRegion(hub, east, deployer!, deployer!);
await handOverHub(hub, deployer!);
const usd = TestUSD__factory.connect(hub.paymentToken, deployer!);
await (await usd.mint(buyer!, parseUnits("1000", 6))).wait();
await (await hub.token.transfer(provider!, parseUnits("10000", 18))).wait();

const rows: [string, bigint][] = [];
async function measure(label: string, tx: Promise<ContractTransactionResponse>) {
  const receipt = await (await tx).wait();
  rows.push([label, receipt!.gasUsed]);
  return receipt!;
}
const now = async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
const market = await hub.jobMarket.getAddress();

const node = {
  cpuCores: 32,
  memoryMb: 131_072,
  gpuModel: "H100",
  gpuCount: 8,
  latencyClass: 1,
  energySource: 3,
  carbonIntensity: 24,
  pricePerSecond: 20n,
  identityCommitment: identityCommitment(SECRET),
  endpoint: "https://node-1.east.example:8443",
};
await measure("register node (region + hub index)", east.registry.connect(provider!).register(node));
const nodeId = (BigInt(CHAIN_IDS.east) << 64n) | 1n;
await (await hub.token.connect(provider!).approve(hub.stakeManager, parseUnits("2000", 18))).wait();
await measure("stake", hub.stakeManager.connect(provider!).stake(nodeId, parseUnits("2000", 18)));

async function job(nonce: bigint, label: string) {
  const spec = {
    resources: 4,
    durationSec: 600,
    tier: 1,
    latencyBoundMs: 200,
    deadline: (await now()) + 3600n,
    maxUnitPrice: 25n,
    inputCommitment: 42n,
  };
  const expiry = (await now()) + 600n;
  const escrow = await hub.jobMarket.quote(spec);
  const token = { name: "Test USD", address: hub.paymentToken, nonce: await usd.nonces(buyer!) };
  const { signature: sig, permit } = await signJobWithPermit(buyer!, {
    chainId,
    market,
    token,
    spec,
    nonce,
    expiry,
    escrow,
  });
  await measure(
    `createJobWithSig (permit)${label}`,
    hub.jobMarket.connect(relayer!).createJobWithSig(spec, buyer!.address, nonce, expiry, sig, permit),
  );
  return { jobId: await hub.jobMarket.jobCount(), spec };
}

for (const round of [1n, 2n]) {
  const label = round === 1n ? " [first]" : " [steady]";
  const { jobId } = await job(round, label);
  await measure(
    `assign (hub + region inbox)${label}`,
    hub.directiveHub.connect(scheduler!).assign(jobId, nodeId, 1),
  );
  await measure(`acknowledge${label}`, east.inbox.connect(provider!).acknowledge(jobId));
  const receipt = {
    jobId,
    nodeId,
    attempt: 1,
    inputCommitment: 42n,
    outputCommitment: 777n,
    latencyMs: 150,
    finishTime: await now(),
    energyWh: 1200,
  };
  const proof = await signReceipt(provider!, chainId, await east.verifier.getAddress(), receipt);
  await measure(
    `submitReceipt + settle${label}`,
    east.receipts.connect(provider!).submitReceipt(receipt, proof),
  );
}

const { jobId: late, spec } = await job(3n, "");
rows.pop();
await (await hub.directiveHub.connect(scheduler!).assign(late, nodeId, 1)).wait();
await ethers.provider.send("evm_increaseTime", [Number(spec.deadline - (await now())) + 601]);
await measure("settleTimedOut (refund + slash)", hub.jobMarket.connect(stranger!).settleTimedOut(late));

// Proven receipts: one proof for one job (JobReceipt) and for eight (ReceiptBatch). Both the region and the
// hub verify the proof, so each row includes two Groth16 verifications and the settlement.
async function provenRound(count: number) {
  const slots: BatchSlot[] = [];
  for (let i = 0; i < count; i++) {
    const { jobId } = await job(100n + BigInt(count * 10 + i), "");
    rows.pop();
    await (await hub.directiveHub.connect(scheduler!).assign(jobId, nodeId, 1)).wait();
    await (await east.inbox.connect(provider!).acknowledge(jobId)).wait();
    const a = await east.inbox.assignment(jobId);
    slots.push({
      jobId,
      inputCommitment: a.inputCommitment,
      outputCommitment: 5000n + jobId,
      latencyBoundMs: a.latencyBoundMs,
      deadline: a.deadline,
      latencyMs: 120n,
      finishTime: await now(),
      energyWh: 30n,
      salt: 77n + jobId,
    });
  }
  const p = await prove(count === 1 ? "JobReceipt" : "ReceiptBatch", receiptBatchInputFor(slots));
  const receipts = provenReceipts(slots, p.publicSignals);
  const r = await measure(
    `submitProvenReceipts ×${count} (2 verifies + settle)`,
    east.receipts.connect(relayer!).submitProvenReceipts(receipts, toSolidityProof(p.proof)),
  );
  if (count > 1) rows.push([`  per job in the batch of ${count}`, r.gasUsed / BigInt(count)]);
}

function receiptBatchInputFor(slots: BatchSlot[]) {
  if (slots.length > 1) return receiptBatchInput(SECRET, slots);
  return jobReceiptInput({ ...slots[0]!, secret: SECRET });
}

function provenReceipts(slots: BatchSlot[], signals: bigint[]) {
  if (slots.length === 1) {
    const s = decodeJobReceiptSignals(signals);
    return [
      {
        ...common(slots[0]!),
        metricsCommitment: s.metricsCommitment,
        nullifier: s.nullifier,
        latencyMet: s.latencyMet === 1n,
        deadlineMet: s.deadlineMet === 1n,
      },
    ];
  }
  const s = decodeReceiptBatchSignals(signals);
  return slots.map((slot, i) => ({
    ...common(slot),
    metricsCommitment: s.metricsCommitments[i]!,
    nullifier: s.nullifiers[i]!,
    latencyMet: ((s.outcomes >> BigInt(2 * i)) & 1n) === 1n,
    deadlineMet: ((s.outcomes >> BigInt(2 * i + 1)) & 1n) === 1n,
  }));
}

function common(slot: BatchSlot) {
  return { jobId: slot.jobId, nodeId, attempt: 1, outputCommitment: slot.outputCommitment };
}

await provenRound(1);
await provenRound(8);
await releaseProver();

const width = Math.max(...rows.map(([l]) => l.length));
console.log(`${"operation".padEnd(width)}  gas`);
for (const [label, gas] of rows) console.log(`${label.padEnd(width)}  ${gas.toLocaleString("en-US")}`);
