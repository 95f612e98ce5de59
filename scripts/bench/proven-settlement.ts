/**
 * Gas of settling jobs with Groth16 receipt proofs on the same-chain market fixture: one job under a
 * JobReceipt proof, 8 under one ReceiptBatch8 proof, then 16 and 32 under one ReceiptBatch proof (32 slots,
 * unused ones zero): the circuit `receiptCircuitFor` picks, as the hub does. Each figure is
 * the whole `submitProvenReceipts` transaction sent by the node's operator: the region's assignment checks, the
 * message, the hub's single verification and every settlement (payouts credited, one sum per payee). Shared by
 * `bench:gas` and `bench:zk`.
 */
import {
  type BatchSlot,
  BATCH_SIZE,
  decodeReceiptsSignals,
  prove,
  provenReceiptsOf,
  receiptsStatement,
  toSolidityProof,
} from "../../services/zk/index.js";
import { parseUnits } from "ethers";
import type { MarketFixture } from "../../test/helpers/market.js";

export const PROVEN_BATCH_SIZES = [1, 8, 16, BATCH_SIZE] as const;

export interface ProvenSettlementGas {
  /** Jobs under one proof and the gas of their submitProvenReceipts transaction. */
  rounds: { jobs: number; gas: bigint }[];
  /** The operator's one withdrawCredit of everything credited (pull payment). */
  withdraw: bigint;
}

/** Settles 1, 8, 16 and 32 jobs on `nodeId`, whose identity commitment is Poseidon(`secret`). */
export async function provenSettlementGas(
  f: MarketFixture,
  nodeId: bigint,
  secret: bigint,
  firstNonce: bigint,
): Promise<ProvenSettlementGas> {
  let nonce = firstNonce;
  // Every assigned job locks its timeout slash: stake enough for 32 jobs in flight at once.
  const topUp = parseUnits("4000", 18);
  const operator = f.signers.provider;
  await (await f.hub.token.connect(f.signers.voter).transfer(await operator.getAddress(), topUp)).wait();
  await (await f.hub.token.connect(operator).approve(await f.hub.stakeManager.getAddress(), topUp)).wait();
  await (await f.hub.stakeManager.connect(operator).stake(nodeId, topUp)).wait();
  async function round(count: number): Promise<bigint> {
    const slots: BatchSlot[] = [];
    for (let i = 0; i < count; i++) {
      const { jobId } = await f.createJobWithSig(await f.spec({ inputCommitment: 500n + nonce }), nonce++);
      await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, nodeId, 1)).wait();
      await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId)).wait();
      const a = await f.east.inbox.assignment(jobId);
      slots.push({
        jobId,
        attempt: a.attempt,
        outputCommitment: 5000n + jobId,
        latencyBoundMs: a.latencyBoundMs,
        deadline: a.deadline,
        latencyMs: 120n,
        finishTime: await f.now(),
        energyWh: 30n,
        salt: 77n + jobId,
      });
    }
    const { circuit, input } = receiptsStatement(secret, slots);
    const p = await prove(circuit, input);
    const receipts = provenReceiptsOf(decodeReceiptsSignals(circuit, p.publicSignals), slots.length);
    const tx = await f.east.receipts
      .connect(f.signers.provider)
      .submitProvenReceipts(nodeId, receipts, p.publicSignals[0]!, toSolidityProof(p.proof));
    return (await tx.wait())!.gasUsed;
  }
  const rounds = [];
  for (const jobs of PROVEN_BATCH_SIZES) rounds.push({ jobs, gas: await round(jobs) });
  const withdraw = (await (
    await f.hub.jobMarket.connect(f.signers.provider).withdrawCredit(f.signers.provider)
  ).wait())!.gasUsed;
  return { rounds, withdraw };
}
