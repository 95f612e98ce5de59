/**
 * The job lifecycle with Groth16 receipt proofs instead of operator signatures: single (JobReceipt) and
 * batched (ReceiptBatch8 for 2..8 jobs, ReceiptBatch for 9..32) receipts. The region checks the assignments and marks each job attempt
 * receipted; the hub verifies the proof once, against its own records and the node's registered identity, and
 * credits the payouts (pulled with withdrawCredit). Metrics stay private; only the SLA outcome flags are public.
 * Includes the regression tests of issue 12's attacks 3 (one node per batch on the hub) and 4 (re-assignment).
 */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { AbiCoder, type Interface, keccak256, toBeHex, zeroPadValue } from "ethers";
import {
  identityCommitment,
  jobReceiptInput,
  type JobReceiptWitness,
  packProvenReceipt,
  prove,
  type ProvenReceipt,
  receiptBatch8Input,
  receiptBatchInput,
  type ReceiptWitness,
  releaseProver,
  toSolidityProof,
  unpackTerms,
} from "../../services/zk/index.js";
import { type MarketFixture, marketFixture, NODE_PARAMS } from "../helpers/market.js";
import { expectRevert, increaseTime } from "../helpers/chain.js";
import { decodeLog, type IndexedEvent, interfaces } from "../../services/indexer/events.js";
import { jobView, providerView } from "../../services/indexer/views.js";

const SECRET = 0x5ec12e7n;
const BATCH_TUPLE =
  "tuple(uint256 nodeId,tuple(uint256 packed,uint256 outputCommitment)[] receipts,uint256 metricsDigest,tuple(uint256[2] a,uint256[2][2] b,uint256[2] c) proof,uint64[] directiveReceivedAt,uint64 acceptedAt)";

afterAll(releaseProver);

interface Proven {
  receipts: {
    jobId: bigint;
    attempt: bigint;
    outputCommitment: bigint;
    latencyMet: boolean;
    deadlineMet: boolean;
  }[];
  metricsDigest: bigint;
  proof: ReturnType<typeof toSolidityProof>;
}

/** Receipts as the wire carries them: job id, attempt and outcomes in one packed word. */
const toWire = (receipts: Proven["receipts"]): ProvenReceipt[] =>
  receipts.map((r) => ({ packed: packProvenReceipt(r), outputCommitment: r.outputCommitment }));

/** The receipts and digest a proof's public signals carry (terms unpacked into the claimed outcomes). */
function provenOf(publicSignals: bigint[], slots: readonly ReceiptWitness[], proof: Proven["proof"]): Proven {
  const size = (publicSignals.length - 2) / 2;
  return {
    metricsDigest: publicSignals[0]!,
    receipts: slots.map((w, i) => {
      const t = unpackTerms(publicSignals[2 + i]!)!;
      expect(publicSignals[2 + size + i]).toBe(w.outputCommitment);
      return {
        jobId: t.jobId,
        attempt: t.attempt,
        outputCommitment: w.outputCommitment,
        latencyMet: t.latencyMet,
        deadlineMet: t.deadlineMet,
      };
    }),
    proof,
  };
}

