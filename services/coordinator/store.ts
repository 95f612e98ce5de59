/** The coordinator's durable state (SQLite): the inbox cursor, pushes made, and the epoch counter. */
import { openDb, type Db } from "../shared/db.js";

const MIGRATIONS = [
  `CREATE TABLE cursors (name TEXT PRIMARY KEY, next_block INTEGER NOT NULL);
   CREATE TABLE pushes (
     job_id TEXT NOT NULL,
     attempt INTEGER NOT NULL,
     node_id TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'pushed', 'gave-up')),
     tries INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (job_id, attempt)
   );
   CREATE TABLE epochs (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);`,
];

export interface PendingPush {
  jobId: string;
  attempt: number;
  nodeId: string;
  tries: number;
}

export class CoordinatorStore {
  private readonly db: Db;

  constructor(file: string) {
    this.db = openDb(file, MIGRATIONS);
  }

  cursor(fallback: number): number {
    const row = this.db.prepare("SELECT next_block FROM cursors WHERE name = 'inbox'").get() as
      { next_block: number } | undefined;
    return row?.next_block ?? fallback;
  }

  /** Records directives read up to `nextBlock` - 1 in the same transaction as the cursor. */
  recordDirectives(
    directives: { jobId: string; attempt: number; nodeId: string }[],
    nextBlock: number,
  ): void {
    this.db.transaction(() => {
      const insert = this.db.prepare(
        "INSERT OR IGNORE INTO pushes (job_id, attempt, node_id, status) VALUES (?, ?, ?, 'pending')",
      );
      for (const d of directives) insert.run(d.jobId, d.attempt, d.nodeId);
      this.db
        .prepare(
          "INSERT INTO cursors (name, next_block) VALUES ('inbox', ?) ON CONFLICT(name) DO UPDATE SET next_block = excluded.next_block",
        )
        .run(nextBlock);
    })();
  }

  pending(): PendingPush[] {
    return (
      this.db
        .prepare(
          "SELECT job_id, attempt, node_id, tries FROM pushes WHERE status = 'pending' ORDER BY job_id",
        )
        .all() as { job_id: string; attempt: number; node_id: string; tries: number }[]
    ).map((r) => ({ jobId: r.job_id, attempt: r.attempt, nodeId: r.node_id, tries: r.tries }));
  }

  markPush(jobId: string, attempt: number, status: "pending" | "pushed" | "gave-up"): void {
    this.db
      .prepare("UPDATE pushes SET status = ?, tries = tries + 1 WHERE job_id = ? AND attempt = ?")
      .run(status, jobId, attempt);
  }

  /** The next epoch number (strictly increasing across restarts). */
  nextEpoch(): number {
    return this.db.transaction(() => {
      const row = this.db.prepare("SELECT last FROM epochs WHERE id = 1").get() as
        { last: number } | undefined;
      const next = (row?.last ?? 0) + 1;
      this.db
        .prepare(
          "INSERT INTO epochs (id, last) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET last = excluded.last",
        )
        .run(next);
      return next;
    })();
  }

  close(): void {
    this.db.close();
  }
}
