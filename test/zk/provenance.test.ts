// ModelRegistry + ProvenanceRegistry on the in-process hub: register -> derive -> trace back, forged records.
import type { Contract } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  aigcProvenanceInput,
  contentCommitment,
  merkleTree,
  modelLeaf,
  parentsHash,
  type ProvenanceWitness,
  prove,
  releaseProver,
} from "../../services/zk/index.js";
import { deployPoseidonT3, deployProofVerifier, ethers, proofArg } from "./chain.js";
import { expectRevert } from "../helpers/chain.js";
import { contentBytes } from "./fixtures.js";

afterAll(releaseProver);

const WEIGHTS = [101n, 202n];

describe("ModelRegistry and ProvenanceRegistry", () => {
  let models: Contract;
  let registry: Contract;
  let jobs: Contract;
  let verifier: Contract;
  let tree: ReturnType<typeof merkleTree>;

  const witness = (over: Partial<ProvenanceWitness>): ProvenanceWitness => ({
    content: contentBytes(1),
    modelId: 2n,
    weightsCommitment: WEIGHTS[1]!,
    modelTree: tree,
    creatorSecret: 31337n,
    promptHash: 1n,
    paramsHash: 2n,
    promptSalt: 3n,
    linkedOutputCommitment: 0n,
    parentIds: [],
    ...over,
  });
  const recordInput = (w: ProvenanceWitness, linkedJobId = 0n) => {
    const input = aigcProvenanceInput(w);
    return {
      contentCommitment: input.contentCommitment as bigint,
      modelId: w.modelId,
      creatorCommitment: input.creatorCommitment as bigint,
      promptCommitment: input.promptCommitment as bigint,
      linkedJobId,
      parents: [...w.parentIds],
    };
  };

  beforeAll(async () => {
    const [dao] = await ethers.getSigners();
    const hasher = await deployPoseidonT3();
    models = (await ethers.deployContract("ModelRegistry", [hasher, dao!.address])) as unknown as Contract;
    for (const [i, w] of WEIGHTS.entries())
      await (await models.getFunction("approveModel")(w, `m${i}`, "1.0")).wait();
    verifier = await deployProofVerifier("AigcProvenance");
    registry = (await ethers.deployContract("ProvenanceRegistry", [
      await models.getAddress(),
      await verifier.getAddress(),
      dao!.address,
    ])) as unknown as Contract;
    jobs = (await ethers.deployContract("MockJobOutputSource")) as unknown as Contract;
    await (await registry.getFunction("setJobOutputSource")(await jobs.getAddress())).wait();
    tree = merkleTree(new Map(WEIGHTS.map((w, i) => [i, modelLeaf(BigInt(i + 1), w)])));
  });

  it("keeps the same Poseidon Merkle root as the TypeScript tree", async () => {
    expect(await models.getFunction("root")()).toBe(tree.root);
    expect(await models.getFunction("isApproved")(2n)).toBe(true);
  });

  it("registers an original linked to a verified job, derives from it, shares, and traces back", async () => {
    const origin = witness({});
    const content = contentCommitment(origin.content);
    await (await jobs.getFunction("setOutput")(77n, content)).wait();
    const linked = { ...origin, linkedOutputCommitment: content };
    const p1 = await prove("AigcProvenance", aigcProvenanceInput(linked));
    await (await registry.getFunction("register")(recordInput(linked, 77n), proofArg(p1))).wait();
    expect(await registry.getFunction("recordOf")(content)).toBe(1n);

    const child = witness({ content: contentBytes(2), parentIds: [1n] });
    const p2 = await prove("AigcProvenance", aigcProvenanceInput(child));
    const tx = await registry.getFunction("register")(recordInput(child), proofArg(p2));
    const rc = await tx.wait();
    const derived = rc!.logs.map((l: { topics: string[]; data: string }) => registry.interface.parseLog(l));
    expect(derived.some((e: { name: string } | null) => e?.name === "RecordDerived")).toBe(true);
    const [, friend] = await ethers.getSigners();
    const shared = await (await registry.getFunction("share")(2n, friend!.address)).wait();
    const event = registry.interface.parseLog(shared!.logs[0]!);
    expect([event?.name, event?.args[0], event?.args[2]]).toEqual(["RecordShared", 2n, friend!.address]);

    expect(await registry.getFunction("traceToOrigin")(2n)).toEqual([2n, 1n]);
    const rec = await registry.getFunction("record")(2n);
    expect(rec.parents).toEqual([1n]);
    expect(await registry.getFunction("parentsHash")([1n])).toBe(parentsHash([1n]));
  });

  it("rejects a forged record: a valid proof presented for another content hash", async () => {
    const w = witness({ content: contentBytes(5) });
    const p = await prove("AigcProvenance", aigcProvenanceInput(w));
    const forged = { ...recordInput(w), contentCommitment: contentCommitment(contentBytes(6)) };
    await expectRevert(
      () => registry.getFunction("register").staticCall(forged, proofArg(p)),
      verifier.interface, // the error bubbles up from the verifier the registry calls
      "AigcProvenanceProofVerifierProofInvalid",
    );
    // the honest record goes through; the same content cannot be registered twice
    await (await registry.getFunction("register")(recordInput(w), proofArg(p))).wait();
    await expectRevert(
      () => registry.getFunction("register").staticCall(recordInput(w), proofArg(p)),
      registry.interface,
      "ProvenanceRegistryContentExists",
    );
  });

  it("rejects a revoked model, an unverified linked job and an unknown parent before verifying", async () => {
    const w = witness({ content: contentBytes(7) });
    const zeroProof = {
      a: [0n, 0n],
      b: [
        [0n, 0n],
        [0n, 0n],
      ],
      c: [0n, 0n],
    };
    await expectRevert(
      () => registry.getFunction("register").staticCall({ ...recordInput(w), linkedJobId: 5n }, zeroProof),
      registry.interface,
      "ProvenanceRegistryJobNotVerified",
    );
    await expectRevert(
      () => registry.getFunction("register").staticCall({ ...recordInput(w), parents: [99n] }, zeroProof),
      registry.interface,
      "ProvenanceRegistryUnknownRecord",
    );
    await (await models.getFunction("revokeModel")(2n)).wait();
    expect(await models.getFunction("root")()).toBe(
      merkleTree(new Map([[0, modelLeaf(1n, WEIGHTS[0]!)]])).root,
    );
    await expectRevert(
      () => registry.getFunction("register").staticCall(recordInput(w), zeroProof),
      registry.interface,
      "ProvenanceRegistryModelNotApproved",
    );
  });

  it("lets only the DAO owner change the model set", async () => {
    const [, stranger] = await ethers.getSigners();
    await expectRevert(
      () => (models.connect(stranger!) as Contract).getFunction("approveModel").staticCall(5n, "x", "1"),
      models.interface,
      "OwnableUnauthorizedAccount",
    );
    await expectRevert(
      () => models.getFunction("approveModel").staticCall(0n, "x", "1"),
      models.interface,
      "ModelRegistryInvalidCommitment",
    );
  });
});
