/**
 * Bridge relay benchmark: three chains as separate anvil processes (the npm package
 * `@foundry-rs/anvil-linux-amd64`, interval mining), three validator processes (threshold 2) and one relayer
 * process, as in production; this process is only the load generator and the observer. Load is dispatched at
 * a fixed rate per lane; the benchmark watches both chains' logs every 25 ms and reports, per lane, the
 * latency from the `Dispatched` event being visible to the `Processed` event being visible, and the rate.
 *
 *   npm run bench:relay                                   # 3 lanes × 60 msg/s × 10 s, 1 s blocks
 *   npm run bench:relay -- --rate 20 --seconds 20 --lanes hub-east,west-east
 *   npm run bench:relay -- --help
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { NonceManager, Wallet } from "ethers";
import { addressToBytes32 } from "../../services/shared/chain.js";
import {
  CHAIN_NAMES,
  DOMAINS,
  chainsConfig,
  deployBridge,
  devAccount,
  tagged,
  validatorKeys,
  type ChainName,
} from "../../test/bridge/harness.js";
import { startAnvil } from "../../test/bridge/anvil.js";

const USAGE = `usage: npm run bench:relay -- [options]

Three anvil chain processes, three validator processes (t = 2) and one relayer process; this process
dispatches the load and prints per lane: sent, delivered, p50/p99/max latency and delivered msg/s.

options (each also read from the environment variable in brackets):
  --rate <n>        messages per second per lane, 1..1000            [BENCH_RATE, default 60]
  --seconds <n>     seconds of load, 1..600                          [BENCH_SECONDS, default 10]
  --block-ms <n>    block interval in ms, a multiple of 1000         [BENCH_BLOCK_MS, default 1000]
  --lanes <list>    comma list of origin-destination among hub, east, west
                                                                     [BENCH_LANES, default hub-east,east-hub,west-hub]
  -h, --help        this text

examples:
  npm run bench:relay
  npm run bench:relay -- --rate 20
  npm run bench:relay -- --rate 80 --seconds 20 --lanes hub-east,west-east`;

/** Parses the options; a bad value stops the benchmark with a one-line reason (exit 64). */
function options(argv: string[]) {
  const fail = (reason: string): never => {
    console.error(`bench:relay: ${reason} (--help for usage)`);
    process.exit(64);
  };
  let values: Record<string, string | boolean | undefined> = {};
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        rate: { type: "string" },
        seconds: { type: "string" },
        "block-ms": { type: "string" },
        lanes: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max)
      fail(`--${name} ${JSON.stringify(raw)}: expected an integer ${min}..${max}`);
    return n;
  };
  const env = process.env;
  const blockMs = int("block-ms", (values["block-ms"] as string) ?? env.BENCH_BLOCK_MS, 1_000, 1_000, 60_000);
  if (blockMs % 1_000 !== 0) fail(`--block-ms ${blockMs}: anvil mines in whole seconds`);
  const lanesText = (values.lanes as string) ?? env.BENCH_LANES ?? "hub-east,east-hub,west-hub";
  const lanes = lanesText.split(",").map((lane) => {
    const [from, to, extra] = lane.split("-");
    const known = (n: string | undefined): n is ChainName => CHAIN_NAMES.includes(n as ChainName);
    if (!known(from) || !known(to) || from === to || extra !== undefined)
      fail(
        `--lanes ${JSON.stringify(lane)}: expected origin-destination of two of ${CHAIN_NAMES.join(", ")}`,
      );
    return [from, to] as [ChainName, ChainName];
  });
  return {
    rate: int("rate", (values.rate as string) ?? env.BENCH_RATE, 60, 1, 1_000),
    seconds: int("seconds", (values.seconds as string) ?? env.BENCH_SECONDS, 10, 1, 600),
    blockMs,
    lanes,
  };
}

