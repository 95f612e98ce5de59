/**
 * npm run buyer:quickstart — the README's buyer quickstart (SDK), runnable against the local stack: one AIGC job
 * stored in the input store, signed and submitted through the REST API, followed to settlement, its result
 * checked; then the buyer registers the image's provenance (SDK `registerProvenance`, proven locally) and leaves
 * the image and its input document in `.stack/<base>/quickstart/` for `suanli provenance trace`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider, Wallet } from "ethers";
import { SuanliClient, aigcJobInput, registerProvenance } from "../services/sdk/index.js";
import { releaseProver } from "../services/zk/index.js";
import { parseCli, runningStackLayout, usageError } from "./args.js";

const { values } = parseCli(
  `
npm run buyer:quickstart [-- --prompt <text>]

With the stack running (npm start), runs the README's buyer quickstart with the SDK: stores an AIGC job's input
document in the stack's input store, signs and submits the job through the REST API, follows it to settlement,
checks the result, registers the image's provenance on the hub, and writes image.bin and input.json to
.stack/<base>/quickstart/ (then: npx suanli provenance trace .stack/<base>/quickstart/image.bin).

Environment:
  BUYER_KEY                the buyer's private key (the stack's buyer is development account 1)
  SUANLI_STACK_BASE_PORT   the stack's base port (default 8545)
`,
  { prompt: { type: "string" } },
);

const layout = runningStackLayout();
const key = process.env.BUYER_KEY;
if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key))
  usageError("BUYER_KEY must be a 0x-prefixed 32-byte private key");
let manifest: { chains: { hub: string }; services: { api: string; inputs: string } };
let hub: Record<string, string>;
try {
  manifest = JSON.parse(readFileSync(layout.manifest, "utf8"));
  hub = JSON.parse(readFileSync(path.join(layout.deploymentsDir, "hub.json"), "utf8"));
} catch {
  console.error(
    `error: no running stack on base ${layout.base} (${layout.manifest} missing); start it with npm start`,
  );
  process.exit(1);
}

// The README's example, with the stack's URLs.
const client = new SuanliClient({ baseUrl: manifest.services.api });
const buyer = new Wallet(key);
const input = aigcJobInput(values.prompt ?? "a lighthouse at dawn", 7, 1n);
const stored = await fetch(`${manifest.services.inputs}/v1/blobs/${input.inputCommitment}`, {
  method: "PUT",
  body: input.bytes,
});
if (!stored.ok) throw new Error(`the input store refused the job document (HTTP ${stored.status})`);
const request = {
  resources: 1,
  durationSec: 60,
  tier: "batch" as const,
  latencyBoundMs: 600_000,
  deadline: Math.floor(Date.now() / 1000) + 3600,
  maxUnitPrice: 40n, // the stack's agents ask 30 per resource-second
  inputCommitment: input.inputCommitment,
};
const { jobId } = await client.signAndSubmit(buyer, request);
console.log(`job ${jobId} submitted by ${buyer.address}`);
for await (const step of client.follow(jobId)) console.log(step.type, step.chain, step.txHash);
const { bytes, outputCommitment } = await client.result(jobId); // re-hashed locally
console.log(`result: ${bytes.length} bytes matching output commitment ${outputCommitment}`);

const hubRpc = new JsonRpcProvider(manifest.chains.hub, undefined, { cacheTimeout: -1 });
try {
  const registered = await registerProvenance(
    buyer.connect(hubRpc),
    { provenanceRegistry: hub.provenanceRegistry!, modelRegistry: hub.modelRegistry! },
    { jobId: BigInt(jobId), content: bytes, input: input.doc },
  );
  const dir = path.join(layout.dir, "quickstart");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "image.bin"), bytes);
  writeFileSync(path.join(dir, "input.json"), JSON.stringify(input.doc));
  console.log(`provenance record ${registered.recordId} registered (tx ${registered.txHash})`);
  console.log(`image: ${path.relative(process.cwd(), path.join(dir, "image.bin"))}`);
} finally {
  hubRpc.destroy();
  await releaseProver();
}
