/**
 * The push endpoint under forgery: 280 generated directives — signed by another key, tampered after signing,
 * for another chain or inbox, another node, a job not on chain, a stale attempt, replayed, expired or
 * malformed — are each refused with the expected reason and counted in /metrics, and nothing runs. A genuine
 * push for a job on chain is then accepted and executed (the control that shows the path can run at all).
 */
import { Wallet, hexlify, randomBytes } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "../../services/scheduler/core/rng.js";
import { parseConfig } from "../../services/shared/config.js";
import { createLogger } from "../../services/shared/logger.js";
import { agentConfigSchema } from "../../services/agent/config.js";
import { type Push, type PushRefusal, pushDigestText } from "../../services/agent/core/push.js";
import { type RunningAgent, startAgent } from "../../services/agent/service.js";
import { fnvModule } from "../../services/agent/workloads/wasm-samples.js";
import { type AgentWorld, agentWorld, devWallet, until } from "./fixture.js";

let w: AgentWorld;
let agent: RunningAgent;
let ours: bigint;
let other: bigint;
const jobs = { other: 0n, moved: 0n, unassigned: 0n };
const logger = createLogger("push-test");
logger.level = "silent";

beforeAll(async () => {
  w = await agentWorld();
  ours = (await w.registerNode(7, 0xb0b1n)).nodeId;
  const b = await w.registerNode(8, 0xb0b2n);
  other = b.nodeId;
  const doc = { kind: "wasm", module: w.blobStore.put(fnvModule()).toString(), input: "" };
  jobs.other = (await w.createJob(doc)).jobId;
  await w.assign(jobs.other, other);
  jobs.moved = (await w.createJob(doc)).jobId;
  await w.assign(jobs.moved, ours);
  await w.assign(jobs.moved, other); // re-placed: attempt 2 on the other node
  jobs.unassigned = (await w.createJob(doc)).jobId;
  agent = await startAgent(
    parseConfig(
      agentConfigSchema,
      w.agentEnv({ nodeId: ours, key: devWallet(7).privateKey, secret: 0xb0b1n }),
    ),
    logger,
  );
});

afterAll(async () => {
  await agent?.stop();
  await w?.close();
});

interface Case {
  body: unknown;
  reason: PushRefusal;
}

async function signed(p: Push, key: Pick<Wallet, "signMessage"> = w.coordinator) {
  return { ...p, signature: await key.signMessage(pushDigestText(p)) };
}

function base(jobId: bigint, attempt = 1): Push {
  return {
    chainId: w.chainId.toString(),
    inbox: w.east.inbox.target as string,
    jobId: jobId.toString(),
    nodeId: ours.toString(),
    attempt,
    timestamp: Math.floor(Date.now() / 1000),
    nonce: hexlify(randomBytes(16)),
  };
}

async function generate(): Promise<{ cases: Case[]; replays: Case[] }> {
  const rng = mulberry32(9);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const anyJob = () =>
    pick([jobs.other, jobs.moved, jobs.unassigned, 10_000n + BigInt(Math.floor(rng() * 1e6))]);
  const cases: Case[] = [];
  for (let i = 0; i < 40; i++)
    cases.push({ body: await signed(base(anyJob()), Wallet.createRandom()), reason: "bad_auth" });
  const tamper: ((p: Push) => Push)[] = [
    (p) => ({ ...p, jobId: (BigInt(p.jobId) + 1n).toString() }),
    (p) => ({ ...p, attempt: p.attempt + 1 }),
    (p) => ({ ...p, timestamp: p.timestamp - 1 }),
    (p) => ({ ...p, nonce: hexlify(randomBytes(16)) }),
  ];
  for (let i = 0; i < 30; i++) {
    const s = await signed(base(anyJob()));
    cases.push({ body: { ...pick(tamper)(s), signature: s.signature }, reason: "bad_auth" });
  }
  for (let i = 0; i < 20; i++) {
    const p = { ...base(jobs.moved), chainId: String(1 + Math.floor(rng() * 100_000)) };
    cases.push({ body: await signed(p), reason: "wrong_chain" });
  }
  for (let i = 0; i < 20; i++) {
    cases.push({
      body: await signed({ ...base(jobs.moved), inbox: Wallet.createRandom().address }),
      reason: "wrong_chain",
    });
  }
  for (let i = 0; i < 30; i++) {
    const nodeId = i % 2 === 0 ? other : ours + 1000n + BigInt(i);
    cases.push({
      body: await signed({ ...base(anyJob()), nodeId: nodeId.toString() }),
      reason: "wrong_node",
    });
  }
  for (let i = 0; i < 20; i++) cases.push({ body: await signed(base(jobs.other)), reason: "wrong_node" });
  for (let i = 0; i < 30; i++) {
    const jobId = i % 2 === 0 ? jobs.unassigned : 50_000n + BigInt(i);
    cases.push({ body: await signed(base(jobId)), reason: "not_on_chain" });
  }
  for (let i = 0; i < 10; i++)
    cases.push({ body: await signed(base(jobs.moved, 3 + i)), reason: "wrong_node" });
  for (let i = 0; i < 20; i++)
    cases.push({ body: await signed(base(jobs.moved, 1)), reason: "stale_attempt" });
  for (let i = 0; i < 15; i++) {
    const p = { ...base(jobs.moved, 1), timestamp: Math.floor(Date.now() / 1000) - 300 - i * 17 };
    cases.push({ body: await signed(p), reason: "expired" });
  }
  const malformed: unknown[] = [
    [],
    { jobId: "1" },
    { ...base(jobs.moved), signature: 12 },
    {},
    { ...base(jobs.moved) },
    { ...base(jobs.moved), signature: "0x1234" },
    { ...base(jobs.moved), attempt: -1, signature: "0x" + "11".repeat(65) },
    { ...base(jobs.moved), attempt: 1.5, signature: "0x" + "11".repeat(65) },
    { ...base(jobs.moved), jobId: "0x10", signature: "0x" + "11".repeat(65) },
    { ...base(jobs.moved), nodeId: -5, signature: "0x" + "11".repeat(65) },
    { ...base(jobs.moved), inbox: "east", signature: "0x" + "11".repeat(65) },
    { ...base(jobs.moved), nonce: "abc", signature: "0x" + "11".repeat(65) },
    { ...base(jobs.moved), timestamp: "now", signature: "0x" + "11".repeat(65) },
    { ...base(jobs.moved), chainId: 31337, signature: "0x" + "11".repeat(65) },
  ];
  for (const body of malformed) cases.push({ body, reason: "malformed" });
  // Replays: a push refused on chain (stale) after its nonce was recorded, sent again.
  const replays: Case[] = [];
  for (let i = 0; i < 10; i++) {
    const body = await signed(base(jobs.moved, 1));
    cases.push({ body, reason: "stale_attempt" });
    replays.push({ body, reason: "replayed" });
  }
  return { cases, replays };
}

