import { openDb, type Db } from "../../shared/db.js";
import type { MessageRecord, NewMessage, Reason, RelayerStore, Status } from "../core/types.js";

const MIGRATIONS = [
  `CREATE TABLE cursors (domain INTEGER PRIMARY KEY, next_block INTEGER NOT NULL);
   CREATE TABLE messages (
     id TEXT PRIMARY KEY,
     origin INTEGER NOT NULL,
     destination INTEGER NOT NULL,
     nonce INTEGER NOT NULL,
     message TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'submitted', 'delivered')),
     reason TEXT,
     detail TEXT,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL,
     tx_hash TEXT,
     observed_at INTEGER NOT NULL,
     delivered_at INTEGER
   );
   CREATE INDEX messages_due ON messages (destination, status, next_attempt_at);`,
  // Dead letters: a `dead` status (the CHECK constraint changes, so the table is rebuilt) and a count of the
  // message's own failures.
  `CREATE TABLE messages_v2 (
     id TEXT PRIMARY KEY,
     origin INTEGER NOT NULL,
     destination INTEGER NOT NULL,
     nonce INTEGER NOT NULL,
     message TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'submitted', 'delivered', 'dead')),
     reason TEXT,
     detail TEXT,
     attempts INTEGER NOT NULL DEFAULT 0,
     failures INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL,
     tx_hash TEXT,
     observed_at INTEGER NOT NULL,
     delivered_at INTEGER
   );
   INSERT INTO messages_v2 (id, origin, destination, nonce, message, status, reason, detail, attempts,
     next_attempt_at, tx_hash, observed_at, delivered_at)
     SELECT id, origin, destination, nonce, message, status, reason, detail, attempts, next_attempt_at, tx_hash,
       observed_at, delivered_at FROM messages;
   DROP TABLE messages;
   ALTER TABLE messages_v2 RENAME TO messages;
   CREATE INDEX messages_due ON messages (destination, status, next_attempt_at);`,
];

/** Reasons that count as the message's own failure (mirrors `FAILURE_REASONS` of the core policy). */
const FAILURES = "('RECIPIENT_REVERTED', 'OUT_OF_GAS', 'INVALID_MESSAGE')";
/** Reasons that are no attempt at all: waiting for signatures, or left out of a full batch. */
const NOT_ATTEMPTS = "('WAITING_FOR_SIGNATURES', 'BATCH_FULL')";

interface Row {
  id: string;
  origin: number;
  destination: number;
  nonce: number;
  message: string;
  status: Status;
  reason: Reason | null;
  detail: string | null;
  attempts: number;
  failures: number;
  next_attempt_at: number;
  tx_hash: string | null;
  observed_at: number;
  delivered_at: number | null;
}

function toRecord(row: Row): MessageRecord {
  return {
    id: row.id,
    origin: row.origin,
    destination: row.destination,
    nonce: row.nonce,
    message: row.message,
    status: row.status,
    reason: row.reason,
    detail: row.detail,
    attempts: row.attempts,
    failures: row.failures,
    nextAttemptAt: row.next_attempt_at,
    txHash: row.tx_hash,
    observedAt: row.observed_at,
    deliveredAt: row.delivered_at,
  };
}

