/**
 * API read benchmark: three local JSON-RPC chains with every contract deployed and joined by the bridge,
 * eight provider nodes registered on east and west, ≥ 10,000 jobs created on the hub by direct contract calls
 * (many per block), then the API as its own process (`services/api/main.ts`) indexes them and autocannon
 * loads GET /v1/quotes, GET /v1/jobs/:id (random ids) and GET /v1/providers in turn (2 s warm-up each).
 *
 *   npm run bench:api                            # 10,000 jobs, 10 connections, 10 s per endpoint
 *   BENCH_JOBS=20000 BENCH_CONNECTIONS=20 BENCH_SECONDS=20 npm run bench:api
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpus, loadavg } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { MaxUint256, toBeHex } from "ethers";
import { TestUSD__factory } from "../../types/contracts/index.js";
import { devAccount } from "../../test/bridge/harness.js";
import { ACTORS, startApiEnv } from "../../test/api/env.js";
import { intOption, parseCli } from "../args.js";

parseCli(
  `
npm run bench:api

Three local JSON-RPC chains joined by the bridge, >= 10,000 jobs created on the hub, the API as its own process
indexing them, then autocannon on GET /v1/quotes, GET /v1/jobs/:id and GET /v1/providers; prints req/s and
p50/p99 per endpoint.

Environment:
  BENCH_JOBS          jobs to create and index (default 10000)
  BENCH_CONNECTIONS   concurrent connections (default 10)
  BENCH_SECONDS       seconds of load per endpoint (default 10)
`,
  {},
);
const JOBS = intOption("BENCH_JOBS", process.env.BENCH_JOBS, 10_000, 1, 1_000_000);
const CONNECTIONS = intOption("BENCH_CONNECTIONS", process.env.BENCH_CONNECTIONS, 10, 1, 1_000);
const SECONDS = intOption("BENCH_SECONDS", process.env.BENCH_SECONDS, 10, 1, 3_600);
const PER_BLOCK = 200;
const ROOT = path.resolve(import.meta.dirname, "../..");

const env = await startApiEnv({ bridge: true });
const t0 = Date.now();
const nodes = [
  ["east", 20n, 24, 1, 8],
  ["east", 18n, 310, 2, 4],
  ["east", 25n, 120, 0, 8],
  ["east", 15n, 600, 1, 2],
  ["west", 19n, 45, 1, 8],
  ["west", 22n, 15, 0, 8],
  ["west", 12n, 820, 2, 4],
  ["west", 30n, 60, 1, 8],
] as const;
for (const [i, [region, price, carbon, latencyClass, gpus]] of nodes.entries()) {
  await env.registerAndStake(region, {
    pricePerSecond: price,
    carbonIntensity: carbon,
    latencyClass,
    gpuCount: gpus,
    identityCommitment: 1_000n + BigInt(i),
  });
}
await env.bridge!.stop();
console.log(`8 nodes registered and staked (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

// ≥ 10,000 jobs, created by the buyer's own calls (the chain's dev account signs), PER_BLOCK per block.
const hub = env.chains.hub.provider;
const buyer = devAccount(ACTORS.buyer).address;
const market = await env.net.hub.jobMarket.getAddress();
const usd = TestUSD__factory.connect(env.net.hub.paymentToken, env.chains.hub.deployer);
await (await usd.mint(buyer, 10n ** 30n)).wait();
await (await usd.connect(await hub.getSigner(buyer)).approve(market, MaxUint256)).wait();
const now = (await hub.getBlock("latest"))!.timestamp;
const t1 = Date.now();
await hub.send("evm_setAutomine", [false]);
let nonce = await hub.getTransactionCount(buyer);
for (let sent = 0; sent < JOBS; sent += PER_BLOCK) {
  const batch = Math.min(PER_BLOCK, JOBS - sent);
  await Promise.all(
    Array.from({ length: batch }, (_, k) => {
      const data = env.net.hub.jobMarket.interface.encodeFunctionData("createJob", [
        {
          resources: 1 + ((sent + k) % 8),
          durationSec: 60 + ((sent + k) % 600),
          tier: (sent + k) % 3,
          latencyBoundMs: 100 + ((sent + k) % 400),
          deadline: now + 30 * 86_400,
          maxUnitPrice: 20n + BigInt((sent + k) % 20),
          inputCommitment: BigInt(sent + k),
        },
      ]);
      return hub.send("eth_sendTransaction", [
        { from: buyer, to: market, data, gas: toBeHex(400_000), nonce: toBeHex(nonce + k) },
      ]);
    }),
  );
  nonce += batch;
  await hub.send("evm_mine", []);
}
while (Number(await hub.send("eth_getBlockTransactionCountByNumber", ["pending"])) > 0) {
  await hub.send("evm_mine", []);
}
await hub.send("evm_setAutomine", [true]);
const jobCount = Number(await env.net.hub.jobMarket.jobCount());
console.log(`${jobCount} jobs created on the hub (${((Date.now() - t1) / 1000).toFixed(1)} s)`);

// The API as its own process, as an operator runs it.
const config = env.apiConfig();
const api: ChildProcess = spawn(
  process.execPath,
  ["--import", "tsx", path.join(ROOT, "services", "api", "main.ts")],
  {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      LOG_LEVEL: "info",
      SUANLI_API_KEY: config.key,
      SUANLI_API_PORT: "0",
      SUANLI_API_DATA_DIR: config.dataDir,
      SUANLI_API_RATE_LIMIT: String(1e9),
      SUANLI_API_HUB: JSON.stringify(config.hub),
      SUANLI_API_REGIONS: JSON.stringify(config.regions),
    },
  },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = "";
  api.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
    if (match) resolve(match[1]!);
  });
  api.once("exit", (code) => reject(new Error(`api exited ${code}`)));
});
const t2 = Date.now();
// A reused keep-alive connection the server just closed resets: that is a retry, not a failure.
const status = (u: string) =>
  fetch(u).then(
    (r) => r.status,
    () => 0,
  );
while ((await status(`${url}/v1/jobs/${jobCount}`)) !== 200) await sleep(500);
const providers = (await (await fetch(`${url}/v1/providers`)).json()) as { items: unknown[] };
console.log(
  `API at ${url} indexed ${jobCount} jobs and ${providers.items.length} providers (${((Date.now() - t2) / 1000).toFixed(1)} s)`,
);

const quotePath = `/v1/quotes?resources=4&durationSec=600&tier=interactive&latencyBoundMs=200&deadline=${now + 86_400}`;
const targets: [string, autocannon.Options["requests"]][] = [
  ["GET /v1/quotes", [{ method: "GET", path: quotePath }]],
  [
    "GET /v1/jobs/:id",
    [
      {
        method: "GET",
        setupRequest: (req) => ({ ...req, path: `/v1/jobs/${1 + Math.floor(Math.random() * jobCount)}` }),
      },
    ],
  ],
  ["GET /v1/providers", [{ method: "GET", path: "/v1/providers" }]],
];
const rows: string[] = [];
for (const [name, requests] of targets) {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, requests }); // warm-up, not recorded
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
  rows.push(
    `| ${name.padEnd(18)} | ${r.requests.average.toFixed(0).padStart(7)} | ${r.latency.p50.toFixed(1).padStart(6)} | ${r.latency.p99.toFixed(1).padStart(6)} | ${String(r.non2xx + r.errors).padStart(6)} |`,
  );
}
const [load] = loadavg();
console.log(
  `\n${jobCount} indexed jobs, ${CONNECTIONS} connections, ${SECONDS} s per endpoint (autocannon; API in its own process; load average ${load!.toFixed(1)} on ${cpus().length} cores)\n`,
);
console.log("| endpoint           |   req/s | p50 ms | p99 ms | errors |");
console.log("| ------------------ | ------- | ------ | ------ | ------ |");
for (const row of rows) console.log(row);

// Stop the API before its chains, so it does not outlive the benchmark retrying them.
await new Promise((resolve) => {
  api.once("exit", resolve);
  api.kill("SIGTERM");
});
await Promise.all(Object.values(env.chains).map((c) => c.close()));
process.exit(0);