const post = (body: unknown, port = agent.port) =>
  fetch(`http://127.0.0.1:${port}/v1/directives`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("push endpoint", () => {
  it("refuses 280 forged directives with the right reason, counts them, and runs nothing", async () => {
    const { cases, replays } = await generate();
    const all = [...cases, ...replays];
    expect(all.length).toBeGreaterThanOrEqual(200);
    const expected: Record<string, number> = {};
    for (const c of all) {
      const res = await post(c.body);
      const body = (await res.json()) as { error?: { code: string; details: { reason: string } } };
      expect(res.status, JSON.stringify(c.body)).toBeGreaterThanOrEqual(400);
      expect(body.error?.code).toBe("PUSH_REFUSED");
      expect(body.error?.details.reason, JSON.stringify(c.body)).toBe(c.reason);
      expected[c.reason] = (expected[c.reason] ?? 0) + 1;
    }
    // Let the agent walk its queue a few more times: the directive it read for the re-placed job ends superseded.
    await new Promise((r) => setTimeout(r, 1_500));
    await agent.agent.settle();
    const metrics = await (await fetch(`http://127.0.0.1:${agent.port}/metrics`)).text();
    for (const [reason, n] of Object.entries(expected)) {
      expect(metrics).toContain(`suanli_agent_push_refused_total{reason="${reason}",service="agent"} ${n}`);
    }
    expect(metrics).not.toMatch(/suanli_agent_runs_completed_total\{/);
    expect(metrics).toContain('suanli_agent_push_accepted_total{service="agent"} 0');
    const counts = agent.store.countsByState();
    expect(counts.executed + counts.submitted + counts.acknowledged).toBe(0);
    expect(await w.east.receipts.receiptedAttempt(jobs.moved)).toBe(0n);
  });

  it("accepts a genuine push for a job on chain and runs it", async () => {
    // Its own node, and an agent whose next poll is an hour away: only the push can start this job (with the
    // 200 ms poll of the agent above, the poll could find the assignment before the push arrived).
    const pushed = (await w.registerNode(9, 0xb0b3n)).nodeId;
    const pushOnly = await startAgent(
      parseConfig(
        agentConfigSchema,
        w.agentEnv(
          { nodeId: pushed, key: devWallet(9).privateKey, secret: 0xb0b3n },
          { SUANLI_AGENT_POLL_MS: "3600000" },
        ),
      ),
      logger,
    );
    try {
      const { jobId } = await w.createJob({
        kind: "wasm",
        module: w.blobStore.put(fnvModule()).toString(),
        input: "",
      });
      await w.assign(jobId, pushed);
      const res = await post(await signed({ ...base(jobId, 1), nodeId: pushed.toString() }), pushOnly.port);
      expect(res.status).toBe(202);
      await until("receipt", async () =>
        (await w.east.receipts.receiptedAttempt(jobId)) === 1n ? true : undefined,
      );
      expect(pushOnly.store.get(jobId, 1)).toMatchObject({ source: "push", completions: 1 });
    } finally {
      await pushOnly.stop();
    }
  });
});
