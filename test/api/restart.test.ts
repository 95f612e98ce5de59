/**
 * The API + indexer as a real child process (`services/api/main.ts`), SIGKILLed at several points of a
 * scenario across three chains and the bridge (jobs created, placed, acknowledged, receipted, settled,
 * cancelled) and restarted on the same data directory. Afterwards every job's timeline is complete and
 * byte-identical to an uninterrupted index of the same chains, and no event is missing or duplicated.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Wallet } from "ethers";
import type { ApiConfig } from "../../services/api/config.js";
import { startApi } from "../../services/api/service.js";
import { SqliteIndexStore } from "../../services/indexer/sqlite.js";
import { SuanliClient } from "../../services/sdk/index.js";
import { signReceipt } from "../../services/shared/typed-data.js";
import { devAccount, waitFor } from "../bridge/harness.js";
import { ACTORS, type ApiEnv, startApiEnv, WAIT_MS } from "./env.js";

const ROOT = path.join(import.meta.dirname, "..", "..");

interface Child {
  process: ChildProcess;
  url: string;
}

function spawnApi(config: ApiConfig): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "services", "api", "main.ts")], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      LOG_LEVEL: "info",
      SUANLI_API_KEY: config.key,
      SUANLI_API_PORT: "0",
      SUANLI_API_DATA_DIR: config.dataDir,
      SUANLI_API_POLL_MS: "50",
      SUANLI_API_RATE_LIMIT: "1000000",
      SUANLI_API_HUB: JSON.stringify(config.hub),
      SUANLI_API_REGIONS: JSON.stringify(config.regions),
    },
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (match) {
        child.stdout!.off("data", onData);
        child.stdout!.resume();
        resolve({ process: child, url: match[1]! });
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`api exited with ${code} before listening: ${out.slice(-500)}`)),
    );
  });
}

function kill(child: Child): Promise<void> {
  return new Promise((resolve) => {
    child.process.once("exit", () => resolve());
    child.process.kill("SIGKILL");
  });
}

describe("API killed with SIGKILL mid-scenario and restarted", () => {
  let env: ApiEnv;
  let nodeId: bigint;
  let child: Child | undefined;

  beforeAll(async () => {
    env = await startApiEnv({ bridge: true });
    nodeId = await env.registerAndStake("east");
  }, 180_000);

  afterAll(async () => {
    if (child) await kill(child);
    await env?.close();
  });

  it("ends with timelines identical to an uninterrupted run, no event missed or duplicated", async () => {
    const config = env.apiConfig();
    const buyer = new Wallet(devAccount(ACTORS.buyer).privateKey);
    await env.fund(buyer.address, 10_000_000n);
    const kills: string[] = [];
    const restart = async (when: string) => {
      if (child) {
        await kill(child);
        kills.push(when);
      }
      child = await spawnApi(config);
      return new SuanliClient({ baseUrl: child.url });
    };

    let client = await restart("start");
    const deadline = (await env.chains.hub.provider.getBlock("latest"))!.timestamp + 7_200;
    const params = {
      resources: 4,
      durationSec: 600,
      tier: "interactive" as const,
      latencyBoundMs: 200,
      deadline,
    };
    const jobs: bigint[] = [];
    for (let i = 0; i < 4; i++)
      jobs.push(BigInt((await client.signAndSubmit(buyer, { ...params, maxUnitPrice: 25n })).jobId));
    client = await restart("after the jobs were created");

    const hub = env.net.hub;
    const scheduler = env.signer("scheduler", "hub");
    for (const jobId of jobs.slice(0, 3))
      await (await hub.directiveHub.connect(scheduler).assign(jobId, nodeId, 1)).wait();
    client = await restart("right after the assignments, directives still in the bridge");

    const east = env.net.regions.east!;
    const operator = env.signer("provider", "east");
    for (const jobId of jobs.slice(0, 3)) {
      await waitFor(
        async () => (await east.inbox.assignment(jobId)).attempt === 1n,
        WAIT_MS,
        "directive on east",
      );
      await (await east.inbox.connect(operator).acknowledge(jobId)).wait();
    }
    await client.cancel(buyer, jobs[3]!);
    const verifier = await east.verifier.getAddress();
    for (const [i, jobId] of jobs.slice(0, 2).entries()) {
      const receipt = {
        jobId,
        nodeId,
        attempt: 1,
        inputCommitment: 0n,
        outputCommitment: 1_000n + BigInt(i),
        latencyMs: 100 + 200 * i, // the second one breaches the 200 ms bound
        finishTime: BigInt((await env.chains.east.provider.getBlock("latest"))!.timestamp),
        energyWh: 500,
      };
      const sig = await signReceipt(operator, BigInt(env.chains.east.domain), verifier, receipt);
      await (await east.receipts.connect(operator).submitReceipt(receipt, sig)).wait();
      if (i === 0) client = await restart("between two receipts, settlement in flight");
    }
    await waitFor(
      async () => (await hub.jobMarket.job(jobs[1]!)).status === 3n,
      WAIT_MS,
      "settlements on the hub",
    );
    client = await restart("after settlement");

    const expected = ["settled", "settled", "assigned", "cancelled"];
    await waitFor(
      async () => {
        const statuses = await Promise.all(jobs.map(async (id) => (await client.job(id)).status));
        return JSON.stringify(statuses) === JSON.stringify(expected);
      },
      WAIT_MS,
      "restarted API caught up",
    );
    const served = await Promise.all(
      jobs.map((id) => fetch(`${child!.url}/v1/jobs/${id}`).then((r) => r.text())),
    );
    expect(kills).toHaveLength(4);
    const settled = JSON.parse(served[1]!) as { timeline: { type: string; details: { penalty?: string } }[] };
    expect(settled.timeline.map((s) => s.type)).toEqual([
      "created",
      "assigned",
      "directive_received",
      "acknowledged",
      "receipt",
      "settled",
    ]);
    expect(Number(settled.timeline[5]!.details.penalty)).toBeGreaterThan(0);

    // An uninterrupted index of the same chains, from scratch, in this process.
    const reference = await startApi(env.apiConfig());
    try {
      // Catching up chain by chain, the reference converges on the killed-and-restarted index's documents.
      const same = () => jobs.every((id, i) => reference.store.jobJson(id.toString()) === served[i]);
      await waitFor(async () => same(), WAIT_MS, "reference index equal to the restarted one").catch(
        () => undefined,
      );
      for (const [i, id] of jobs.entries()) expect(served[i]).toBe(reference.store.jobJson(id.toString()));
      await kill(child!);
      child = undefined;
      const killed = new SqliteIndexStore(path.join(config.dataDir, "index.sqlite"), () => "");
      try {
        for (const chain of ["hub", "east", "west"]) {
          const mine = killed.events(chain);
          const keys = mine.map((e) => `${e.block}:${e.logIndex}`);
          expect(new Set(keys).size).toBe(keys.length);
          const theirs = reference.store
            .events(chain)
            .filter((e) => e.block <= (killed.cursor(chain)?.block ?? -1));
          expect(mine).toEqual(theirs);
        }
      } finally {
        killed.close();
      }
    } finally {
      await reference.stop();
    }
  }, 300_000);
});