/** Every statement the store runs, prepared once when it opens (better-sqlite3 re-parses SQL on each prepare). */
function statements(db: Db) {
  const listed = (where: string) =>
    db.prepare(`SELECT * FROM messages ${where} ORDER BY observed_at DESC LIMIT ?`);
  return {
    cursor: db.prepare("SELECT next_block FROM cursors WHERE domain = ?"),
    insert: db.prepare(
      `INSERT OR IGNORE INTO messages (id, origin, destination, nonce, message, status, reason, next_attempt_at, observed_at)
       VALUES (@id, @origin, @destination, @nonce, @message, 'pending', @reason, @now, @now)`,
    ),
    setCursor: db.prepare(
      "INSERT INTO cursors (domain, next_block) VALUES (?, ?) ON CONFLICT(domain) DO UPDATE SET next_block = excluded.next_block",
    ),
    due: db.prepare(
      `SELECT * FROM messages WHERE destination = ? AND status = 'pending' AND next_attempt_at <= ?
       AND reason IS NOT 'UNKNOWN_DESTINATION' ORDER BY next_attempt_at, origin, nonce LIMIT ?`,
    ),
    submitted: db.prepare("SELECT * FROM messages WHERE status = 'submitted'"),
    markSubmitted: db.prepare(
      "UPDATE messages SET status = 'submitted', reason = 'SUBMITTED', detail = ?, tx_hash = ? WHERE id = ? AND status != 'delivered'",
    ),
    markDelivered: db.prepare(
      "UPDATE messages SET status = 'delivered', reason = NULL, detail = NULL, tx_hash = COALESCE(?, tx_hash), delivered_at = ? WHERE id = ?",
    ),
    markPending: db.prepare(
      `UPDATE messages SET status = 'pending', reason = @reason, detail = @detail, next_attempt_at = @next,
       attempts = attempts + CASE WHEN @reason IN ${NOT_ATTEMPTS} THEN 0 ELSE 1 END,
       failures = failures + CASE WHEN @reason IN ${FAILURES} THEN 1 ELSE 0 END
       WHERE id = @id AND status != 'delivered'`,
    ),
    markDead: db.prepare(
      `UPDATE messages SET status = 'dead', reason = ?, detail = ?, attempts = attempts + 1,
       failures = failures + 1 WHERE id = ? AND status != 'delivered'`,
    ),
    retry: db.prepare(
      `UPDATE messages SET status = 'pending', next_attempt_at = ?, attempts = 0, failures = 0
       WHERE id = ? AND status IN ('dead', 'pending')`,
    ),
    get: db.prepare("SELECT * FROM messages WHERE id = ?"),
    listAll: listed(""),
    listUndelivered: listed("WHERE status != 'delivered'"),
    listDead: listed("WHERE status = 'dead'"),
    oldestUndelivered: db.prepare(
      `SELECT origin, destination, MIN(observed_at) AS observedAt, COUNT(*) AS count FROM messages
       WHERE status IN ('pending', 'submitted') AND reason IS NOT 'UNKNOWN_DESTINATION'
       GROUP BY origin, destination`,
    ),
    countsByReason: db.prepare(
      `SELECT CASE WHEN status = 'dead' THEN 'DEAD' ELSE COALESCE(reason, 'DELIVERED') END AS reason,
       COUNT(*) AS n FROM messages GROUP BY 1`,
    ),
  };
}

/** The relayer's state in SQLite (WAL): cursors and messages change together, so a kill loses nothing. */
export class SqliteRelayerStore implements RelayerStore {
  private readonly db: Db;
  private readonly sql: ReturnType<typeof statements>;

  constructor(file: string) {
    this.db = openDb(file, MIGRATIONS);
    this.sql = statements(this.db);
  }

  cursor(domain: number, fallback: number): number {
    const row = this.sql.cursor.get(domain) as { next_block: number } | undefined;
    return row?.next_block ?? fallback;
  }

  recordDispatches(
    origin: number,
    messages: NewMessage[],
    nextBlock: number,
    now: number,
    reason: Reason,
  ): void {
    this.db.transaction(() => {
      for (const m of messages) this.sql.insert.run({ ...m, reason, now });
      this.sql.setCursor.run(origin, nextBlock);
    })();
  }

  due(destination: number, now: number, limit: number): MessageRecord[] {
    return (this.sql.due.all(destination, now, limit) as Row[]).map(toRecord);
  }

  submittedMessages(): MessageRecord[] {
    return (this.sql.submitted.all() as Row[]).map(toRecord);
  }

  markSubmitted(id: string, txHash: string): void {
    this.sql.markSubmitted.run(txHash, txHash, id);
  }

  markDelivered(id: string, txHash: string | null, now: number): void {
    this.sql.markDelivered.run(txHash, now, id);
  }

  markPending(id: string, reason: Reason, detail: string | null, nextAttemptAt: number): void {
    this.sql.markPending.run({ reason, detail, next: nextAttemptAt, id });
  }

  markDead(id: string, reason: Reason, detail: string | null): void {
    this.sql.markDead.run(reason, detail, id);
  }

  retry(id: string, now: number): boolean {
    return this.sql.retry.run(now, id.toLowerCase()).changes === 1;
  }

  get(id: string): MessageRecord | undefined {
    const row = this.sql.get.get(id.toLowerCase()) as Row | undefined;
    return row && toRecord(row);
  }

  list(filter: { undeliveredOnly?: boolean; deadOnly?: boolean; limit: number }): MessageRecord[] {
    const query = filter.deadOnly
      ? this.sql.listDead
      : filter.undeliveredOnly
        ? this.sql.listUndelivered
        : this.sql.listAll;
    return (query.all(filter.limit) as Row[]).map(toRecord);
  }

  /** Per lane: undelivered messages (pending or submitted, not dead) and when the oldest was first seen. */
  oldestUndelivered(): { origin: number; destination: number; observedAt: number; count: number }[] {
    return this.sql.oldestUndelivered.all() as {
      origin: number;
      destination: number;
      observedAt: number;
      count: number;
    }[];
  }

  countsByReason(): Record<string, number> {
    const rows = this.sql.countsByReason.all() as { reason: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  }

  close(): void {
    this.db.close();
  }
}
