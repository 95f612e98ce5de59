/**
 * The agent's durable queue (SQLite, WAL): one row per (job, attempt) walking
 *   queued → acknowledged → executed → submitted [→ registered (AIGC)]
 * or ending in expired / superseded. Every step is one transaction written only after its effect happened or
 * was checked on chain, so a process killed at any point resumes from the last recorded step: a run that had
 * not been recorded is run again (it never completed), a recorded run is never run again (`completions` counts
 * them), and a receipt is re-sent only after the chain says it has none (ReceiptRegistry.receiptedAttempt).
 */
import { openDb, type Db } from "../shared/db.js";

export type JobState =
  "queued" | "acknowledged" | "executed" | "submitted" | "registered" | "expired" | "superseded";

export const JOB_STATES: readonly JobState[] = [
  "queued",
  "acknowledged",
  "executed",
  "submitted",
  "registered",
  "expired",
  "superseded",
];

export interface JobRow {
  jobId: bigint;
  attempt: number;
  inputCommitment: bigint;
  latencyBoundMs: number;
  deadline: bigint;
  source: string;
  state: JobState;
  kind: string | null;
  outputCommitment: bigint | null;
  outcome: "ok" | "failed" | null;
  failure: string | null;
  runMs: number | null;
  proofMs: number | null;
  energyJ: number | null;
  latencyMs: number | null;
  finishTime: bigint | null;
  completions: number;
  receiptTx: string | null;
  recordId: bigint | null;
  acknowledgedAtMs: number | null;
  /** Wall-clock time of the last state change (for an executed row: when its run was recorded). */
  updatedAtMs: number;
}

export interface ExecutionResult {
  kind: string;
  outputCommitment: bigint;
  outcome: "ok" | "failed";
  failure: string | null;
  runMs: number;
  proofMs: number;
  energyJ: number;
  latencyMs: number;
  finishTime: bigint;
}

const MIGRATIONS = [
  `CREATE TABLE jobs (
     job_id TEXT NOT NULL,
     attempt INTEGER NOT NULL,
     input_commitment TEXT NOT NULL,
     latency_bound_ms INTEGER NOT NULL,
     deadline TEXT NOT NULL,
     source TEXT NOT NULL,
     state TEXT NOT NULL,
     kind TEXT,
     output_commitment TEXT,
     outcome TEXT,
     failure TEXT,
     run_ms REAL,
     proof_ms REAL,
     energy_j REAL,
     latency_ms INTEGER,
     finish_time TEXT,
     completions INTEGER NOT NULL DEFAULT 0,
     receipt_tx TEXT,
     record_id TEXT,
     acknowledged_at_ms INTEGER,
     updated_at_ms INTEGER NOT NULL,
     PRIMARY KEY (job_id, attempt)
   );
   CREATE INDEX jobs_state ON jobs (state);
   CREATE TABLE push_nonces (nonce TEXT PRIMARY KEY, seen_at INTEGER NOT NULL);
   CREATE TABLE cursors (name TEXT PRIMARY KEY, next_block INTEGER NOT NULL);`,
];

interface Row {
  job_id: string;
  attempt: number;
  input_commitment: string;
  latency_bound_ms: number;
  deadline: string;
  source: string;
  state: JobState;
  kind: string | null;
  output_commitment: string | null;
  outcome: "ok" | "failed" | null;
  failure: string | null;
  run_ms: number | null;
  proof_ms: number | null;
  energy_j: number | null;
  latency_ms: number | null;
  finish_time: string | null;
  completions: number;
  receipt_tx: string | null;
  record_id: string | null;
  acknowledged_at_ms: number | null;
  updated_at_ms: number;
}

const big = (v: string | null) => (v === null ? null : BigInt(v));

function toJob(r: Row): JobRow {
  return {
    jobId: BigInt(r.job_id),
    attempt: r.attempt,
    inputCommitment: BigInt(r.input_commitment),
    latencyBoundMs: r.latency_bound_ms,
    deadline: BigInt(r.deadline),
    source: r.source,
    state: r.state,
    kind: r.kind,
    outputCommitment: big(r.output_commitment),
    outcome: r.outcome,
    failure: r.failure,
    runMs: r.run_ms,
    proofMs: r.proof_ms,
    energyJ: r.energy_j,
    latencyMs: r.latency_ms,
    finishTime: big(r.finish_time),
    completions: r.completions,
    receiptTx: r.receipt_tx,
    recordId: big(r.record_id),
    acknowledgedAtMs: r.acknowledged_at_ms,
    updatedAtMs: r.updated_at_ms,
  };
}

export class AgentStore {
  readonly db: Db;

  constructor(file: string) {
    this.db = openDb(file, MIGRATIONS);
  }

  /**
   * Records a directive read from the chain. A newer attempt of the same job supersedes older unfinished
   * rows; an attempt not newer than one already held is ignored. Returns whether a row was added.
   */
  enqueue(
    d: { jobId: bigint; attempt: number; inputCommitment: bigint; latencyBoundMs: number; deadline: bigint },
    source: string,
    nowMs: number,
  ): boolean {
    return this.db.transaction(() => {
      const newest = this.db
        .prepare("SELECT MAX(attempt) AS a FROM jobs WHERE job_id = ?")
        .get(d.jobId.toString()) as { a: number | null };
      if (newest.a !== null && newest.a >= d.attempt) return false;
      this.db
        .prepare(
          `UPDATE jobs SET state = 'superseded', updated_at_ms = ?
           WHERE job_id = ? AND state IN ('queued', 'acknowledged', 'executed')`,
        )
        .run(nowMs, d.jobId.toString());
      this.db
        .prepare(
          `INSERT INTO jobs (job_id, attempt, input_commitment, latency_bound_ms, deadline, source, state, updated_at_ms)
           VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)`,
        )
        .run(
          d.jobId.toString(),
          d.attempt,
          d.inputCommitment.toString(),
          d.latencyBoundMs,
          d.deadline.toString(),
          source,
          nowMs,
        );
      return true;
    })();
  }

