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
];

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
    nextAttemptAt: row.next_attempt_at,
    txHash: row.tx_hash,
    observedAt: row.observed_at,
    deliveredAt: row.delivered_at,
  };
}

/** The relayer's state in SQLite (WAL): cursors and messages change together, so a kill loses nothing. */
export class SqliteRelayerStore implements RelayerStore {
  private readonly db: Db;

  constructor(file: string) {
    this.db = openDb(file, MIGRATIONS);
  }

  cursor(domain: number, fallback: number): number {
    const row = this.db.prepare("SELECT next_block FROM cursors WHERE domain = ?").get(domain) as
      { next_block: number } | undefined;
    return row?.next_block ?? fallback;
  }

  recordDispatches(
    origin: number,
    messages: NewMessage[],
    nextBlock: number,
    now: number,
    reason: Reason,
  ): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO messages (id, origin, destination, nonce, message, status, reason, next_attempt_at, observed_at)
       VALUES (@id, @origin, @destination, @nonce, @message, 'pending', @reason, @now, @now)`,
    );
    const cursor = this.db.prepare(
      "INSERT INTO cursors (domain, next_block) VALUES (?, ?) ON CONFLICT(domain) DO UPDATE SET next_block = excluded.next_block",
    );
    this.db.transaction(() => {
      for (const m of messages) insert.run({ ...m, reason, now });
      cursor.run(origin, nextBlock);
    })();
  }

  due(destination: number, now: number, limit: number): MessageRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM messages WHERE destination = ? AND status = 'pending' AND next_attempt_at <= ?
         AND reason IS NOT 'UNKNOWN_DESTINATION' ORDER BY next_attempt_at, origin, nonce LIMIT ?`,
      )
      .all(destination, now, limit) as Row[];
    return rows.map(toRecord);
  }

  submittedMessages(): MessageRecord[] {
    return (this.db.prepare("SELECT * FROM messages WHERE status = 'submitted'").all() as Row[]).map(
      toRecord,
    );
  }

  markSubmitted(id: string, txHash: string): void {
    this.db
      .prepare(
        "UPDATE messages SET status = 'submitted', reason = 'SUBMITTED', detail = ?, tx_hash = ?, attempts = attempts + 1 WHERE id = ? AND status != 'delivered'",
      )
      .run(txHash, txHash, id);
  }

  markDelivered(id: string, txHash: string | null, now: number): void {
    this.db
      .prepare(
        "UPDATE messages SET status = 'delivered', reason = NULL, detail = NULL, tx_hash = COALESCE(?, tx_hash), delivered_at = ? WHERE id = ?",
      )
      .run(txHash, now, id);
  }

  markPending(id: string, reason: Reason, detail: string | null, nextAttemptAt: number): void {
    this.db
      .prepare(
        `UPDATE messages SET status = 'pending', reason = ?, detail = ?, next_attempt_at = ?,
         attempts = attempts + CASE WHEN ? = 'WAITING_FOR_SIGNATURES' THEN 0 ELSE 1 END
         WHERE id = ? AND status != 'delivered'`,
      )
      .run(reason, detail, nextAttemptAt, reason, id);
  }

  get(id: string): MessageRecord | undefined {
    const row = this.db.prepare("SELECT * FROM messages WHERE id = ?").get(id.toLowerCase()) as
      Row | undefined;
    return row && toRecord(row);
  }

  list(filter: { undeliveredOnly: boolean; limit: number }): MessageRecord[] {
    const where = filter.undeliveredOnly ? "WHERE status != 'delivered'" : "";
    const rows = this.db
      .prepare(`SELECT * FROM messages ${where} ORDER BY observed_at DESC LIMIT ?`)
      .all(filter.limit) as Row[];
    return rows.map(toRecord);
  }

  countsByReason(): Record<string, number> {
    const rows = this.db
      .prepare("SELECT COALESCE(reason, 'DELIVERED') AS reason, COUNT(*) AS n FROM messages GROUP BY reason")
      .all() as { reason: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
  }

  close(): void {
    this.db.close();
  }
}
