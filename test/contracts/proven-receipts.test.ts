/**
 * The job lifecycle with Groth16 receipt proofs instead of operator signatures: single (JobReceipt) and
 * batched (ReceiptBatch, 8 jobs) receipts are verified by the region and re-verified by the hub before it
 * pays. Metrics stay private; only the SLA outcome flags are public.
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AbiCoder, zeroPadValue } from "ethers";
import {
  decodeJobReceiptSignals,
  decodeReceiptBatchSignals,
  identityCommitment,
  jobReceiptInput,
  type JobReceiptWitness,
  prove,
  receiptBatchInput,
  releaseProver,
  toSolidityProof,
} from "../../services/zk/index.js";
import { type MarketFixture, marketFixture, NODE_PARAMS } from "../helpers/market.js";
import { expectRevert, increaseTime } from "../helpers/chain.js";

const SECRET = 0x5ec12e7n;
const PROVEN_TUPLE =
  "tuple(uint256 jobId,uint256 nodeId,uint32 attempt,uint256 outputCommitment,uint256 metricsCommitment,uint256 nullifier,bool latencyMet,bool deadlineMet)[]";
const PROOF_TUPLE = "tuple(uint256[2] a,uint256[2][2] b,uint256[2] c)";

afterAll(releaseProver);

describe("proven receipts: Groth16 instead of signatures", () => {
  let f: MarketFixture;
  let nodeId: bigint;

  beforeEach(async () => {
    f = await marketFixture();
    nodeId = await f.registerAndStake({ ...NODE_PARAMS, identityCommitment: identityCommitment(SECRET) });
  });

  async function openAssigned(count: number) {
    const jobs: bigint[] = [];
    for (let i = 0; i < count; i++) {
      const { jobId } = await f.createJobWithSig(
        await f.spec({ inputCommitment: 1000n + BigInt(i) }),
        BigInt(i + 1),
      );
      await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, nodeId, 1)).wait();
      await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId)).wait();
      jobs.push(jobId);
    }
    return jobs;
  }

  async function witness(jobId: bigint, latencyMs: bigint, late = false): Promise<JobReceiptWitness> {
    const a = await f.east.inbox.assignment(jobId);
    return {
      secret: SECRET,
      jobId,
      inputCommitment: a.inputCommitment,
      outputCommitment: 9000n + jobId,
      latencyBoundMs: a.latencyBoundMs,
      deadline: a.deadline,
      latencyMs,
      finishTime: late ? a.deadline + 1n : await f.now(),
      energyWh: 40n,
      salt: 31337n + jobId,
    };
  }

  const provenOf = (
    w: JobReceiptWitness,
    attempt: number,
    signals: { nullifier: bigint; latencyMet: bigint; deadlineMet: bigint; metricsCommitment: bigint },
  ) => ({
    jobId: w.jobId,
    nodeId,
    attempt,
    outputCommitment: w.outputCommitment,
    metricsCommitment: signals.metricsCommitment,
    nullifier: signals.nullifier,
    latencyMet: signals.latencyMet === 1n,
    deadlineMet: signals.deadlineMet === 1n,
  });

  async function proveSingle(jobId: bigint, latencyMs: bigint, attempt = 1, late = false) {
    const w = await witness(jobId, latencyMs, late);
    const p = await prove("JobReceipt", jobReceiptInput(w));
    const s = decodeJobReceiptSignals(p.publicSignals);
    return { receipt: provenOf(w, attempt, s), proof: toSolidityProof(p.proof), w };
  }

  it("a single proven receipt settles: SLA met pays the provider, and the output is recorded for provenance", async () => {
    const [jobId] = await openAssigned(1);
    const before = await f.usd.balanceOf(f.signers.provider);
    const { receipt, proof } = await proveSingle(jobId!, 150n);
    await (await f.east.receipts.connect(f.signers.relayer).submitProvenReceipts([receipt], proof)).wait();
    expect((await f.hub.jobMarket.job(jobId!)).status).toBe(3n);
    expect((await f.usd.balanceOf(f.signers.provider)) - before).toBe(70_560n); // as the signed-receipt case
    expect(await f.east.receipts.nullifierUsed(receipt.nullifier)).toBe(true);
    expect(await f.hub.jobMarket.verifiedOutputCommitment(jobId!)).toBe(receipt.outputCommitment);
  });

  it("a proof of 'deadline met' accepted by the region after the deadline settles as a timeout", async () => {
    const [jobId] = await openAssigned(1);
    const job = await f.hub.jobMarket.job(jobId!);
    // The node proves a finish time at the deadline (the circuit outputs deadlineMet = 1) ...
    const w = { ...(await witness(jobId!, 150n)), finishTime: job.deadline };
    const p = await prove("JobReceipt", jobReceiptInput(w));
    const receipt = provenOf(w, 1, decodeJobReceiptSignals(p.publicSignals));
    expect(receipt.deadlineMet).toBe(true);
    // ... but submits it after the deadline and the allowance: the region's clock decides.
    await increaseTime(f.ethers.provider, job.deadline - (await f.now()) + 31n);
    const before = await f.usd.balanceOf(f.signers.provider);
    await (await f.east.receipts.submitProvenReceipts([receipt], toSolidityProof(p.proof))).wait();
    expect((await f.hub.jobMarket.job(jobId!)).status).toBe(4n);
    expect(await f.usd.balanceOf(f.signers.provider)).toBe(before);
    expect((await f.hub.reputation.recordOf(nodeId)).timeouts).toBe(1n);
  });

  it("latency = bound + 1 is proven as breached and costs the full latency penalty", async () => {
    const [jobId] = await openAssigned(1);
    const buyerBefore = await f.usd.balanceOf(f.signers.buyer);
    const { receipt, proof } = await proveSingle(jobId!, 201n);
    expect(receipt.latencyMet).toBe(false);
    await (await f.east.receipts.submitProvenReceipts([receipt], proof)).wait();
    // Metrics are private, so the penalty is the full rate: 50 % of 72 000; refund 18 000 + 36 000.
    expect((await f.usd.balanceOf(f.signers.buyer)) - buyerBefore).toBe(54_000n);
    expect((await f.hub.reputation.recordOf(nodeId)).slaBreaches).toBe(1n);
  });

  it("a batch of eight receipts settles every job with one proof", async () => {
    const jobs = await openAssigned(8);
    const slots = [];
    for (const [i, jobId] of jobs.entries()) {
      const { secret: _s, ...slot } = await witness(jobId, i === 7 ? 260n : 120n, i === 6);
      slots.push(slot);
    }
    const p = await prove("ReceiptBatch", receiptBatchInput(SECRET, slots));
    const s = decodeReceiptBatchSignals(p.publicSignals);
    const receipts = slots.map((w, i) => ({
      jobId: w.jobId,
      nodeId,
      attempt: 1,
      outputCommitment: w.outputCommitment,
      metricsCommitment: s.metricsCommitments[i]!,
      nullifier: s.nullifiers[i]!,
      latencyMet: ((s.outcomes >> BigInt(2 * i)) & 1n) === 1n,
      deadlineMet: ((s.outcomes >> BigInt(2 * i + 1)) & 1n) === 1n,
    }));
    const providerBefore = await f.usd.balanceOf(f.signers.provider);
    const tx = await f.east.receipts
      .connect(f.signers.relayer)
      .submitProvenReceipts(receipts, toSolidityProof(p.proof));
    await tx.wait();
    const statuses = await Promise.all(jobs.map(async (id) => (await f.hub.jobMarket.job(id)).status));
    expect(statuses).toEqual([3n, 3n, 3n, 3n, 3n, 3n, 4n, 3n]); // job 7 finished late → timed out
    // Six on time within bound (70 560 each) and one breached (72 000 − 36 000 − 720 fee = 35 280).
    expect((await f.usd.balanceOf(f.signers.provider)) - providerBefore).toBe(6n * 70_560n + 35_280n);
    const rep = await f.hub.reputation.recordOf(nodeId);
    expect([rep.successes, rep.slaBreaches, rep.timeouts]).toEqual([6n, 1n, 1n]);
  });

  it("a tampered proof or a flipped public outcome is rejected on chain with the verifier's error", async () => {
    const [jobId] = await openAssigned(1);
    const { receipt, proof } = await proveSingle(jobId!, 260n);
    const verifier = f.east.receiptProofVerifier;
    await expectRevert(
      () => f.east.receipts.submitProvenReceipts([{ ...receipt, latencyMet: true }], proof),
      verifier.interface,
      "JobReceiptProofVerifierProofInvalid",
    );
    const bent = { ...proof, a: [proof.a[0], proof.a[1] + 1n] as [bigint, bigint] };
    await expectRevert(
      () => f.east.receipts.submitProvenReceipts([receipt], bent),
      verifier.interface,
      "JobReceiptProofVerifierProofInvalid",
    );
    await expectRevert(
      () => f.east.receipts.submitProvenReceipts([{ ...receipt, outputCommitment: 1n }], proof),
      verifier.interface,
      "JobReceiptProofVerifierProofInvalid",
    );
    expect((await f.hub.jobMarket.job(jobId!)).status).toBe(2n);
  });

  it("a receipt proof made with another node's secret does not verify for this node", async () => {
    const [jobId] = await openAssigned(1);
    const w = { ...(await witness(jobId!, 100n)), secret: SECRET + 1n };
    const p = await prove("JobReceipt", jobReceiptInput(w));
    const s = decodeJobReceiptSignals(p.publicSignals);
    await expectRevert(
      () => f.east.receipts.submitProvenReceipts([provenOf(w, 1, s)], toSolidityProof(p.proof)),
      f.east.receiptProofVerifier.interface,
      "JobReceiptProofVerifierProofInvalid",
    );
  });

  it("a reused nullifier is refused by the region, and the stale receipt in flight is refused by the hub", async () => {
    const [jobId] = await openAssigned(1);
    // Hold region → hub messages, as a bridge in flight would.
    await (await f.eastMessenger.setHeld(true)).wait();
    const first = await proveSingle(jobId!, 100n, 1);
    await (await f.east.receipts.submitProvenReceipts([first.receipt], first.proof)).wait();
    // The scheduler meanwhile re-places the job on the same node (attempt 2), which acknowledges.
    await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId!, nodeId, 2)).wait();
    await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId!)).wait();
    const second = await proveSingle(jobId!, 100n, 2);
    expect(second.receipt.nullifier).toBe(first.receipt.nullifier);
    const [nullifier] = await expectRevert(
      () => f.east.receipts.submitProvenReceipts([second.receipt], second.proof),
      f.east.receipts.interface,
      "ReceiptRegistryNullifierUsed",
    );
    expect(nullifier).toBe(first.receipt.nullifier);
    await expectRevert(() => f.eastMessenger.release(), f.hub.jobMarket.interface, "JobMarketStaleReceipt");
  });

  it("the hub re-checks the proof: a region lying about the outcome is refused", async () => {
    const [jobId] = await openAssigned(1);
    const { receipt, proof } = await proveSingle(jobId!, 300n);
    // The enrolled region registry itself sends a "latency met" claim with the proof of a breach.
    const registry = await f.east.receipts.getAddress();
    await f.ethers.provider.send("hardhat_impersonateAccount", [registry]);
    await f.ethers.provider.send("hardhat_setBalance", [registry, "0xde0b6b3a7640000"]);
    const liar = await f.ethers.getSigner(registry);
    const body =
      "0x0116" +
      AbiCoder.defaultAbiCoder()
        .encode(
          [PROVEN_TUPLE, PROOF_TUPLE, "uint64[]", "uint64"],
          [[{ ...receipt, latencyMet: true }], proof, [await f.now()], await f.now()],
        )
        .slice(2);
    await expectRevert(
      async () =>
        f.eastMessenger
          .connect(liar)
          .dispatch(f.hub.domain, zeroPadValue(await f.hub.jobMarket.getAddress(), 32), body),
      f.hub.receiptProofVerifier.interface,
      "JobReceiptProofVerifierProofInvalid",
    );
    // A batch naming one job twice is refused before any verification.
    const twice =
      "0x0116" +
      AbiCoder.defaultAbiCoder()
        .encode(
          [PROVEN_TUPLE, PROOF_TUPLE, "uint64[]", "uint64"],
          [[receipt, receipt], proof, [await f.now(), await f.now()], await f.now()],
        )
        .slice(2);
    await expectRevert(
      async () =>
        f.eastMessenger
          .connect(liar)
          .dispatch(f.hub.domain, zeroPadValue(await f.hub.jobMarket.getAddress(), 32), twice),
      f.hub.jobMarket.interface,
      "JobMarketDuplicateReceipt",
    );
    expect((await f.hub.jobMarket.job(jobId!)).status).toBe(2n);
  });
});