  /** The newest attempt held for `jobId` (0 when none). */
  newestAttempt(jobId: bigint): number {
    const row = this.db
      .prepare("SELECT MAX(attempt) AS a FROM jobs WHERE job_id = ?")
      .get(jobId.toString()) as {
      a: number | null;
    };
    return row.a ?? 0;
  }

  get(jobId: bigint, attempt: number): JobRow | undefined {
    const row = this.db
      .prepare("SELECT * FROM jobs WHERE job_id = ? AND attempt = ?")
      .get(jobId.toString(), attempt) as Row | undefined;
    return row && toJob(row);
  }

  inState(...states: JobState[]): JobRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM jobs WHERE state IN (${states.map(() => "?").join(",")}) ORDER BY updated_at_ms, job_id`,
      )
      .all(...states) as Row[];
    return rows.map(toJob);
  }

  byOutput(outputCommitment: bigint): JobRow | undefined {
    const row = this.db
      .prepare("SELECT * FROM jobs WHERE output_commitment = ? ORDER BY attempt DESC LIMIT 1")
      .get(outputCommitment.toString()) as Row | undefined;
    return row && toJob(row);
  }

  private move(
    jobId: bigint,
    attempt: number,
    from: JobState[],
    set: string,
    args: unknown[],
    nowMs: number,
  ) {
    const info = this.db
      .prepare(
        `UPDATE jobs SET ${set}, updated_at_ms = ? WHERE job_id = ? AND attempt = ? AND state IN (${from
          .map(() => "?")
          .join(",")})`,
      )
      .run(...args, nowMs, jobId.toString(), attempt, ...from);
    return info.changes === 1;
  }

  markAcknowledged(jobId: bigint, attempt: number, nowMs: number): boolean {
    return this.move(
      jobId,
      attempt,
      ["queued"],
      "state = 'acknowledged', acknowledged_at_ms = ?",
      [nowMs],
      nowMs,
    );
  }

  /** Records a completed run; `completions` counts them (the durability tests assert it never exceeds 1). */
  markExecuted(jobId: bigint, attempt: number, r: ExecutionResult, nowMs: number): boolean {
    return this.move(
      jobId,
      attempt,
      ["acknowledged"],
      `state = 'executed', kind = ?, output_commitment = ?, outcome = ?, failure = ?, run_ms = ?, proof_ms = ?,
       energy_j = ?, latency_ms = ?, finish_time = ?, completions = completions + 1`,
      [
        r.kind,
        r.outputCommitment.toString(),
        r.outcome,
        r.failure,
        r.runMs,
        r.proofMs,
        r.energyJ,
        r.latencyMs,
        r.finishTime.toString(),
      ],
      nowMs,
    );
  }

  /** Adds receipt-proof time to a job's proof time (proven receipts). */
  addProofMs(jobId: bigint, attempt: number, ms: number): void {
    this.db
      .prepare("UPDATE jobs SET proof_ms = COALESCE(proof_ms, 0) + ? WHERE job_id = ? AND attempt = ?")
      .run(ms, jobId.toString(), attempt);
  }

  markSubmitted(jobId: bigint, attempt: number, txHash: string | null, nowMs: number): boolean {
    return this.move(jobId, attempt, ["executed"], "state = 'submitted', receipt_tx = ?", [txHash], nowMs);
  }

  markRegistered(jobId: bigint, attempt: number, recordId: bigint, nowMs: number): boolean {
    return this.move(
      jobId,
      attempt,
      ["submitted"],
      "state = 'registered', record_id = ?",
      [recordId.toString()],
      nowMs,
    );
  }

  markEnded(jobId: bigint, attempt: number, state: "expired" | "superseded", reason: string, nowMs: number) {
    return this.move(
      jobId,
      attempt,
      ["queued", "acknowledged", "executed"],
      "state = ?, failure = COALESCE(failure, ?)",
      [state, reason],
      nowMs,
    );
  }

  /** Remembers a push nonce; false when it was seen before (a replay). */
  rememberNonce(nonce: string, nowMs: number): boolean {
    const info = this.db
      .prepare("INSERT OR IGNORE INTO push_nonces (nonce, seen_at) VALUES (?, ?)")
      .run(nonce.toLowerCase(), nowMs);
    return info.changes === 1;
  }

  /** Forgets nonces older than `beforeMs` (they are refused as expired by their timestamp anyway). */
  pruneNonces(beforeMs: number): void {
    this.db.prepare("DELETE FROM push_nonces WHERE seen_at < ?").run(beforeMs);
  }

  cursor(name: string, fallback: number): number {
    const row = this.db.prepare("SELECT next_block FROM cursors WHERE name = ?").get(name) as
      { next_block: number } | undefined;
    return row?.next_block ?? fallback;
  }

  setCursor(name: string, nextBlock: number): void {
    this.db
      .prepare(
        "INSERT INTO cursors (name, next_block) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET next_block = excluded.next_block",
      )
      .run(name, nextBlock);
  }

  countsByState(): Record<JobState, number> {
    const out = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
    for (const r of this.db.prepare("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state").all() as {
      state: JobState;
      n: number;
    }[])
      out[r.state] = r.n;
    return out;
  }

  close(): void {
    this.db.close();
  }
}