describe("proven receipts: Groth16 instead of signatures", () => {
  let f: MarketFixture;
  let nodeId: bigint;

  beforeEach(async () => {
    f = await marketFixture();
    nodeId = await f.registerAndStake({ ...NODE_PARAMS, identityCommitment: identityCommitment(SECRET) });
  });

  async function openAssigned(count: number, node = () => nodeId, buyerOf = (_i: number) => f.signers.buyer) {
    const jobs: bigint[] = [];
    for (let i = 0; i < count; i++) {
      const { jobId } = await f.createJobWithSig(
        await f.spec({ inputCommitment: 1000n + BigInt(i) }),
        BigInt(jobs.length + 1 + Number(await f.hub.jobMarket.jobCount())),
        buyerOf(i),
      );
      await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, node(), 1)).wait();
      await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId)).wait();
      jobs.push(jobId);
    }
    return jobs;
  }

  async function witness(jobId: bigint, latencyMs: bigint, late = false): Promise<ReceiptWitness> {
    const a = await f.east.inbox.assignment(jobId);
    return {
      jobId,
      attempt: a.attempt,
      outputCommitment: 9000n + jobId,
      latencyBoundMs: a.latencyBoundMs,
      deadline: a.deadline,
      latencyMs,
      finishTime: late ? a.deadline + 1n : await f.now(),
      energyWh: 40n,
      salt: 31337n + jobId,
    };
  }

  async function proveSingle(w: ReceiptWitness, secret = SECRET): Promise<Proven> {
    const full: JobReceiptWitness = { ...w, secret };
    const p = await prove("JobReceipt", jobReceiptInput(full));
    return provenOf(p.publicSignals, [w], toSolidityProof(p.proof));
  }

  const submit = (p: Proven, node = nodeId, by = f.signers.provider) =>
    f.east.receipts.connect(by).submitProvenReceipts(node, toWire(p.receipts), p.metricsDigest, p.proof);

  /** The enrolled region registry itself sends a RECEIPTS_PROVEN body of its choosing (a lying region). */
  async function lyingRegion(batch: { receipts: ProvenReceipt[] } & Record<string, unknown>) {
    const registry = await f.east.receipts.getAddress();
    await f.ethers.provider.send("hardhat_impersonateAccount", [registry]);
    await f.ethers.provider.send("hardhat_setBalance", [registry, "0xde0b6b3a7640000"]);
    const liar = await f.ethers.getSigner(registry);
    const body = "0x0116" + AbiCoder.defaultAbiCoder().encode([BATCH_TUPLE], [batch]).slice(2);
    return f.eastMessenger
      .connect(liar)
      .dispatch(f.hub.domain, zeroPadValue(await f.hub.jobMarket.getAddress(), 32), body);
  }

  /**
   * Sets job `jobId`'s attempt counter on the hub directly (reaching 65,535 honestly takes 65,535 assignment
   * round trips): the job's first storage slot holds buyer, status, tier, three bps fields and, in its top 32
   * bits, the attempt. The mapping's slot is found by the buyer address in the job's first word.
   */
  async function setHubAttempt(jobId: bigint, attempt: bigint) {
    const market = await f.hub.jobMarket.getAddress();
    const buyer = BigInt((await f.hub.jobMarket.job(jobId)).buyer);
    for (let p = 0n; p < 64n; p++) {
      const slot = keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [jobId, p]));
      const word = BigInt(await f.ethers.provider.getStorage(market, slot));
      if ((word & ((1n << 160n) - 1n)) !== buyer) continue;
      const next = (word & ((1n << 224n) - 1n)) | (attempt << 224n);
      await f.ethers.provider.send("hardhat_setStorageAt", [market, slot, toBeHex(next, 32)]);
      expect((await f.hub.jobMarket.job(jobId)).attempt).toBe(attempt);
      return;
    }
    throw new Error(`no storage slot of job ${jobId} found`);
  }

  it("a single proven receipt settles: SLA met credits the provider, and the output is recorded for provenance", async () => {
    const [jobId] = await openAssigned(1);
    const p = await proveSingle(await witness(jobId!, 150n));
    await (await submit(p)).wait();
    expect((await f.hub.jobMarket.job(jobId!)).status).toBe(3n);
    expect(await f.hub.jobMarket.creditOf(f.signers.provider)).toBe(70_560n); // as the signed-receipt case
    expect(await f.east.receipts.receiptedAttempt(jobId!)).toBe(1n);
    expect(await f.hub.jobMarket.verifiedOutputCommitment(jobId!)).toBe(p.receipts[0]!.outputCommitment);
    // Pull payment: the credit is withdrawn in one transfer.
    const before = await f.usd.balanceOf(f.signers.provider);
    await (await f.hub.jobMarket.connect(f.signers.provider).withdrawCredit(f.signers.provider)).wait();
    expect((await f.usd.balanceOf(f.signers.provider)) - before).toBe(70_560n);
  });

  it("with no timeout slash in the policy (nothing locked), a proven settlement still records reputation", async () => {
    const timelock = await f.hub.timelock.getAddress();
    await f.ethers.provider.send("hardhat_impersonateAccount", [timelock]);
    await f.ethers.provider.send("hardhat_setBalance", [timelock, "0xde0b6b3a7640000"]);
    const policy = await f.hub.jobMarket.policy();
    await (
      await f.hub.jobMarket.connect(await f.ethers.getSigner(timelock)).setPolicy({
        tierMultiplierBps: [...policy.tierMultiplierBps],
        latencyPenaltyBps: policy.latencyPenaltyBps,
        protocolFeeBps: policy.protocolFeeBps,
        settlementGraceSec: policy.settlementGraceSec,
        timeoutSlash: 0n,
      })
    ).wait();
    const [jobId] = await openAssigned(1);
    expect(await f.hub.stakeManager.lockedOf(nodeId)).toBe(0n);
    await (await submit(await proveSingle(await witness(jobId!, 150n)))).wait();
    expect((await f.hub.jobMarket.job(jobId!)).status).toBe(3n);
    expect((await f.hub.reputation.recordOf(nodeId)).successes).toBe(1n);
  });

  it("only the node's operator submits proven receipts (the region does not verify the proof)", async () => {
    const [jobId] = await openAssigned(1);
    const p = await proveSingle(await witness(jobId!, 150n));
    const [node, sender] = await expectRevert(
      () => submit(p, nodeId, f.signers.relayer),
      f.east.receipts.interface,
      "ReceiptRegistryNotOperator",
    );
    expect([node, sender]).toEqual([nodeId, await f.signers.relayer.getAddress()]);
    expect(await f.east.receipts.receiptedAttempt(jobId!)).toBe(0n);
  });

  it("a proof of 'deadline met' accepted by the region after the deadline settles as a timeout", async () => {
    const [jobId] = await openAssigned(1);
    const job = await f.hub.jobMarket.job(jobId!);
    // The node proves a finish time at the deadline (deadlineMet = 1) ...
    const p = await proveSingle({ ...(await witness(jobId!, 150n)), finishTime: job.deadline });
    expect(p.receipts[0]!.deadlineMet).toBe(true);
    // ... but submits it after the deadline and the allowance: the region's clock decides.
    await increaseTime(f.ethers.provider, job.deadline - (await f.now()) + 31n);
    await (await submit(p)).wait();
    expect((await f.hub.jobMarket.job(jobId!)).status).toBe(4n);
    expect(await f.hub.jobMarket.creditOf(f.signers.provider)).toBe(0n);
    expect((await f.hub.reputation.recordOf(nodeId)).timeouts).toBe(1n);
  });

  it("latency = bound + 1 is proven as breached and costs the full latency penalty", async () => {
    const [jobId] = await openAssigned(1);
    const p = await proveSingle(await witness(jobId!, 201n));
    expect(p.receipts[0]!.latencyMet).toBe(false);
    await (await submit(p)).wait();
    // Metrics are private, so the penalty is the full rate: 50 % of 72 000; refund 18 000 + 36 000.
    expect(await f.hub.jobMarket.creditOf(f.signers.buyer)).toBe(54_000n);
    expect((await f.hub.reputation.recordOf(nodeId)).slaBreaches).toBe(1n);
  });

  it("a batch of eight receipts settles every job with one proof and one credit per payee", async () => {
    const jobs = await openAssigned(8);
    const slots = [];
    for (const [i, jobId] of jobs.entries()) slots.push(await witness(jobId, i === 7 ? 260n : 120n, i === 6));
    const p = await prove("ReceiptBatch8", receiptBatch8Input(SECRET, slots));
    const proven = provenOf(p.publicSignals, slots, toSolidityProof(p.proof));
    const lockedBefore = await f.hub.stakeManager.lockedOf(nodeId);
    await (await submit(proven)).wait();
    const statuses = await Promise.all(jobs.map(async (id) => (await f.hub.jobMarket.job(id)).status));
    expect(statuses).toEqual([3n, 3n, 3n, 3n, 3n, 3n, 4n, 3n]); // job 7 finished late → timed out
    // Six on time within bound (70 560 each) and one breached (72 000 − 36 000 − 720 fee = 35 280).
    expect(await f.hub.jobMarket.creditOf(f.signers.provider)).toBe(6n * 70_560n + 35_280n);
    const rep = await f.hub.reputation.recordOf(nodeId);
    expect([rep.successes, rep.slaBreaches, rep.timeouts]).toEqual([6n, 1n, 1n]);
    expect(await f.hub.stakeManager.lockedOf(nodeId)).toBe(0n);
    expect(lockedBefore).toBeGreaterThan(0n);
    // The batch's settlements are counted in one OutcomesRecorded event; the indexer's provider view adds them
    // to the per-job outcomes (the timeout) and agrees with the contract's counters.
    const byAddress = new Map<string, Interface>([
      [(await f.hub.reputation.getAddress()).toLowerCase(), interfaces.reputation],
      [(await f.hub.nodeIndex.getAddress()).toLowerCase(), interfaces.nodeIndex],
    ]);
    const logs = await f.ethers.provider.getLogs({ fromBlock: 0, address: [...byAddress.keys()] });
    const events = logs
      .map((log) => decodeLog(log, byAddress, { chain: "hub", domain: 0, time: 0 }))
      .filter((e) => e?.nodeId === String(nodeId)) as IndexedEvent[];
    expect(events.filter((e) => e.kind === "OutcomesRecorded").map((e) => e.data)).toEqual([
      { nodeId: String(nodeId), successes: "6", slaBreaches: "1" },
    ]);
    expect(providerView(events, () => "east")!.reputation).toEqual({
      successes: 6,
      slaBreaches: 1,
      timeouts: 1,
      score: 6 / 8,
    });
    // The region's ReceiptProven events carry each receipt flat; the indexer's job view shows them as proven.
    const market = new Map<string, Interface>([
      [(await f.hub.jobMarket.getAddress()).toLowerCase(), interfaces.jobMarket],
      [(await f.east.receipts.getAddress()).toLowerCase(), interfaces.receipts],
    ]);
    const jobEvents = (await f.ethers.provider.getLogs({ fromBlock: 0, address: [...market.keys()] }))
      .map((log) => decodeLog(log, market, { chain: "hub", domain: 0, time: 0 }))
      .filter((e) => e?.jobId === String(jobs[7])) as IndexedEvent[];
    const receipt = jobView(String(jobs[7]), jobEvents, () => "east")!.timeline.find(
      (st) => st.type === "receipt",
    );
    expect(receipt?.details).toMatchObject({
      kind: "proven",
      nodeId: String(nodeId),
      attempt: 1,
      outputCommitment: String(proven.receipts[7]!.outputCommitment),
      latencyMet: false,
      deadlineMet: true,
    });
  });

  it("a batch of nine is proven with the 32-slot circuit and settles every job", async () => {
    const jobs = await openAssigned(9);
    const slots = [];
    for (const jobId of jobs) slots.push(await witness(jobId, 120n));
    const p = await prove("ReceiptBatch", receiptBatchInput(SECRET, slots));
    expect(p.publicSignals).toHaveLength(66);
    await (await submit(provenOf(p.publicSignals, slots, toSolidityProof(p.proof)))).wait();
    const statuses = await Promise.all(jobs.map(async (id) => (await f.hub.jobMarket.job(id)).status));
    expect(statuses).toEqual(Array(9).fill(3n));
    expect((await f.hub.reputation.recordOf(nodeId)).successes).toBe(9n);
  });

  it("a batch credits each buyer's refunds per run of its jobs, and the sums match the settlements", async () => {
    const second = f.signers.stranger;
    await (await f.usd.mint(await second.getAddress(), 1_000_000_000n)).wait();
    const jobs = await openAssigned(3, undefined, (i) => (i === 1 ? second : f.signers.buyer));
    const slots = [];
    for (const jobId of jobs) slots.push(await witness(jobId, 120n));
    const p = await prove("ReceiptBatch8", receiptBatch8Input(SECRET, slots));
    const receipt = (await (
      await submit(provenOf(p.publicSignals, slots, toSolidityProof(p.proof)))
    ).wait())!;
    const parsed = receipt.logs.flatMap((l) => {
      const e = f.hub.jobMarket.interface.parseLog(l);
      return e ? [e] : [];
    });
    const refunds = parsed.filter((e) => e.name === "JobSettled").map((e) => e.args.buyerRefund as bigint);
    expect(refunds).toHaveLength(3);
    const credited = parsed
      .filter((e) => e.name === "PaymentCredited")
      .map((e) => [e.args.account as string, e.args.amount as bigint]);
    const [buyer, other] = [await f.signers.buyer.getAddress(), await second.getAddress()];
    // Runs A, B, A: three buyer credits (then the operator's pay); each buyer's credit is its jobs' refunds.
    expect(credited.slice(0, 3)).toEqual([
      [buyer, refunds[0]],
      [other, refunds[1]],
      [buyer, refunds[2]],
    ]);
    expect(await f.hub.jobMarket.creditOf(buyer)).toBe(refunds[0]! + refunds[2]!);
    expect(await f.hub.jobMarket.creditOf(other)).toBe(refunds[1]);
  });

  it("a tampered proof, flipped outcome or changed output is rejected by the hub with the verifier's error", async () => {
    const [jobId] = await openAssigned(1);
    const p = await proveSingle(await witness(jobId!, 260n));
    const verifier = f.hub.receiptProofVerifier;
    const r = p.receipts[0]!;
    for (const bad of [
      { ...p, receipts: [{ ...r, latencyMet: true }] },
      { ...p, proof: { ...p.proof, a: [p.proof.a[0], p.proof.a[1] + 1n] as [bigint, bigint] } },
      { ...p, receipts: [{ ...r, outputCommitment: 1n }] },
      { ...p, metricsDigest: p.metricsDigest + 1n },
    ]) {
      await expectRevert(() => submit(bad), verifier.interface, "JobReceiptProofVerifierProofInvalid");
    }
    expect((await f.hub.jobMarket.job(jobId!)).status).toBe(2n);
  });

  it("a receipt proof made with another node's secret does not verify for this node", async () => {
    const [jobId] = await openAssigned(1);
    const p = await proveSingle(await witness(jobId!, 100n), SECRET + 1n);
    await expectRevert(
      () => submit(p),
      f.hub.receiptProofVerifier.interface,
      "JobReceiptProofVerifierProofInvalid",
    );
  });

  it("attack 4: a job re-assigned to the same node is proven for the new attempt; the old attempt's proof is refused", async () => {
    const [jobId] = await openAssigned(1);
    // Hold region → hub messages, as a bridge in flight would.
    await (await f.eastMessenger.setHeld(true)).wait();
    const first = await proveSingle(await witness(jobId!, 100n));
    await (await submit(first)).wait();
    // The scheduler meanwhile re-places the job on the same node (attempt 2), which acknowledges.
    await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId!, nodeId, 2)).wait();
    await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId!)).wait();
    // The attempt-1 receipt in flight is stale on the hub; the relayer gives up on it.
    await expectRevert(() => f.eastMessenger.release(), f.hub.jobMarket.interface, "JobMarketStaleReceipt");
    await (await f.eastMessenger.skip()).wait();
    await (await f.eastMessenger.setHeld(false)).wait();
    // The attempt-1 proof cannot be passed off as attempt 2: the attempt is in the proven terms.
    const replay = { ...first, receipts: [{ ...first.receipts[0]!, attempt: 2n }] };
    await expectRevert(
      () => submit(replay),
      f.hub.receiptProofVerifier.interface,
      "JobReceiptProofVerifierProofInvalid",
    );
    // The node proves the new attempt (no nullifier of (secret, job) blocks it) and is paid.
    const second = await proveSingle(await witness(jobId!, 100n));
    expect(second.receipts[0]!.attempt).toBe(2n);
    await (await submit(second)).wait();
    expect((await f.hub.jobMarket.job(jobId!)).status).toBe(3n);
    expect(await f.hub.jobMarket.creditOf(f.signers.provider)).toBe(70_560n);
  });

  it("attack 3: a lying region cannot settle node B's job with node A's proof", async () => {
    // Node B (another identity) is assigned a job; node A proves a late finish for B's job under A's identity.
    const nodeB = await f.registerAndStake({
      ...NODE_PARAMS,
      identityCommitment: identityCommitment(SECRET + 9n),
    });
    const [jobB] = await openAssigned(1, () => nodeB);
    const wB = await witness(jobB!, 100n, true);
    const p = await proveSingle(wB); // A's secret
    const batch = (node: bigint) => ({
      nodeId: node,
      receipts: toWire(p.receipts),
      metricsDigest: p.metricsDigest,
      proof: p.proof,
      directiveReceivedAt: [0n],
      acceptedAt: 0n,
    });
    // Named as A's batch: B's job is not assigned to A.
    await expectRevert(
      async () => lyingRegion({ ...batch(nodeId), acceptedAt: await f.now() }),
      f.hub.jobMarket.interface,
      "JobMarketStaleReceipt",
    );
    // Named as B's batch: the proof does not verify against B's registered identity.
    await expectRevert(
      async () => lyingRegion({ ...batch(nodeB), acceptedAt: await f.now() }),
      f.hub.receiptProofVerifier.interface,
      "JobReceiptProofVerifierProofInvalid",
    );
    expect((await f.hub.jobMarket.job(jobB!)).status).toBe(2n);
    expect((await f.hub.reputation.recordOf(nodeB)).timeouts).toBe(0n);
  });

  it("a settled job's escrow slot holds its output commitment: it cannot be overwritten and the escrow views stay right", async () => {
    const [settled, replayed] = await openAssigned(2);
    const escrow = (await f.hub.jobMarket.job(settled!)).escrow;
    expect(escrow).toBeGreaterThan(0n);
    const p = await proveSingle(await witness(settled!, 150n));
    await (await submit(p)).wait();
    const output = p.receipts[0]!.outputCommitment;
    expect(output).not.toBe(escrow);
    const job = await f.hub.jobMarket.job(settled!);
    expect([job.status, job.escrow]).toEqual([3n, escrow]); // `job` still reports the escrow
    expect(await f.hub.jobMarket.verifiedOutputCommitment(settled!)).toBe(output);
    // A lying region re-sending the settled job with another output cannot reach the slot.
    const now = await f.now();
    await expectRevert(
      () =>
        lyingRegion({
          nodeId,
          receipts: toWire([{ ...p.receipts[0]!, outputCommitment: output + 1n }]),
          metricsDigest: p.metricsDigest,
          proof: p.proof,
          directiveReceivedAt: [now],
          acceptedAt: now,
        }),
      f.hub.jobMarket.interface,
      "JobMarketInvalidStatus",
    );
    // Neither can a timeout nor a cancel: Settled is final.
    await increaseTime(f.ethers.provider, job.deadline - now + BigInt(job.settlementGraceSec) + 1n);
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.stranger).settleTimedOut(settled!),
      f.hub.jobMarket.interface,
      "JobMarketInvalidStatus",
    );
    await expectRevert(
      () => f.hub.jobMarket.connect(f.signers.buyer).cancel(settled!),
      f.hub.jobMarket.interface,
      "JobMarketInvalidStatus",
    );
    expect(await f.hub.jobMarket.verifiedOutputCommitment(settled!)).toBe(output);
    // A job that ends without a receipt keeps its escrow in the slot and has no output commitment.
    await (await f.hub.jobMarket.connect(f.signers.stranger).settleTimedOut(replayed!)).wait();
    const timedOut = await f.hub.jobMarket.job(replayed!);
    expect([timedOut.status, timedOut.escrow]).toEqual([4n, escrow]);
    expect(await f.hub.jobMarket.verifiedOutputCommitment(replayed!)).toBe(0n);
  });

  it("a lying region naming one job twice in a validly proven batch is refused", async () => {
    const [jobId] = await openAssigned(1);
    const w = await witness(jobId!, 100n);
    const p = await prove("ReceiptBatch8", receiptBatch8Input(SECRET, [w, w]));
    const proven = provenOf(p.publicSignals, [w, w], toSolidityProof(p.proof));
    const now = await f.now();
    await expectRevert(
      () =>
        lyingRegion({
          nodeId,
          receipts: toWire(proven.receipts),
          metricsDigest: proven.metricsDigest,
          proof: proven.proof,
          directiveReceivedAt: [now, now],
          acceptedAt: now,
        }),
      f.hub.jobMarket.interface,
      "JobMarketDuplicateReceipt",
    );
    // The region itself refuses the second receipt of the same attempt.
    await expectRevert(() => submit(proven), f.east.receipts.interface, "ReceiptRegistryAlreadySubmitted");
  });
  it("a packed receipt word with a bit above the outcomes is refused by the region and by the hub", async () => {
    const [jobId] = await openAssigned(1);
    const p = await proveSingle(await witness(jobId!, 100n));
    const [good] = toWire(p.receipts);
    const bad = { ...good!, packed: good!.packed | (1n << 98n) };
    const [word] = await expectRevert(
      () =>
        f.east.receipts
          .connect(f.signers.provider)
          .submitProvenReceipts(nodeId, [bad], p.metricsDigest, p.proof),
      f.east.receipts.interface,
      "MessageLibMalformedProvenReceipt",
    );
    expect(word).toBe(bad.packed);
    expect(await f.east.receipts.receiptedAttempt(jobId!)).toBe(0n);
    // A lying region forwarding it reaches the hub's own check.
    const now = await f.now();
    await expectRevert(
      () =>
        lyingRegion({
          nodeId,
          receipts: [bad],
          metricsDigest: p.metricsDigest,
          proof: p.proof,
          directiveReceivedAt: [now],
          acceptedAt: now,
        }),
      f.hub.jobMarket.interface,
      "MessageLibMalformedProvenReceipt",
    );
    // The well-formed word still settles the job.
    await (await submit(p)).wait();
    expect((await f.hub.jobMarket.job(jobId!)).status).toBe(3n);
  });
  it("attempt 65,535 is a job's last: it is proven and settled; a 65,536th assignment is refused and the job stays cancellable", async () => {
    const [last, open] = await openAssigned(2);
    // Job `last` was assigned 65,534 times; its 65,535th assignment is proven and settles (the region's 16 bits
    // hold it).
    await setHubAttempt(last!, 65_534n);
    await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(last!, nodeId, 65_535)).wait();
    await (await f.east.inbox.connect(f.signers.provider).acknowledge(last!)).wait();
    const p = await proveSingle(await witness(last!, 100n));
    expect(p.receipts[0]!.attempt).toBe(65_535n);
    await (await submit(p)).wait();
    expect(await f.east.receipts.receiptedAttempt(last!)).toBe(65_535n);
    expect(await f.east.receipts.receiptedAttempt(open!)).toBe(0n); // its neighbour in the same storage word
    expect((await f.hub.jobMarket.job(last!)).status).toBe(3n);
    // Job `open` was declined after its 65,535th assignment: the next one is refused with a named error ...
    await (await f.hub.jobMarket.connect(f.signers.provider).decline(open!)).wait();
    await setHubAttempt(open!, 65_535n);
    const [jobId, attempt] = await expectRevert(
      () => f.hub.directiveHub.connect(f.signers.scheduler).assign(open!, nodeId, 65_536),
      f.hub.jobMarket.interface,
      "JobMarketTooManyAttempts",
    );
    expect([jobId, attempt]).toEqual([open!, 65_536n]);
    // ... and nothing is stuck: the job is still open and its buyer gets the whole escrow back.
    const job = await f.hub.jobMarket.job(open!);
    expect(job.status).toBe(1n);
    const before = await f.usd.balanceOf(f.signers.buyer);
    await (await f.hub.jobMarket.connect(f.signers.buyer).cancel(open!)).wait();
    expect((await f.usd.balanceOf(f.signers.buyer)) - before).toBe(job.escrow);
  });

  it("the region refuses a receipt for an attempt above 65,535, which only a lying hub could assign", async () => {
    const [jobId] = await openAssigned(1);
    const a = await f.east.inbox.assignment(jobId!);
    // The enrolled DirectiveHub itself sends attempt 65,536 to the region's inbox.
    const directiveHub = await f.hub.directiveHub.getAddress();
    await f.ethers.provider.send("hardhat_impersonateAccount", [directiveHub]);
    await f.ethers.provider.send("hardhat_setBalance", [directiveHub, "0xde0b6b3a7640000"]);
    const terms = [
      jobId!,
      nodeId,
      65_536n,
      4n,
      600n,
      1n,
      a.latencyBoundMs,
      a.deadline,
      25n,
      a.inputCommitment,
    ];
    const body =
      "0x0101" +
      AbiCoder.defaultAbiCoder()
        .encode(["tuple(uint256,uint256,uint32,uint32,uint32,uint8,uint32,uint64,uint128,uint256)"], [terms])
        .slice(2);
    await (
      await f.hubMessenger
        .connect(await f.ethers.getSigner(directiveHub))
        .dispatch(f.east.domain, zeroPadValue(await f.east.inbox.getAddress(), 32), body)
    ).wait();
    expect((await f.east.inbox.assignment(jobId!)).attempt).toBe(65_536n);
    await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId!)).wait();
    const [id, attempt] = await expectRevert(
      async () => f.submitSigned(await f.receiptFor(jobId!, nodeId)),
      f.east.receipts.interface,
      "ReceiptRegistryAttemptTooLarge",
    );
    expect([id, attempt]).toEqual([jobId!, 65_536n]);
    expect(await f.east.receipts.receiptedAttempt(jobId!)).toBe(0n);
  });
});
