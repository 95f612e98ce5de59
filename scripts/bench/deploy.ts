/**
 * npm run bench:deploy — wall time and transaction count of a full deployment (bridge, hub, two regions,
 * wiring, handover) to three anvil nodes with 1-second blocks, through the pipelined engine (deploy/engine.ts).
 * Target: ≤ 60 s (the sequential modules took ≈ 420 s on the same setup).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { JsonRpcProvider } from "ethers";
import { type Anvil, startAnvil } from "../../deploy/anvil.js";
import { deploy } from "../../deploy/engine.js";
import { DEV_PARAMS } from "../../deploy/params.js";
import { DEV_ACCOUNTS, devWallet } from "../../services/stack/accounts.js";
import { intOption, parseCli } from "../args.js";

const { values } = parseCli(
  `
npm run bench:deploy [-- --block-time <s>]

Starts three anvil nodes (chain ids 31337-31339, 127.0.0.1, free ports) with --block-time 1 (or the given
seconds), deploys the whole of Suanli with the pipelined engine and prints the wall time, the transactions and
the blocks each chain needed.
`,
  { "block-time": { type: "string" } },
);
const blockTime = intOption("block-time", values["block-time"], 1, 1, 30);

const nodes: Anvil[] = [];
const dir = await mkdtemp(path.join(tmpdir(), "suanli-bench-deploy-"));
try {
  const names = ["hub", "east", "west"];
  for (const i of names.keys()) nodes.push(await startAnvil(31_337 + i, blockTime));
  const providers = nodes.map((n) => new JsonRpcProvider(n.url, undefined, { cacheTimeout: -1 }));
  const wallets = Object.fromEntries(
    names.map((n, i) => [n, devWallet(DEV_ACCOUNTS.deployer).connect(providers[i]!)]),
  );
  const startBlocks = await Promise.all(providers.map((p) => p.getBlockNumber()));
  const started = performance.now();
  const result = await deploy({
    dir,
    wallets,
    params: DEV_PARAMS,
    validators: DEV_ACCOUNTS.validators.map((i) => devWallet(i).address),
    threshold: 2,
    schedulers: [devWallet(DEV_ACCOUNTS.scheduler).address],
  });
  const seconds = (performance.now() - started) / 1000;
  const endBlocks = await Promise.all(providers.map((p) => p.getBlockNumber()));
  console.log(`| chains | block time | transactions | wall time | blocks (hub/east/west) |`);
  console.log(`|---|---|---|---|---|`);
  console.log(
    `| 3 anvil | ${blockTime} s | ${result.transactions} | ${seconds.toFixed(1)} s | ${endBlocks.map((b, i) => b - startBlocks[i]!).join(" / ")} |`,
  );
  for (const p of providers) p.destroy();
} finally {
  await Promise.all(nodes.map((n) => n.stop()));
  await rm(dir, { recursive: true, force: true });
}
