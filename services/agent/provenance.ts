/**
 * The agent's side of AIGC provenance on the hub. Registration belongs to the job's buyer (ProvenanceRegistry
 * accepts only the buyer, with an AigcProvenance proof opening the job's input commitment — see docs/zk.md and
 * `registerProvenance` in services/sdk/actions/provenance.ts). The agent only
 *  - finds the ModelRegistry id its shipped generator is approved under, so it runs AIGC jobs whose input
 *    commitment names that model and refuses others, and
 *  - once the buyer has registered the settled output, publishes the PNG carrying the record id in its
 *    watermark, so the image leads to record → job → node and model.
 */
import type { Signer } from "ethers";
import { ModelRegistry__factory, ProvenanceRegistry__factory } from "../../types/contracts/index.js";
import { GENERATOR_COMMITMENT } from "./workloads/aigc.js";

export interface HubAccess {
  signer: Signer;
  jobMarket: string;
  models: string;
  provenance: string;
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
