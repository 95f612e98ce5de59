// ModelRegistry + ProvenanceRegistry on the in-process hub: register a settled job's output -> derive -> share
// -> trace back; and the regression tests of issue 12's attacks 1 (squatting content as "made by model M"),
// 2 (front-running a registration with a copied proof), 5 (unattributable lineage) and 6 (fixed verifier).
// The market side is the MockJobOutputSource double (settled jobs set directly); the real JobMarket's
// job and verifiedOutputCommitment are exercised in test/contracts/proven-receipts.test.ts.
import type { Contract } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  aigcJobInputCommitment,
  aigcProvenanceInput,
  contentCommitment,
  merkleTree,
  modelLeaf,
  parentsHash,
  promptCommitment,
  type ProvenanceWitness,
  prove,
  registrationBinding,
  releaseProver,
} from "../../services/zk/index.js";
import { deployPoseidonT3, deployProofVerifier, ethers, proofArg } from "./chain.js";
import { expectRevert } from "../helpers/chain.js";
import { contentBytes } from "./fixtures.js";

afterAll(releaseProver);

const WEIGHTS = [101n, 202n];
const ZERO_PROOF = {
  a: [0n, 0n],
  b: [
    [0n, 0n],
    [0n, 0n],
  ],
  c: [0n, 0n],
};

