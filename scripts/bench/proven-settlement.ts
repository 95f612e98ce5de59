/**
 * Gas of settling jobs with Groth16 receipt proofs on the same-chain market fixture: one job under a
 * JobReceipt proof, eight under one ReceiptBatch proof. Each figure is the whole `submitProvenReceipts`
 * transaction: the region's verification, the message, the hub's re-verification and every settlement.
 * Shared by `bench:gas` and `bench:zk`.
 */
import {
  type BatchSlot,
  decodeJobReceiptSignals,
  decodeReceiptBatchSignals,
  jobReceiptInput,
  prove,
  receiptBatchInput,
  toSolidityProof,
} from "../../services/zk/index.js";
import type { MarketFixture } from "../../test/helpers/market.js";

export interface ProvenSettlementGas {
  single: bigint;
  batch: bigint;
  batchSize: number;
}

/** Settles 1 and then 8 jobs on `nodeId`, whose identity commitment is Poseidon(`secret`). */
export async function provenSettlementGas(
  f: MarketFixture,
  nodeId: bigint,
  secret: bigint,
  firstNonce: bigint,
): Promise<ProvenSettlementGas> {
  let nonce = firstNonce;
  async function round(count: number): Promise<bigint> {
    const slots: BatchSlot[] = [];
    for (let i = 0; i < count; i++) {
      const { jobId } = await f.createJobWithSig(await f.spec({ inputCommitment: 500n + nonce }), nonce++);
      await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, nodeId, 1)).wait();
      await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId)).wait();
      const a = await f.east.inbox.assignment(jobId);
      slots.push({
        jobId,
        inputCommitment: a.inputCommitment,
        outputCommitment: 5000n + jobId,
        latencyBoundMs: a.latencyBoundMs,
        deadline: a.deadline,
        latencyMs: 120n,
        finishTime: await f.now(),
        energyWh: 30n,
        salt: 77n + jobId,
      });
    }
    const single = count === 1;
    const p = await prove(
      single ? "JobReceipt" : "ReceiptBatch",
      single ? jobReceiptInput({ ...slots[0]!, secret }) : receiptBatchInput(secret, slots),
    );
    const outcome = (i: number) => {
      if (single) {
        const s = decodeJobReceiptSignals(p.publicSignals);
        return { ...s, latencyMet: s.latencyMet === 1n, deadlineMet: s.deadlineMet === 1n };
      }
      const s = decodeReceiptBatchSignals(p.publicSignals);
      return {
        nullifier: s.nullifiers[i]!,
        metricsCommitment: s.metricsCommitments[i]!,
        latencyMet: ((s.outcomes >> BigInt(2 * i)) & 1n) === 1n,
        deadlineMet: ((s.outcomes >> BigInt(2 * i + 1)) & 1n) === 1n,
      };
    };
    const receipts = slots.map((slot, i) => {
      const o = outcome(i);
      return {
        jobId: slot.jobId,
        nodeId,
        attempt: 1,
        outputCommitment: slot.outputCommitment,
        metricsCommitment: o.metricsCommitment,
        nullifier: o.nullifier,
        latencyMet: o.latencyMet,
        deadlineMet: o.deadlineMet,
      };
    });
    const tx = await f.east.receipts
      .connect(f.signers.relayer)
      .submitProvenReceipts(receipts, toSolidityProof(p.proof));
    return (await tx.wait())!.gasUsed;
  }
  const single = await round(1);
  const batch = await round(8);
  return { single, batch, batchSize: 8 };
}
