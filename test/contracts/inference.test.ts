/**
 * Verified inference on chain (issue 9): a settled inference job's output commitment is bound to its
 * VerifiedInference proof by the hub's InferenceRegistry. The job's input commitment is Poseidon(model, Poseidon(x));
 * the registry checks the proof against the *settled* output commitment and that input commitment, so a recorded
 * job's settled output is proven to be f(x) with the committed weights. Negative cases: not settled, another input,
 * a settled output that is not the proven one, twice, a forged proof.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TINY_MLP } from "../../services/agent/workloads/inference.js";
import {
  infer,
  inferenceInputCommitment,
  inferenceJobInputCommitment,
  inferenceOutputCommitment,
  modelCommitment,
  prove,
  releaseProver,
  type SolidityProof,
  toSolidityProof,
  verifiedInferenceInput,
} from "../../services/zk/index.js";
import { expectRevert } from "../helpers/chain.js";
import { type MarketFixture, marketFixture, NODE_PARAMS } from "../helpers/market.js";
import { VerifiedInferenceProofVerifier__factory } from "../../types/contracts/index.js";

afterAll(releaseProver);

const X = [5, -3, 17, 100, -128, 127, 0, 1, 2, 3, -4, 55, 66, -77, 8, 9];
const MODEL = modelCommitment(TINY_MLP);
const Y = inferenceOutputCommitment(infer(TINY_MLP, X));

describe("InferenceRegistry: settled output = proven output", () => {
  let f: MarketFixture;
  let nodeId: bigint;
  let proof: SolidityProof;
  let nonce = 1n;

  beforeAll(async () => {
    f = await marketFixture();
    nodeId = await f.registerAndStake(NODE_PARAMS);
    proof = toSolidityProof((await prove("VerifiedInference", verifiedInferenceInput(TINY_MLP, X))).proof);
  }, 600_000);

  /** An inference job for (MODEL, X), assigned and acknowledged; settled with `output` unless undefined. */
  async function job(output: bigint | undefined, x = X) {
    const { jobId } = await f.createJobWithSig(
      await f.spec({ inputCommitment: inferenceJobInputCommitment(MODEL, x) }),
      nonce++,
    );
    await (await f.hub.directiveHub.connect(f.signers.scheduler).assign(jobId, nodeId, 1)).wait();
    await (await f.east.inbox.connect(f.signers.provider).acknowledge(jobId)).wait();
    if (output !== undefined) {
      await (await f.submitSigned(await f.receiptFor(jobId, nodeId, { outputCommitment: output }))).wait();
      expect(await f.hub.jobMarket.verifiedOutputCommitment(jobId)).toBe(output);
    }
    return jobId;
  }

  it("records a settled job whose output is the proven f(x); refuses a second attestation", async () => {
    const jobId = await job(Y);
    const registry = f.hub.inferenceRegistry.connect(f.signers.stranger);
    await (await registry.attest(jobId, MODEL, inferenceInputCommitment(X), proof)).wait();
    const [event] = await registry.queryFilter(registry.filters.InferenceVerified(jobId));
    expect([event!.args.modelCommitment, event!.args.outputCommitment]).toEqual([MODEL, Y]);
    const a = await f.hub.inferenceRegistry.attestation(jobId);
    expect([a.modelCommitment, a.xCommitment, a.outputCommitment, a.verifierVersion]).toEqual([
      MODEL,
      inferenceInputCommitment(X),
      await f.hub.jobMarket.verifiedOutputCommitment(jobId),
      1n,
    ]);
    await expectRevert(
      () => registry.attest(jobId, MODEL, inferenceInputCommitment(X), proof),
      registry.interface,
      "InferenceRegistryAlreadyAttested",
    );
  }, 300_000);

  it("refuses an unsettled job, another input, a settled output that is not the proven one and a forged proof", async () => {
    const registry = f.hub.inferenceRegistry.connect(f.signers.stranger);
    const xc = inferenceInputCommitment(X);
    const open = await job(undefined);
    await expectRevert(
      () => registry.attest(open, MODEL, xc, proof),
      registry.interface,
      "InferenceRegistryJobNotSettled",
    );

    const other = await job(
      Y,
      X.map((v) => (v === 127 ? 126 : v)),
    );
    await expectRevert(
      () => registry.attest(other, MODEL, xc, proof),
      registry.interface,
      "InferenceRegistryNotJobInput",
    );

    // The node settled a different output than f(x): the proof (of the real f(x)) does not verify against it.
    const lied = await job(Y + 1n);
    const front = VerifiedInferenceProofVerifier__factory.createInterface();
    await expectRevert(
      () => registry.attest(lied, MODEL, xc, proof),
      front,
      "VerifiedInferenceProofVerifierProofInvalid",
    );

    // An honest settlement with a tampered proof.
    const honest = await job(Y);
    const forged = { ...proof, a: [proof.a[0], proof.a[1] + 1n] as [bigint, bigint] };
    await expectRevert(
      () => registry.attest(honest, MODEL, xc, forged),
      front,
      "VerifiedInferenceProofVerifierProofInvalid",
    );
    expect((await f.hub.inferenceRegistry.attestation(honest)).outputCommitment).toBe(0n);
  }, 300_000);
});
