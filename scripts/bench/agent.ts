/**
 * Node agent throughput per workload kind: one agent (its own process, proven receipts batched within 2 s)
 * on a JSON-RPC chain with the hub and a region; for each kind, N jobs are placed at once and timed from the
 * first assignment until all have settled on the hub (AIGC: and, after the buyer registered each settled image
 * in ProvenanceRegistry, until the agent has published its watermarked PNG).
 * Prints jobs per minute for the agent and the share of that time spent proving (every circuit the kind uses,
 * from the agent's suanli_agent_proof_seconds_sum).        npm run bench:agent   (BENCH_AGENT_JOBS, default 3)
 */
import { fnvModule } from "../../services/agent/workloads/wasm-samples.js";
import { generateImage } from "../../services/agent/workloads/aigc.js";
import { TINY_MLP } from "../../services/agent/workloads/inference.js";
import { aigcJobInput, registerProvenance } from "../../services/sdk/index.js";
import { type AigcJobDoc, modelCommitment } from "../../services/zk/index.js";
import { agentWorld, spawnAgentProcess, until } from "../../test/agent/fixture.js";
import { intOption, parseCli } from "../args.js";

parseCli(
  `
npm run bench:agent

One node agent (its own process, proven receipts) on a JSON-RPC chain with the hub and a region; for each
workload kind (WebAssembly, verified inference, AIGC) N jobs are placed at once and timed until settled.
Prints jobs per minute per kind and the share of that time spent proving.

Environment:
  BENCH_AGENT_JOBS   jobs per workload kind (default 3)
`,
  {},
);
const N = intOption("BENCH_AGENT_JOBS", process.env.BENCH_AGENT_JOBS, 3, 1, 100);
const w = await agentWorld();
const node = await w.registerNode(7, 0xbe7cn);
const agent = await spawnAgentProcess(
  w.agentEnv(node, { SUANLI_AGENT_RECEIPT_MODE: "proven", SUANLI_AGENT_BATCH_WINDOW_MS: "2000" }),
);

const proofSeconds = async () => {
  const text = await (await agent.get("/metrics")).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith("suanli_agent_proof_seconds_sum"))
    .reduce((s, l) => s + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
};

const module = w.blobStore.put(fnvModule(256));
const contracts = {
  provenanceRegistry: await w.hub.provenanceRegistry.getAddress(),
  modelRegistry: await w.hub.modelRegistry.getAddress(),
};
const registering = new Set<bigint>();
const docOf = new Map<bigint, unknown>();
const kinds: { kind: string; doc: (i: number) => unknown; done: (jobId: bigint) => Promise<boolean> }[] = [
  {
    kind: "wasm (FNV-1a, 16 KiB × 256)",
    doc: (i) => ({
      kind: "wasm",
      module: module.toString(),
      input: Buffer.alloc(16 * 1024, i).toString("base64"),
    }),
    done: async (jobId) => (await w.hub.jobMarket.job(jobId)).status === 3n,
  },
  {
    kind: "verified inference",
    doc: (i) => ({
      kind: "inference",
      model: modelCommitment(TINY_MLP).toString(),
      x: Array.from({ length: 16 }, (_, k) => ((i * 31 + k * 7) % 255) - 127),
    }),
    done: async (jobId) => (await w.hub.jobMarket.job(jobId)).status === 3n,
  },
  {
    kind: "AIGC (generate + provenance)",
    doc: (i) => aigcJobInput(`benchmark image ${i}`, i, 1n).doc,
    done: async (jobId) => {
      const row = await agent.job(jobId);
      if (
        row?.state === "submitted" &&
        (await w.hub.jobMarket.job(jobId)).status === 3n &&
        !registering.has(jobId)
      ) {
        // The buyer registers the settled image (the only party allowed to); the agent then publishes it.
        registering.add(jobId);
        const input = docOf.get(jobId) as AigcJobDoc;
        await registerProvenance(w.signers.buyer, contracts, {
          jobId,
          content: generateImage(input.prompt, input.seed),
          input,
        });
      }
      return row?.state === "registered";
    },
  },
];

const rows: string[] = [];
for (const k of kinds) {
  const jobs: bigint[] = [];
  for (let i = 0; i < N; i++) {
    const doc = k.doc(i);
    const { jobId } = await w.createJob(doc);
    docOf.set(jobId, doc);
    jobs.push(jobId);
  }
  const proofBefore = await proofSeconds();
  const started = performance.now();
  for (const jobId of jobs) await w.assign(jobId, node.nodeId);
  for (const jobId of jobs)
    await until(`${k.kind} job ${jobId}`, async () => ((await k.done(jobId)) ? true : undefined), 900_000);
  const seconds = (performance.now() - started) / 1000;
  const proof = (await proofSeconds()) - proofBefore;
  rows.push(
    `| ${k.kind.padEnd(30)} | ${String(N).padStart(4)} | ${seconds.toFixed(1).padStart(8)} | ${((N * 60) / seconds).toFixed(2).padStart(11)} | ${((100 * proof) / seconds).toFixed(0).padStart(10)} % |`,
  );
  console.log(rows.at(-1));
}

console.log("\nnode agent throughput (1 agent, proven receipts, batch window 2 s)\n");
console.log("| workload                       | jobs |  wall s | jobs/minute | proof share |");
console.log("| ------------------------------ | ---- | ------- | ----------- | ----------- |");
for (const r of rows) console.log(r);
await agent.stop();
await w.close();
process.exit(0);
