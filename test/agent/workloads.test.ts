/**
 * Verified inference and AIGC through one agent with proven receipts: the two jobs finish within the batch
 * window and settle under one ReceiptBatch8 proof. The inference job's settled output commitment is the one its
 * VerifiedInference proof binds: the agent submits the proof to the hub's InferenceRegistry after settlement,
 * which checks it against the settled output and the job's input commitment Poseidon(model, Poseidon(x));
 * the AIGC job's input commitment names the model; after settlement its buyer registers the image in
 * ProvenanceRegistry (services/sdk/actions/provenance.ts), and the PNG the agent then publishes carries the
 * record id in its watermark, which leads to the record, the job, the node and the approved model.
 */
import type { Groth16Proof as SnarkProof } from "snarkjs";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GENERATOR, generateImage } from "../../services/agent/workloads/aigc.js";
import { aigcJobInput, creatorSecretOf, registerProvenance } from "../../services/sdk/index.js";
import { TINY_MLP } from "../../services/agent/workloads/inference.js";
import {
  contentCommitment,
  creatorCommitment,
  extractWatermark,
  infer,
  inferenceInputCommitment,
  inferenceJobInputCommitment,
  inferenceOutputCommitment,
  modelCommitment,
  verify,
} from "../../services/zk/index.js";
import { type AgentWorld, agentWorld, spawnAgentProcess, until } from "./fixture.js";

let w: AgentWorld;
let agent: Awaited<ReturnType<typeof spawnAgentProcess>>;
let node: Awaited<ReturnType<AgentWorld["registerNode"]>>;
const SECRET = 0x1f2e3dn;

beforeAll(async () => {
  w = await agentWorld();
  node = await w.registerNode(7, SECRET);
  agent = await spawnAgentProcess(
    w.agentEnv(node, { SUANLI_AGENT_RECEIPT_MODE: "proven", SUANLI_AGENT_BATCH_WINDOW_MS: "20000" }),
  );
});

afterAll(async () => {
  await agent?.stop();
  await w?.close();
});

const settled = (jobId: bigint) =>
  until(
    `job ${jobId} settled`,
    async () => ((await w.hub.jobMarket.job(jobId)).status === 3n ? true : undefined),
    240_000,
  );

describe("verified inference and AIGC with proven, batched receipts", () => {
  it("settles both under one ReceiptBatch8 proof; inference output proven; image traced to job, node, model", async () => {
    const x = [5, -3, 17, 100, -128, 127, 0, 1, 2, 3, -4, 55, 66, -77, 8, 9];
    const inference = await w.createJob({
      kind: "inference",
      model: modelCommitment(TINY_MLP).toString(),
      x,
    });
    // The buyer's AIGC input names the generator's model id (1: the only approved model) and a salted prompt.
    const aigcInput = aigcJobInput("a quiet harbour at dawn", 7, 1n);
    const aigc = await w.createJob(aigcInput.doc);
    expect(aigc.inputCommitment).toBe(aigcInput.inputCommitment);
    await w.assign(inference.jobId, node.nodeId);
    await w.assign(aigc.jobId, node.nodeId);
    await settled(inference.jobId);
    await settled(aigc.jobId);

    // One proof carried both receipts.
    const proven = await w.east.receipts.queryFilter(w.east.receipts.filters.ReceiptProven());
    const txs = new Set(proven.map((e) => e.transactionHash));
    expect(proven.map((e) => e.args.jobId).sort()).toEqual([inference.jobId, aigc.jobId].sort());
    expect(txs.size).toBe(1);

    // Inference: the settled output commitment is Poseidon(f(x)), the value the VerifiedInference proof binds.
    const settledOutput = await w.hub.jobMarket.verifiedOutputCommitment(inference.jobId);
    expect(settledOutput).toBe(inferenceOutputCommitment(infer(TINY_MLP, x)));
    const res = await agent.get(`/v1/outputs/${settledOutput}`);
    const doc = (await res.json()) as { y: string[]; proof: SnarkProof; publicSignals: string[] };
    const signals = doc.publicSignals.map(BigInt);
    expect(signals).toEqual([settledOutput, modelCommitment(TINY_MLP), inferenceInputCommitment(x)]);
    expect(await verify("VerifiedInference", doc.proof, signals)).toBe(true);
    // The agent submitted that proof to the hub's InferenceRegistry, which checked it against the settled
    // output and the job's input commitment Poseidon(model, Poseidon(x)).
    expect((await w.hub.jobMarket.job(inference.jobId)).inputCommitment).toBe(
      inferenceJobInputCommitment(modelCommitment(TINY_MLP), x),
    );
    await until(
      "inference attested on the hub",
      async () => ((await agent.job(inference.jobId))?.state === "registered" ? true : undefined),
      120_000,
    );
    const attested = await w.hub.inferenceRegistry.attestation(inference.jobId);
    expect([attested.outputCommitment, attested.modelCommitment, attested.xCommitment]).toEqual([
      settledOutput,
      modelCommitment(TINY_MLP),
      inferenceInputCommitment(x),
    ]);

    // AIGC: the buyer registers the settled image (only the buyer may); the agent then publishes the PNG
    // watermarked with the record id, which leads back to job, node and model.
    const content = generateImage("a quiet harbour at dawn", 7);
    expect(await w.hub.jobMarket.verifiedOutputCommitment(aigc.jobId)).toBe(contentCommitment(content));
    const contracts = {
      provenanceRegistry: await w.hub.provenanceRegistry.getAddress(),
      modelRegistry: await w.hub.modelRegistry.getAddress(),
    };
    const registered = await registerProvenance(w.signers.buyer, contracts, {
      jobId: aigc.jobId,
      content,
      input: aigcInput.doc,
    });
    const row = await until(
      "watermarked PNG published",
      async () => {
        const r = await agent.job(aigc.jobId);
        return r?.state === "registered" ? r : undefined;
      },
      120_000,
    );
    expect(BigInt(row.recordId!)).toBe(registered.recordId);
    const png = Buffer.from(
      await (await agent.get(`/v1/outputs/${row.outputCommitment}/image.png`)).arrayBuffer(),
    );
    expect(PNG.sync.read(png).width).toBe(256);
    const mark = extractWatermark(png);
    expect(mark).toMatchObject({ found: true, recordId: BigInt(row.recordId!) });
    const record = await w.hub.provenanceRegistry.record(BigInt(row.recordId!));
    expect(record.linkedJobId).toBe(aigc.jobId);
    expect(record.contentCommitment).toBe(contentCommitment(content));
    expect(record.creatorCommitment).toBe(creatorCommitment(await creatorSecretOf(w.signers.buyer)));
    expect(record.registrant).toBe(await w.signers.buyer.getAddress());
    expect((await w.hub.jobMarket.job(aigc.jobId)).nodeId).toBe(node.nodeId);
    const model = await w.hub.modelRegistry.model(record.modelId);
    expect([model.name, model.version, model.approved]).toEqual([GENERATOR.name, GENERATOR.version, true]);
    const metrics = await (await agent.get("/metrics")).text();
    for (const circuit of ["VerifiedInference", "ReceiptBatch8"]) {
      expect(metrics).toMatch(
        new RegExp(`suanli_agent_proof_seconds_count\\{[^}]*circuit="${circuit}"[^}]*\\} 1`),
      );
    }
  }, 600_000);
});
