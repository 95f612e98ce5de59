import { afterAll, describe, expect, it } from "vitest";
import {
  aigcJobInputCommitment,
  aigcProvenanceInput,
  computePublicSignals,
  contentCommitment,
  decodeProvenanceSignals,
  merkleTree,
  modelLeaf,
  parentsHash,
  promptCommitment,
  type ProvenanceWitness,
  provenanceSignals,
  releaseProver,
  ZkError,
} from "../../services/zk/index.js";
import { contentBytes } from "../zk/fixtures.js";

afterAll(releaseProver);

const weights = [11n, 22n, 33n];
const tree = merkleTree(new Map(weights.map((w, i) => [i, modelLeaf(BigInt(i + 1), w)])));

function witness(overrides: Partial<ProvenanceWitness> = {}): ProvenanceWitness {
  return {
    content: contentBytes(3),
    modelId: 2n,
    weightsCommitment: 22n,
    modelTree: tree,
    creatorSecret: 4242n,
    promptHash: 7n,
    paramsHash: 8n,
    promptSalt: 9n,
    parentIds: [],
    binding: 0x1234n,
    ...overrides,
  };
}

const run = (w: ProvenanceWitness) => computePublicSignals("AigcProvenance", aigcProvenanceInput(w));

describe("AigcProvenance circuit", () => {
  it("proves a derivation: content, model, the job input naming model and prompt, binding", async () => {
    const w = witness({ parentIds: [1n, 5n] });
    const s = decodeProvenanceSignals(await run(w));
    expect(s).toEqual(provenanceSignals(w));
    expect(s.contentCommitment).toBe(contentCommitment(contentBytes(3)));
    expect(s.jobInputCommitment).toBe(aigcJobInputCommitment(2n, promptCommitment(7n, 8n, 9n)));
    expect(s.binding).toBe(0x1234n);
    expect(s.parentsHash).toBe(parentsHash([1n, 5n]));
    expect(s.modelRoot).toBe(tree.root);
  });

  it("rejects a wrong Merkle sibling", async () => {
    const input = aigcProvenanceInput(witness());
    (input.siblings as bigint[])[3] = (input.siblings as bigint[])[3]! + 1n;
    await expect(computePublicSignals("AigcProvenance", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects a model that is not in the tree (wrong weights or wrong id)", async () => {
    await expect(run(witness({ weightsCommitment: 23n }))).rejects.toBeInstanceOf(ZkError);
    await expect(run(witness({ modelId: 4n }))).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects content that does not hash to the content commitment", async () => {
    const input = aigcProvenanceInput(witness());
    (input.content as bigint[])[1234] = ((input.content as bigint[])[1234]! + 1n) % 256n;
    await expect(computePublicSignals("AigcProvenance", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects a content 'byte' above 255", async () => {
    const input = aigcProvenanceInput(witness());
    const c = input.content as bigint[];
    // same packed value: b[i] + 256 b[i+1] == (b[i] + 256) + 256 (b[i+1] - 1), so only the range check catches it
    const i = c.findIndex((b, k) => k % 31 !== 30 && (c[k + 1] ?? 0n) > 0n && b >= 0n);
    c[i] = c[i]! + 256n;
    c[i + 1] = c[i + 1]! - 1n;
    await expect(computePublicSignals("AigcProvenance", input)).rejects.toBeInstanceOf(ZkError);
  });

  it("rejects a binding that is not a field element", () => {
    expect(() => aigcProvenanceInput(witness({ binding: 2n ** 254n }))).toThrow(RangeError);
  });

  it("rejects a wrong creator secret or prompt opening", async () => {
    const input = aigcProvenanceInput(witness());
    await expect(
      computePublicSignals("AigcProvenance", { ...input, creatorSecret: 4243n }),
    ).rejects.toBeInstanceOf(ZkError);
    await expect(
      computePublicSignals("AigcProvenance", { ...input, promptSalt: 10n }),
    ).rejects.toBeInstanceOf(ZkError);
  });
});
