/**
 * The agent's side of AIGC provenance on the hub. Registration belongs to the job's buyer (ProvenanceRegistry
 * accepts only the buyer, with an AigcProvenance proof opening the job's input commitment — see docs/zk.md and
 * `registerProvenance` in services/sdk/actions/provenance.ts). The agent only
 *  - finds the ModelRegistry id its shipped generator is approved under, so it runs AIGC jobs whose input
 *    commitment names that model and refuses others, and
 *  - once the buyer has registered the settled output, publishes the PNG carrying the record id in its
 *    watermark, so the image leads to record → job → node and model.
 * And for verified inference, once the job has settled it submits the job's VerifiedInference proof to the hub's
 * InferenceRegistry, which checks it against the settled output commitment and the job's input commitment.
 */
import type { Signer } from "ethers";
import {
  InferenceRegistry__factory,
  JobMarket__factory,
  ModelRegistry__factory,
  ProvenanceRegistry__factory,
} from "../../types/contracts/index.js";
import type { Groth16Proof } from "snarkjs";
import { decodeInferenceSignals, toSolidityProof } from "../zk/index.js";
import { GENERATOR_COMMITMENT } from "./workloads/aigc.js";

export interface HubAccess {
  signer: Signer;
  jobMarket: string;
  models: string;
  provenance: string;
  /** InferenceRegistry; verified-inference attestations are skipped without it. */
  inference?: string;
}

/** The id of the approved model whose weights commitment is the shipped generator's (undefined if none). */
export async function generatorModelId(hub: HubAccess): Promise<bigint | undefined> {
  const models = ModelRegistry__factory.connect(hub.models, hub.signer);
  const count = Number(await models.modelCount());
  for (let id = 1; id <= count; id++) {
    const m = await models.model(id);
    if (m.approved && m.weightsCommitment === GENERATOR_COMMITMENT) return BigInt(id);
  }
  return undefined;
}

/** The provenance record of `content` (0 while the buyer has not registered it). */
export async function recordOfContent(hub: HubAccess, content: bigint): Promise<bigint> {
  return ProvenanceRegistry__factory.connect(hub.provenance, hub.signer).recordOf(content);
}

export type AttestResult = "attested" | "not-settled" | "no-registry";

/**
 * Submits a settled inference job's proof to InferenceRegistry (idempotent: an existing attestation counts).
 * The registry reverts unless the settled output commitment is the proof's and the job's input commitment is
 * Poseidon(model, Poseidon(x)).
 */
export async function attestInference(
  hub: HubAccess,
  jobId: bigint,
  output: { proof: Groth16Proof; publicSignals: string[] },
): Promise<AttestResult> {
  if (hub.inference === undefined) return "no-registry";
  const registry = InferenceRegistry__factory.connect(hub.inference, hub.signer);
  if ((await registry.attestation(jobId)).outputCommitment !== 0n) return "attested";
  const s = decodeInferenceSignals(output.publicSignals.map(BigInt));
  const market = JobMarket__factory.connect(hub.jobMarket, hub.signer);
  if ((await market.verifiedOutputCommitment(jobId)) !== s.outputCommitment) return "not-settled";
  await (
    await registry.attest(jobId, s.modelCommitment, s.inputCommitment, toSolidityProof(output.proof))
  ).wait();
  return "attested";
}