describe("ModelRegistry and ProvenanceRegistry", () => {
  let models: Contract;
  let registry: Contract;
  let jobs: Contract;
  let verifier: Contract;
  let tree: ReturnType<typeof merkleTree>;
  let chainId: bigint;
  const signers = async () => {
    const [dao, buyer, attacker, friend] = await ethers.getSigners();
    return { dao: dao!, buyer: buyer!, attacker: attacker!, friend: friend! };
  };
  const as = async (who: "dao" | "buyer" | "attacker" | "friend") =>
    registry.connect((await signers())[who]) as Contract;

  const witness = async (
    over: Partial<ProvenanceWitness>,
    registrant?: string,
  ): Promise<ProvenanceWitness> => ({
    content: contentBytes(1),
    modelId: 2n,
    weightsCommitment: WEIGHTS[1]!,
    modelTree: tree,
    creatorSecret: 31337n,
    promptHash: 1n,
    paramsHash: 2n,
    promptSalt: 3n,
    parentIds: [],
    binding: registrationBinding(
      chainId,
      await registry.getAddress(),
      registrant ?? (await signers()).buyer.address,
    ),
    ...over,
  });
  const recordInput = (w: ProvenanceWitness, linkedJobId: bigint) => {
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
  /** A settled AIGC job of `buyer` whose spec named the witness's model and prompt and output its content. */
  const settle = async (jobId: bigint, w: ProvenanceWitness, buyer?: string) => {
    const input = aigcJobInputCommitment(
      w.modelId,
      promptCommitment(w.promptHash, w.paramsHash, w.promptSalt),
    );
    const who = buyer ?? (await signers()).buyer.address;
    await (await jobs.getFunction("setJob")(jobId, who, input, contentCommitment(w.content))).wait();
  };

  beforeAll(async () => {
    const { dao } = await signers();
    chainId = (await ethers.provider.getNetwork()).chainId;
    const hasher = await deployPoseidonT3();
    models = (await ethers.deployContract("ModelRegistry", [hasher, dao.address])) as unknown as Contract;
    for (const [i, w] of WEIGHTS.entries())
      await (await models.getFunction("approveModel")(w, `m${i}`, "1.0")).wait();
    verifier = await deployProofVerifier("AigcProvenance");
    registry = (await ethers.deployContract("ProvenanceRegistry", [
      await models.getAddress(),
      await verifier.getAddress(),
      dao.address,
    ])) as unknown as Contract;
    jobs = (await ethers.deployContract("MockJobOutputSource")) as unknown as Contract;
    await (await registry.getFunction("setJobOutputSource")(await jobs.getAddress())).wait();
    tree = merkleTree(new Map(WEIGHTS.map((w, i) => [i, modelLeaf(BigInt(i + 1), w)])));
  });

  it("keeps the same Poseidon Merkle root as the TypeScript tree", async () => {
    expect(await models.getFunction("root")()).toBe(tree.root);
    expect(await models.getFunction("isApproved")(2n)).toBe(true);
  });

  it("registers a settled job's output, derives from it, shares it attributably, and traces back", async () => {
    const { buyer, friend, attacker } = await signers();
    expect(await registry.getFunction("bindingOf")(buyer.address)).toBe(
      registrationBinding(chainId, await registry.getAddress(), buyer.address),
    );
    const origin = await witness({});
    await settle(77n, origin);
    const p1 = await prove("AigcProvenance", aigcProvenanceInput(origin));
    await (await (await as("buyer")).getFunction("register")(recordInput(origin, 77n), proofArg(p1))).wait();
    expect(await registry.getFunction("recordOf")(contentCommitment(origin.content))).toBe(1n);
    expect((await registry.getFunction("record")(1n)).registrant).toBe(buyer.address);

    const child = await witness({ content: contentBytes(2), parentIds: [1n] });
    await settle(78n, child);
    const p2 = await prove("AigcProvenance", aigcProvenanceInput(child));
    const rc = await (
      await (await as("buyer")).getFunction("register")(recordInput(child, 78n), proofArg(p2))
    ).wait();
    const derived = rc!.logs
      .map((l: { topics: string[]; data: string }) => registry.interface.parseLog(l))
      .find((e: { name: string } | null) => e?.name === "RecordDerived");
    expect([...derived.args]).toEqual([2n, 1n, buyer.address]);

    // Attack 5: a share is made by a holder and names them; a stranger cannot share (or derive from) it.
    await expectRevert(
      async () => (await as("attacker")).getFunction("share").staticCall(2n, attacker.address),
      registry.interface,
      "ProvenanceRegistryNotHolder",
    );
    const shared = await (await (await as("buyer")).getFunction("share")(2n, friend.address)).wait();
    const event = registry.interface.parseLog(shared!.logs[0]!);
    expect([event?.name, ...event!.args]).toEqual(["RecordShared", 2n, buyer.address, friend.address]);
    expect(await registry.getFunction("holds")(2n, friend.address)).toBe(true);
    await (await (await as("friend")).getFunction("share")(2n, attacker.address)).wait();
    expect(await registry.getFunction("holds")(2n, attacker.address)).toBe(true);

    expect(await registry.getFunction("traceToOrigin")(2n)).toEqual([2n, 1n]);
    const rec = await registry.getFunction("record")(2n);
    expect(rec.parents).toEqual([1n]);
    expect(await registry.getFunction("parentsHash")([1n])).toBe(parentsHash([1n]));
  });

  it("attack 1: content that is no settled job's output cannot be registered as made by model 1", async () => {
    const { attacker } = await signers();
    // The squatter's constant image, "made by model 1" under their own creator secret, and a job of theirs
    // whose output was something else.
    const squat = await witness(
      {
        content: new Uint8Array(3072).fill(7),
        modelId: 1n,
        weightsCommitment: WEIGHTS[0]!,
        creatorSecret: 666n,
      },
      attacker.address,
    );
    const p = await prove("AigcProvenance", aigcProvenanceInput(squat));
    const squatter = await as("attacker");
    await expectRevert(
      () => squatter.getFunction("register").staticCall(recordInput(squat, 404n), proofArg(p)),
      registry.interface,
      "ProvenanceRegistryJobNotVerified",
    );
    await settle(90n, await witness({ content: contentBytes(90), modelId: 1n }), attacker.address);
    const [jobId, output] = await expectRevert(
      () => squatter.getFunction("register").staticCall(recordInput(squat, 90n), proofArg(p)),
      registry.interface,
      "ProvenanceRegistryNotJobOutput",
    );
    expect([jobId, output]).toEqual([90n, contentCommitment(contentBytes(90))]);
    // A job whose spec named model 2 (input commitment) cannot vouch for "made by model 1".
    await settle(91n, { ...squat, modelId: 2n }, attacker.address);
    await expectRevert(
      () => squatter.getFunction("register").staticCall(recordInput(squat, 91n), proofArg(p)),
      verifier.interface,
      "AigcProvenanceProofVerifierProofInvalid",
    );
    // Someone else's job output cannot be claimed by the squatter either.
    await settle(92n, squat);
    await expectRevert(
      () => squatter.getFunction("register").staticCall(recordInput(squat, 92n), proofArg(p)),
      registry.interface,
      "ProvenanceRegistryNotJobBuyer",
    );
    expect(await registry.getFunction("recordOf")(contentCommitment(squat.content))).toBe(0n);
  });

  it("attack 2: a copied proof is useless to a front-runner (registrant bound in the statement)", async () => {
    const { buyer, attacker } = await signers();
    const w = await witness({ content: contentBytes(5) });
    await settle(95n, w, buyer.address);
    const p = await prove("AigcProvenance", aigcProvenanceInput(w));
    // Even as the job's buyer of record (the strongest case), a proof bound to another registrant fails.
    await settle(95n, w, attacker.address);
    await expectRevert(
      async () => (await as("attacker")).getFunction("register").staticCall(recordInput(w, 95n), proofArg(p)),
      verifier.interface,
      "AigcProvenanceProofVerifierProofInvalid",
    );
    await settle(95n, w, buyer.address);
    await (await (await as("buyer")).getFunction("register")(recordInput(w, 95n), proofArg(p))).wait();
    await expectRevert(
      async () => (await as("buyer")).getFunction("register").staticCall(recordInput(w, 95n), proofArg(p)),
      registry.interface,
      "ProvenanceRegistryContentExists",
    );
  });

  it("rejects a revoked model and an unknown or unheld parent before verifying", async () => {
    const w = await witness({ content: contentBytes(7) });
    await settle(97n, w);
    const buyer = await as("buyer");
    await expectRevert(
      () => buyer.getFunction("register").staticCall({ ...recordInput(w, 97n), parents: [99n] }, ZERO_PROOF),
      registry.interface,
      "ProvenanceRegistryUnknownRecord",
    );
    const stranger = await witness({ content: contentBytes(8) });
    await settle(98n, stranger, (await signers()).dao.address);
    await expectRevert(
      async () =>
        (await as("dao"))
          .getFunction("register")
          .staticCall({ ...recordInput(stranger, 98n), parents: [1n] }, ZERO_PROOF),
      registry.interface,
      "ProvenanceRegistryNotHolder",
    );
    await (await models.getFunction("revokeModel")(2n)).wait();
    expect(await models.getFunction("root")()).toBe(
      merkleTree(new Map([[0, modelLeaf(1n, WEIGHTS[0]!)]])).root,
    );
    await expectRevert(
      () => buyer.getFunction("register").staticCall(recordInput(w, 97n), ZERO_PROOF),
      registry.interface,
      "ProvenanceRegistryModelNotApproved",
    );
  });

  it("attack 6: governance replaces the verifier as a new version; existing records keep theirs", async () => {
    const { attacker } = await signers();
    await expectRevert(
      async () => (await as("attacker")).getFunction("setVerifier").staticCall(attacker.address),
      registry.interface,
      "OwnableUnauthorizedAccount",
    );
    const before = await registry.getFunction("verifierVersion")();
    const next = await deployProofVerifier("AigcProvenance");
    const rc = await (await (await as("dao")).getFunction("setVerifier")(await next.getAddress())).wait();
    const event = registry.interface.parseLog(rc!.logs[0]!);
    expect([event?.name, ...event!.args]).toEqual(["VerifierSet", before + 1n, await next.getAddress()]);
    expect(await registry.getFunction("verifierAt")(before + 1n)).toBe(await next.getAddress());
    expect(await registry.getFunction("verifierAt")(1n)).toBe(await verifier.getAddress());
    // Record 1 stays readable and attributed to the verifier version that checked it.
    expect((await registry.getFunction("record")(1n)).verifierVersion).toBe(1n);
    await expectRevert(
      () => registry.getFunction("verifierAt").staticCall(before + 2n),
      registry.interface,
      "ProvenanceRegistryUnknownVerifierVersion",
    );
  });

  it("lets only the DAO owner change the model set", async () => {
    const { attacker } = await signers();
    await expectRevert(
      () => (models.connect(attacker) as Contract).getFunction("approveModel").staticCall(5n, "x", "1"),
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
