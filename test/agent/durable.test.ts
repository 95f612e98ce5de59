/**
 * The durable queue under SIGKILL, with real child processes (`node --import tsx services/agent/main.ts`):
 * the agent is killed while acknowledging, mid-run and right after recording the run, restarted each time,
 * and the job completes once — one recorded run, one receipt on chain, one settlement. A second agent killed
 * mid-run and never restarted leaves its job to the chain: after the deadline and grace anyone settles it as
 * timed out, the buyer gets the escrow back and the silent node is slashed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fnvModule } from "../../services/agent/workloads/wasm-samples.js";
import { increaseTime } from "../helpers/chain.js";
import { type AgentWorld, agentWorld, until } from "./fixture.js";

const ROOT = path.join(import.meta.dirname, "..", "..");
let w: AgentWorld;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  w = await agentWorld();
});

afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await w?.close();
});

function spawnAgent(env: Record<string, string>): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(ROOT, "services", "agent", "main.ts")],
    {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGKILL");
  await exited;
}

/** Reads the agent's queue row for a job straight from its SQLite file (as another process would). */
function stateOf(dataDir: string, jobId: bigint): { state: string; completions: number } | undefined {
  try {
    const db = new Database(path.join(dataDir, "agent.sqlite"), { readonly: true, fileMustExist: true });
    try {
      return db
        .prepare("SELECT state, completions FROM jobs WHERE job_id = ? ORDER BY attempt DESC LIMIT 1")
        .get(jobId.toString()) as { state: string; completions: number } | undefined;
    } finally {
      db.close();
    }
  } catch {
    return undefined; // not created yet, or busy
  }
}

const waitState = (dataDir: string, jobId: bigint, states: string[]) =>
  until(
    `job ${jobId} in ${states.join("/")}`,
    async () => {
      const row = stateOf(dataDir, jobId);
      return row && states.includes(row.state) ? row : undefined;
    },
    90_000,
  );

/** A job whose run takes about a second or more: FNV over 32 KiB, 20,000 passes. */
async function slowJob(overrides = {}) {
  const module = w.blobStore.put(fnvModule(20_000));
  const input = Buffer.alloc(32 * 1024, 7).toString("base64");
  return w.createJob({ kind: "wasm", module: module.toString(), input }, overrides);
}

describe("durable agent queue under SIGKILL (child processes)", () => {
  it("killed while acknowledging, mid-run and after the run, restarted each time: the job completes once", async () => {
    const node = await w.registerNode(7, 0xd00dn);
    const env = w.agentEnv(node, { SUANLI_AGENT_WASM_WALL_MS: "60000" });
    const dir = env.SUANLI_AGENT_DATA_DIR!;
    const { jobId } = await slowJob();
    await w.assign(jobId, node.nodeId);

    let child = spawnAgent(env);
    await waitState(dir, jobId, ["queued", "acknowledged"]);
    await kill(child);
    child = spawnAgent(env);
    await waitState(dir, jobId, ["acknowledged"]);
    await new Promise((r) => setTimeout(r, 300)); // inside the run
    const midRun = stateOf(dir, jobId)!;
    await kill(child);
    child = spawnAgent(env);
    const after = await waitState(dir, jobId, ["executed", "submitted"]);
    await kill(child);
    child = spawnAgent(env);
    await waitState(dir, jobId, ["submitted"]);
    await until("settled", async () => ((await w.hub.jobMarket.job(jobId)).status === 3n ? true : undefined));
    await kill(child);

    expect(midRun.completions).toBe(0);
    expect(after.completions).toBe(1);
    expect(stateOf(dir, jobId)).toEqual({ state: "submitted", completions: 1 });
    const accepted = await w.east.receipts.queryFilter(w.east.receipts.filters.ReceiptAccepted(jobId));
    expect(accepted).toHaveLength(1);
    const acks = await w.east.inbox.queryFilter(w.east.inbox.filters.AssignmentAcknowledged(jobId));
    expect(acks).toHaveLength(1);
  });

  it("killed mid-run and not restarted: the job times out, the buyer is refunded and the node slashed", async () => {
    const node = await w.registerNode(8, 0xdeadn);
    const env = w.agentEnv(node, { SUANLI_AGENT_WASM_WALL_MS: "60000" });
    const deadline = (await w.now()) + 120n;
    const { jobId } = await slowJob({ deadline });
    await w.assign(jobId, node.nodeId);
    const child = spawnAgent(env);
    await waitState(env.SUANLI_AGENT_DATA_DIR!, jobId, ["acknowledged"]);
    await kill(child);

    const job = await w.hub.jobMarket.job(jobId);
    const buyer = await w.signers.buyer.getAddress();
    const before = await w.usd.balanceOf(buyer);
    const stakeBefore = (await w.hub.stakeManager.stakeOf(node.nodeId))[0];
    await increaseTime(
      { send: (m, p) => w.provider.send(m, p ?? []) },
      120n + BigInt(job.settlementGraceSec) + 1n,
    );
    await (await w.hub.jobMarket.connect(w.signers.relayer).settleTimedOut(jobId)).wait();
    expect((await w.usd.balanceOf(buyer)) - before).toBe(job.escrow);
    expect((await w.hub.stakeManager.stakeOf(node.nodeId))[0]).toBeLessThan(stakeBefore);
    expect(await w.east.receipts.receiptedAttempt(jobId)).toBe(0n);
  });
});
