/**
 * AIGC provenance registration by the job's buyer (the only party ProvenanceRegistry accepts): after the job
 * has settled with the image as its verified output, the buyer proves AigcProvenance locally — the content,
 * the approved model and prompt its job's input commitment named (`aigcJobDocCommitment`), its creator
 * commitment, bound to its own address, the hub's chain and the registry — and sends `register` from its own
 * key. Nothing secret leaves the machine: the API is not involved, the proof hides prompt and creator secret.
 */
import { getBytes, hexlify, keccak256, randomBytes, type Signer, toUtf8Bytes } from "ethers";
import { ModelRegistry__factory, ProvenanceRegistry__factory } from "../../../types/contracts/index.js";
import {
  type AigcJobDoc,
  aigcJobDocCommitment,
  aigcProvenanceInput,
  aigcPromptHash,
  decodeProvenanceSignals,
  FIELD,
  merkleTree,
  modelLeaf,
  prove,
  toSolidityProof,
} from "../../zk/index.js";

export interface ProvenanceContracts {
  /** The hub's ProvenanceRegistry. */
  provenanceRegistry: string;
  /** The hub's ModelRegistry (its approved-model tree is what the proof opens). */
  modelRegistry: string;
}

export interface RegisterProvenanceParams {
  jobId: bigint;
  /** The job's output: 32×32 RGB pixels, 3,072 bytes. */
  content: Uint8Array;
  /** The job's input document, as the buyer stored it (its commitment is the job's input commitment). */
  input: AigcJobDoc;
  /** The creator secret; by default derived from the signer (`creatorSecretOf`). */
  creatorSecret?: bigint;
}

export interface RegisteredProvenance {
  recordId: bigint;
  txHash: string;
  proofMs: number;
  creatorCommitment: bigint;
}

const CREATOR_MESSAGE = "Suanli provenance creator secret v1";

/**
 * A creator secret only the signer can produce and can always produce again: the keccak of its signature of a
 * fixed message (ECDSA signatures of ethers wallets are deterministic, RFC 6979), reduced into the field.
 */
export async function creatorSecretOf(signer: Signer): Promise<bigint> {
  return BigInt(keccak256(getBytes(await signer.signMessage(toUtf8Bytes(CREATOR_MESSAGE))))) % FIELD;
}

/**
 * The input document of an AIGC job and the input commitment to create the job with (the document is stored
 * under that commitment for the node to fetch). A random prompt salt is drawn unless given; keep the document:
 * registering the output later needs it.
 */
export function aigcJobInput(
  prompt: string,
  seed: number,
  modelId: bigint,
  promptSalt: bigint = BigInt(hexlify(randomBytes(31))),
): { doc: AigcJobDoc; bytes: Uint8Array; inputCommitment: bigint } {
  const doc: AigcJobDoc = {
    kind: "aigc",
    prompt,
    seed,
    modelId: modelId.toString(),
    promptSalt: promptSalt.toString(),
  };
  return { doc, bytes: toUtf8Bytes(JSON.stringify(doc)), inputCommitment: aigcJobDocCommitment(doc) };
}

/** Proves and registers the provenance of a settled AIGC job's output; `signer` is the buyer on the hub. */
export async function registerProvenance(
  signer: Signer,
  contracts: ProvenanceContracts,
  p: RegisterProvenanceParams,
): Promise<RegisteredProvenance> {
  const registry = ProvenanceRegistry__factory.connect(contracts.provenanceRegistry, signer);
  const models = ModelRegistry__factory.connect(contracts.modelRegistry, signer);
  const leaves = new Map<number, bigint>();
  const count = Number(await models.modelCount());
  for (let id = 1; id <= count; id++) {
    const m = await models.model(id);
    if (m.approved) leaves.set(id - 1, modelLeaf(BigInt(id), m.weightsCommitment));
  }
  const modelId = BigInt(p.input.modelId);
  const approved = modelId >= 1n && leaves.has(Number(modelId) - 1);
  const weights = approved ? (await models.model(modelId)).weightsCommitment : undefined;
  if (weights === undefined) throw new Error(`model ${modelId} is not approved in ModelRegistry`);
  const creatorSecret = p.creatorSecret ?? (await creatorSecretOf(signer));
  const started = performance.now();
  const proof = await prove(
    "AigcProvenance",
    aigcProvenanceInput({
      content: p.content,
      modelId,
      weightsCommitment: weights,
      modelTree: merkleTree(leaves),
      creatorSecret,
      promptHash: aigcPromptHash(p.input.prompt),
      paramsHash: BigInt(p.input.seed),
      promptSalt: BigInt(p.input.promptSalt),
      parentIds: [],
      binding: await registry.bindingOf(await signer.getAddress()),
    }),
  );
  const proofMs = performance.now() - started;
  const s = decodeProvenanceSignals(proof.publicSignals);
  const tx = await registry.register(
    {
      contentCommitment: s.contentCommitment,
      modelId: s.modelId,
      creatorCommitment: s.creatorCommitment,
      promptCommitment: s.promptCommitment,
      linkedJobId: p.jobId,
      parents: [],
    },
    toSolidityProof(proof.proof),
  );
  await tx.wait();
  return {
    recordId: await registry.recordOf(s.contentCommitment),
    txHash: tx.hash,
    proofMs,
    creatorCommitment: s.creatorCommitment,
  };
}
