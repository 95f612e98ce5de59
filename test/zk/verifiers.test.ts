// Proofs of every receipt/inference circuit verified in TypeScript and by the generated verifiers on chain.
import type { Contract } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BATCH8_SIZE,
  BATCH_SIZE,
  decodeJobReceiptSignals,
  decodeReceiptBatch8Signals,
  decodeReceiptBatchSignals,
  FIELD,
  jobReceiptInput,
  type Proof,
  prove,
  receiptBatch8Input,
  receiptBatchInput,
  releaseProver,
  unpackTerms,
  verifiedInferenceInput,
  verifiedInferenceSignals,
  verify,
  ZkError,
} from "../../services/zk/index.js";
import { deployProofVerifier, proofArg } from "./chain.js";
import { expectRevert } from "../helpers/chain.js";
import { inputVector, model, receipt, SECRET, slot } from "./fixtures.js";

afterAll(releaseProver);

/** A different but still valid G1 point: -A. The pairing check then fails. */
const negateA = (p: Proof): Proof => ({
  ...p,
  proof: { ...p.proof, pi_a: [p.proof.pi_a[0]!, (FIELD_Q - BigInt(p.proof.pi_a[1]!)).toString(), "1"] },
});
const FIELD_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

describe("JobReceipt proofs", () => {
  let verifier: Contract;
  let ok: Proof;
  let late: Proof;
  beforeAll(async () => {
    verifier = await deployProofVerifier("JobReceipt");
    ok = await prove("JobReceipt", jobReceiptInput(receipt()));
    late = await prove("JobReceipt", jobReceiptInput(receipt({ latencyMs: 251n })));
  });

  it("verifies in TypeScript and on chain", async () => {
    expect(await verify("JobReceipt", ok.proof, ok.publicSignals)).toBe(true);
    await verifier.getFunction("verify").staticCall(proofArg(ok), ok.publicSignals);
    expect(unpackTerms(decodeJobReceiptSignals(ok.publicSignals).terms[0]!)?.latencyMet).toBe(true);
  });

  it("carries latencyMet = 0 for latency = bound + 1, and that proof verifies", async () => {
    expect(unpackTerms(decodeJobReceiptSignals(late.publicSignals).terms[0]!)?.latencyMet).toBe(false);
    await verifier.getFunction("verify").staticCall(proofArg(late), late.publicSignals);
  });

  it("rejects a tampered public input (another job or attempt, or breached read as met)", async () => {
    const terms = late.publicSignals[2]!;
    for (const value of [terms + 1n, terms + (1n << 64n), terms | (1n << 193n)]) {
      const base = late;
      const signals = base.publicSignals.map((s, i) => (i === 2 ? value : s));
      expect(await verify("JobReceipt", base.proof, signals)).toBe(false);
      await expectRevert(
        () => verifier.getFunction("verify").staticCall(proofArg(base), signals),
        verifier.interface,
        "JobReceiptProofVerifierProofInvalid",
      );
    }
  });

  it("rejects a tampered proof", async () => {
    const bad = negateA(ok);
    expect(await verify("JobReceipt", bad.proof, bad.publicSignals)).toBe(false);
    await expectRevert(
      () => verifier.getFunction("verify").staticCall(proofArg(bad), bad.publicSignals),
      verifier.interface,
      "JobReceiptProofVerifierProofInvalid",
    );
  });

  it("refuses to prove a wrong secret", async () => {
    const input = { ...jobReceiptInput(receipt()), secret: SECRET + 1n };
    await expect(prove("JobReceipt", input)).rejects.toBeInstanceOf(ZkError);
  });
});

describe("ReceiptBatch proofs", () => {
  it("verifies a full batch of 32 in TypeScript and on chain, rejects tampered terms", async () => {
    const verifier = await deployProofVerifier("ReceiptBatch");
    const slots = Array.from({ length: BATCH_SIZE }, (_, i) => slot(i));
    const p = await prove("ReceiptBatch", receiptBatchInput(SECRET, slots));
    expect(decodeReceiptBatchSignals(p.publicSignals).terms.every((t) => t !== 0n)).toBe(true);
    expect(await verify("ReceiptBatch", p.proof, p.publicSignals)).toBe(true);
    await verifier.getFunction("verify").staticCall(proofArg(p), p.publicSignals);
    for (const index of [0, 1, 2 + 4, 2 + BATCH_SIZE + 31]) {
      const tampered = p.publicSignals.map((s, i) => (i === index ? s + 1n : s));
      expect(await verify("ReceiptBatch", p.proof, tampered)).toBe(false);
      await expectRevert(
        () => verifier.getFunction("verify").staticCall(proofArg(p), tampered),
        verifier.interface,
        "ReceiptBatchProofVerifierProofInvalid",
      );
    }
  });
});

describe("ReceiptBatch8 proofs", () => {
  it("verifies a batch of 8 in TypeScript and through the batch front; tampered terms and the 32-slot key reject it", async () => {
    const verifier = await deployProofVerifier("ReceiptBatch");
    const slots = Array.from({ length: BATCH8_SIZE }, (_, i) => slot(i));
    const p = await prove("ReceiptBatch8", receiptBatch8Input(SECRET, slots));
    expect(decodeReceiptBatch8Signals(p.publicSignals).terms.every((t) => t !== 0n)).toBe(true);
    expect(await verify("ReceiptBatch8", p.proof, p.publicSignals)).toBe(true);
    await verifier.getFunction("verify").staticCall(proofArg(p), p.publicSignals);
    const rejected = async (signals: bigint[]) =>
      expectRevert(
        () => verifier.getFunction("verify").staticCall(proofArg(p), signals),
        verifier.interface,
        "ReceiptBatchProofVerifierProofInvalid",
      );
    for (const index of [0, 1, 2 + 3, 2 + BATCH8_SIZE + 7]) {
      const tampered = p.publicSignals.map((s, i) => (i === index ? s + 1n : s));
      expect(await verify("ReceiptBatch8", p.proof, tampered)).toBe(false);
      await rejected(tampered);
    }
    // The same eight receipts laid out as a 32-slot statement go to the ReceiptBatch key, which refuses the
    // 8-slot proof; a signal count of neither circuit is refused before any pairing.
    const pad = Array<bigint>(BATCH_SIZE - BATCH8_SIZE).fill(0n);
    const s = p.publicSignals;
    await rejected([...s.slice(0, 2 + BATCH8_SIZE), ...pad, ...s.slice(2 + BATCH8_SIZE), ...pad]);
    await rejected(s.slice(0, 17));
  });
});

describe("VerifiedInference proofs", () => {
  it("verifies y = f(x) in TypeScript and on chain, rejects another model commitment", async () => {
    const verifier = await deployProofVerifier("VerifiedInference");
    const m = model(1);
    const x = inputVector(2);
    const p = await prove("VerifiedInference", verifiedInferenceInput(m, x));
    const s = verifiedInferenceSignals(m, x);
    expect(p.publicSignals).toEqual([s.outputCommitment, s.modelCommitment, s.inputCommitment]);
    expect(await verify("VerifiedInference", p.proof, p.publicSignals)).toBe(true);
    await verifier.getFunction("verify").staticCall(proofArg(p), p.publicSignals);
    const other = [p.publicSignals[0]!, (p.publicSignals[1]! + 1n) % FIELD, p.publicSignals[2]!];
    expect(await verify("VerifiedInference", p.proof, other)).toBe(false);
    await expectRevert(
      () => verifier.getFunction("verify").staticCall(proofArg(p), other),
      verifier.interface,
      "VerifiedInferenceProofVerifierProofInvalid",
    );
  });
});
