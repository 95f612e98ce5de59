// `npm run bench:zk`: per circuit, constraints, Groth16 proving time (median of --runs), local verify time,
// and the gas of the generated verifier's verifyProof on the in-process hub chain: estimateGas (the gas limit a
// call needs, above what it uses because of the 63/64 rule around the precompile calls), the gasUsed of a real
// transaction (21k base and calldata included) and the verifier's execution alone (gasUsed - 21000 - calldata).
// Prints numbers; asserts nothing.
import { network } from "hardhat";
import {
  aigcProvenanceInput,
  BATCH8_SIZE,
  BATCH_SIZE,
  type CircuitInput,
  type CircuitName,
  jobReceiptInput,
  merkleTree,
  modelLeaf,
  prove,
  receiptBatch8Input,
  receiptBatchInput,
  receiptCircuitFor,
  releaseProver,
  toSolidityProof,
  verifiedInferenceInput,
  verify,
} from "../../services/zk/index.js";
import { contentBytes, inputVector, model, receipt, SECRET, slot } from "../../test/zk/fixtures.js";
import { readManifest } from "../zk/circuits.js";
import { marketFixture, NODE_PARAMS } from "../../test/helpers/market.js";
import { identityCommitment } from "../../services/zk/index.js";
import { provenSettlementGas } from "./proven-settlement.js";
import { intOption, parseCli, usageError } from "../args.js";

const { values } = parseCli(
  `
npm run bench:zk [-- --runs N]

Per circuit: constraints, Groth16 proving time (median of N proofs after a warm-up), local verify time and the
gas of the generated verifier as a transaction on an in-process chain; then proven-settlement gas.

Options:
  --runs N           proofs per circuit, 1-100 (default 5)
  --circuits A,B,..  only these circuits, and no settlement rounds (default: all, then settlement)
`,
  { runs: { type: "string" }, circuits: { type: "string" } },
);
const RUNS = intOption("runs", values.runs, 5, 1, 100);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const inputs: Record<CircuitName, CircuitInput> = {
  JobReceipt: jobReceiptInput(receipt()),
  ReceiptBatch8: receiptBatch8Input(
    SECRET,
    Array.from({ length: BATCH8_SIZE }, (_, i) => slot(i)),
  ),
  ReceiptBatch: receiptBatchInput(
    SECRET,
    Array.from({ length: BATCH_SIZE }, (_, i) => slot(i)),
  ),
  VerifiedInference: verifiedInferenceInput(model(1), inputVector(2)),
  AigcProvenance: aigcProvenanceInput({
    content: contentBytes(1),
    modelId: 1n,
    weightsCommitment: 101n,
    modelTree: merkleTree(new Map([[0, modelLeaf(1n, 101n)]])),
    creatorSecret: 7n,
    promptHash: 1n,
    paramsHash: 2n,
    promptSalt: 3n,
    parentIds: [],
    binding: 0x5eedn,
  }),
};
const JOBS: Partial<Record<CircuitName, number>> = {
  JobReceipt: 1,
  ReceiptBatch8: BATCH8_SIZE,
  ReceiptBatch: BATCH_SIZE,
};
/** Intrinsic calldata gas: 4 per zero byte, 16 per other byte (EIP-2028). */
const calldataGas = (data: string) => ethers.getBytes(data).reduce((sum, b) => sum + (b === 0 ? 4 : 16), 0);

const selected = (values.circuits?.split(",") ?? Object.keys(inputs)) as CircuitName[];
for (const name of selected) {
  if (!(name in inputs))
    usageError(`unknown circuit "${name}" (circuits: ${Object.keys(inputs).join(", ")})`);
}

const { ethers } = await network.create("hub");
const signer = (await ethers.getSigners())[0]!;
const manifest = await readManifest();
const rows: string[][] = [];
for (const name of selected) {
  const proveMs: number[] = [];
  const verifyMs: number[] = [];
  let last = await prove(name, inputs[name]); // warm-up (wasm, zkey and curve loading)
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    last = await prove(name, inputs[name]);
    proveMs.push(performance.now() - t0);
    const t1 = performance.now();
    if (!(await verify(name, last.proof, last.publicSignals)))
      throw new Error(`${name}: proof did not verify`);
    verifyMs.push(performance.now() - t1);
  }
  const verifier = await ethers.deployContract(`${name}Verifier`);
  const s = toSolidityProof(last.proof);
  const args = [s.a, s.b, s.c, last.publicSignals];
  const estimate = await verifier.getFunction("verifyProof").estimateGas(...args);
  // verifyProof is a view: send it as a transaction anyway to read what it really uses.
  const data = verifier.interface.encodeFunctionData("verifyProof", args);
  const tx = await signer.sendTransaction({ to: await verifier.getAddress(), data });
  const used = Number((await tx.wait())!.gasUsed);
  const execution = used - 21_000 - calldataGas(data);
  const jobs = JOBS[name];
  rows.push([
    name,
    String(manifest.circuits[name].constraints),
    String(last.publicSignals.length),
    median(proveMs).toFixed(0),
    median(verifyMs).toFixed(0),
    estimate.toString(),
    String(used),
    String(execution),
    jobs === undefined ? "-" : (execution / jobs).toFixed(0),
  ]);
  console.error(`${name}: done`);
}
// Settlement in the market: the whole submitProvenReceipts transaction (region checks, hub verify, settle).
async function settle() {
  const market = await marketFixture();
  const node = await market.registerAndStake({
    ...NODE_PARAMS,
    identityCommitment: identityCommitment(SECRET),
  });
  return provenSettlementGas(market, node, SECRET, 1n);
}
const settlement = values.circuits === undefined ? await settle() : undefined;
await releaseProver();

const head = [
  "circuit",
  "constraints",
  "public",
  `prove ms (median of ${RUNS})`,
  "verify ms",
  "estimateGas",
  "verify gas (tx)",
  "verify gas (execution)",
  "execution/job",
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ") + " |";
console.log(line(head));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const r of rows) console.log(line(r));

if (settlement !== undefined) {
  console.log("");
  console.log(
    "| settlement with receipt proofs (region checks + hub verifies once + settle) | gas | gas/job |",
  );
  console.log("|---|---|---|");
  for (const { jobs, gas } of settlement.rounds) {
    const label = `${jobs === 1 ? "single" : `batch of ${jobs}`} (${receiptCircuitFor(jobs)})`;
    console.log(`| ${label} | ${gas} | ${gas / BigInt(jobs)} |`);
  }
  console.log(`| withdrawCredit (operator, once for all) | ${settlement.withdraw} | - |`);
}
