/**
 * AIGC provenance on the hub: once the job's receipt has settled (JobMarket.verifiedOutputCommitment(jobId)
 * equals the content commitment), the agent proves AigcProvenance — content, the generator's model id in the
 * DAO-approved ModelRegistry tree, the creator commitment (Poseidon(node secret) = the node's identity
 * commitment, so the record names the node), the prompt commitment and the linked job's output — and
 * registers it in ProvenanceRegistry with `linkedJobId` = the job. The record id goes into the published PNG's
 * watermark, so the image leads to record → job → node and model.
 */
import type { Signer } from "ethers";
import {
  JobMarket__factory,
  ModelRegistry__factory,
  ProvenanceRegistry__factory,
} from "../../types/contracts/index.js";
import {
  aigcProvenanceInput,
  merkleTree,
  modelLeaf,
  poseidon,
  prove,
  toSolidityProof,
  decodeProvenanceSignals,
} from "../zk/index.js";
import { blobCommitment } from "./core/content.js";
import { GENERATOR_COMMITMENT } from "./workloads/aigc.js";

export interface HubAccess {
  signer: Signer;
  jobMarket: string;
  models: string;
  provenance: string;
}

export type RegisterResult =
  | { status: "registered"; recordId: bigint; proofMs: number }
  | { status: "not-settled" }
  | { status: "model-not-approved" };

/** The approved-model tree as the ModelRegistry holds it, and the generator's id in it (0 if absent). */
async function modelTree(models: ReturnType<typeof ModelRegistry__factory.connect>) {
  const count = Number(await models.modelCount());
  const leaves = new Map<number, bigint>();
  let generatorId = 0n;
  for (let id = 1; id <= count; id++) {
    const m = await models.model(id);
    if (!m.approved) continue;
    leaves.set(id - 1, modelLeaf(BigInt(id), m.weightsCommitment));
    if (m.weightsCommitment === GENERATOR_COMMITMENT) generatorId = BigInt(id);
  }
  return { tree: merkleTree(leaves), generatorId };
}

export async function registerProvenance(
  hub: HubAccess,
  job: { jobId: bigint; prompt: string; seed: number; content: Uint8Array },
  nodeSecret: bigint,
): Promise<RegisterResult> {
  const market = JobMarket__factory.connect(hub.jobMarket, hub.signer);
  const models = ModelRegistry__factory.connect(hub.models, hub.signer);
  const registry = ProvenanceRegistry__factory.connect(hub.provenance, hub.signer);
  const content = blobCommitment(job.content);
  const existing = await registry.recordOf(content);
  if (existing !== 0n) return { status: "registered", recordId: existing, proofMs: 0 };
  if ((await market.verifiedOutputCommitment(job.jobId)) !== content) return { status: "not-settled" };
  const { tree, generatorId } = await modelTree(models);
  if (generatorId === 0n) return { status: "model-not-approved" };
  const started = performance.now();
  const proof = await prove(
    "AigcProvenance",
    aigcProvenanceInput({
      content: job.content,
      modelId: generatorId,
      weightsCommitment: GENERATOR_COMMITMENT,
      modelTree: tree,
      creatorSecret: nodeSecret,
      promptHash: blobCommitment(Buffer.from(job.prompt, "utf8")),
      paramsHash: BigInt(job.seed),
      promptSalt: poseidon([nodeSecret, job.jobId]),
      linkedOutputCommitment: content,
      parentIds: [],
    }),
  );
  const proofMs = performance.now() - started;
  const s = decodeProvenanceSignals(proof.publicSignals);
  const sol = toSolidityProof(proof.proof);
  const tx = await registry.register(
    {
      contentCommitment: s.contentCommitment,
      modelId: s.modelId,
      creatorCommitment: s.creatorCommitment,
      promptCommitment: s.promptCommitment,
      linkedJobId: job.jobId,
      parents: [],
    },
    { a: sol.a, b: sol.b, c: sol.c },
  );
  await tx.wait();
  return { status: "registered", recordId: await registry.recordOf(content), proofMs };
}