const { rate: RATE, seconds: SECONDS, blockMs: BLOCK_MS, lanes: LANES } = options(process.argv.slice(2));
const ROOT = path.resolve(import.meta.dirname, "../..");

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function spawnService(entry: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 1_200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`service on ${port} did not become healthy`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "suanli-bench-"));
  const children: ChildProcess[] = [];
  process.once("exit", () => children.forEach((c) => c.kill("SIGTERM")));

  // Three chains, each its own anvil process (funded development accounts 0..19).
  const [hub, east, west] = await Promise.all(
    CHAIN_NAMES.map((name) => startAnvil(name, { extraArgs: ["--accounts", "20"] })),
  );
  const chains = { hub: hub!, east: east!, west: west! };
  const keys = validatorKeys(3);
  const bridge = await deployBridge(
    chains,
    keys.map((k) => k.address),
    2,
  );
  // Deployed with automine for speed; measured with interval mining (anvil counts it in seconds).
  for (const c of Object.values(chains)) {
    await c.provider.send("evm_setAutomine", [false]);
    await c.provider.send("evm_setIntervalMining", [BLOCK_MS / 1_000]);
  }
  const chainsJson = JSON.stringify(chainsConfig(chains, bridge));

  const validatorPorts = await Promise.all(keys.map(() => freePort()));
  keys.forEach((key, i) =>
    children.push(
      spawnService("services/validator/main.ts", {
        SUANLI_BRIDGE_CHAINS: chainsJson,
        SUANLI_VALIDATOR_KEY: key.privateKey,
        SUANLI_VALIDATOR_DB: path.join(dir, `validator-${i}.sqlite`),
        SUANLI_VALIDATOR_PORT: String(validatorPorts[i]),
        SUANLI_POLL_MS: "50",
      }),
    ),
  );
  const relayerPort = await freePort();
  children.push(
    spawnService("services/relayer/main.ts", {
      SUANLI_BRIDGE_CHAINS: chainsJson,
      SUANLI_VALIDATOR_URLS: validatorPorts.map((p) => `http://127.0.0.1:${p}`).join(","),
      SUANLI_RELAYER_KEY: devAccount(9).privateKey,
      SUANLI_RELAYER_DB: path.join(dir, "relayer.sqlite"),
      SUANLI_RELAYER_PORT: String(relayerPort),
      SUANLI_POLL_MS: "50",
      SUANLI_RELAYER_BATCH: "200",
    }),
  );
  try {
    await Promise.all([...validatorPorts, relayerPort].map(waitHealthy));

    // Watch logs: first time each id is seen dispatched (origin) and processed (destination).
    const seenDispatched = new Map<string, number>();
    const seenProcessed = new Map<string, number>();
    const laneOf = new Map<string, string>();
    const nameOf = new Map(CHAIN_NAMES.map((n) => [BigInt(DOMAINS[n]), n]));
    let watching = true;
    const watchers = CHAIN_NAMES.map(async (name) => {
      const { mailbox } = bridge[name];
      let from = await chains[name].provider.getBlockNumber();
      while (watching) {
        const head = await chains[name].provider.getBlockNumber();
        if (head >= from) {
          const [dispatched, processed] = await Promise.all([
            mailbox.queryFilter(mailbox.filters.Dispatched(), from, head),
            mailbox.queryFilter(mailbox.filters.Processed(), from, head),
          ]);
          const now = performance.now();
          for (const e of dispatched) {
            seenDispatched.set(e.args.messageId, now);
            laneOf.set(e.args.messageId, `${name}→${nameOf.get(e.args.destination)}`);
          }
          for (const e of processed) seenProcessed.set(e.args.messageId, now);
          from = head + 1;
        }
        await sleep(25);
      }
    });

    // Load: RATE messages per second per lane, from one sender per lane, without waiting for inclusion.
    const total = RATE * SECONDS;
    const start = performance.now();
    const senders = LANES.map(
      ([from], i) => new NonceManager(new Wallet(devAccount(10 + i).privateKey, chains[from].provider)),
    );
    // Fixed fees and gas: the sender costs the nodes one request per message, as a busy dApp would.
    const fees = await chains.hub.provider.getFeeData();
    const overrides = {
      gasLimit: 100_000, // a dispatch uses ~60 k; the limit is what a block reserves for it
      maxFeePerGas: (fees.maxFeePerGas ?? 10n ** 10n) * 4n,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? 10n ** 9n,
    };
    const sends: Promise<unknown>[] = [];
    for (let n = 0; n < total; n++) {
      const due = start + (n * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      LANES.forEach(([from, to], i) => {
        const mailbox = bridge[from].mailbox.connect(senders[i]!);
        const recipient = addressToBytes32(bridge[to].recipient.target as string);
        sends.push(mailbox.dispatch(DOMAINS[to], recipient, tagged(`${from}-${to}-${n}`), overrides));
      });
    }
    await Promise.all(sends);
    while (laneOf.size < total * LANES.length && performance.now() - start < (SECONDS + 30) * 1000)
      await sleep(100);
    const deadline = performance.now() + 60_000;
    while (performance.now() < deadline && [...laneOf.keys()].some((id) => !seenProcessed.has(id)))
      await sleep(100);
    watching = false;
    await Promise.all(watchers);

    const load = loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
    const cpus = readFileSync("/proc/cpuinfo", "utf8").match(/^processor/gm)?.length ?? 0;
    console.log(
      `bench:relay — ${LANES.length} lanes × ${RATE} msg/s × ${SECONDS} s, ${BLOCK_MS} ms blocks, anvil processes, ` +
        `3 validators (t=2), 1 relayer; ${cpus} CPUs, load average ${load}`,
    );
    console.log("lane          sent  delivered  p50 ms  p99 ms  max ms  delivered msg/s");
    const all: number[] = [];
    for (const [from, to] of LANES) {
      const lane = `${from}→${to}`;
      const ids = [...laneOf].filter(([, l]) => l === lane).map(([id]) => id);
      const latencies = ids
        .filter((id) => seenProcessed.has(id) && seenDispatched.has(id))
        .map((id) => seenProcessed.get(id)! - seenDispatched.get(id)!)
        .sort((a, b) => a - b);
      all.push(...latencies);
      const firstDispatch = Math.min(...ids.map((id) => seenDispatched.get(id) ?? Infinity));
      const lastDelivery = Math.max(...ids.map((id) => seenProcessed.get(id) ?? 0));
      const rate = latencies.length / ((lastDelivery - firstDispatch) / 1000);
      console.log(
        [
          lane.padEnd(12),
          String(ids.length).padStart(5),
          String(latencies.length).padStart(10),
          percentile(latencies, 50).toFixed(0).padStart(7),
          percentile(latencies, 99).toFixed(0).padStart(7),
          (latencies.at(-1) ?? NaN).toFixed(0).padStart(7),
          rate.toFixed(1).padStart(16),
        ].join(" "),
      );
    }
    all.sort((a, b) => a - b);
    console.log(
      `all lanes: p50 ${percentile(all, 50).toFixed(0)} ms, p99 ${percentile(all, 99).toFixed(0)} ms ` +
        `(targets: p50 ≤ ${BLOCK_MS + 300} ms, p99 ≤ 2000 ms, ≥ 50 msg/s per lane)`,
    );
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(Object.values(chains).map((c) => c.close()));
  }
}

await main();
process.exit(0);
