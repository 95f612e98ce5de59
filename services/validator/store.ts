import { openDb, type Db } from "../shared/db.js";

const MIGRATIONS = [
  `CREATE TABLE cursors (domain INTEGER PRIMARY KEY, next_block INTEGER NOT NULL);
   CREATE TABLE signatures (
     message_id TEXT PRIMARY KEY,
     origin INTEGER NOT NULL,
     origin_mailbox TEXT NOT NULL,
     nonce INTEGER NOT NULL,
     signature TEXT NOT NULL,
     signed_at INTEGER NOT NULL
   );
   CREATE INDEX signatures_by_origin ON signatures (origin, nonce);`,
  // Checkpoint signatures: the message's Merkle proof to the signed root (JSON array), null for none.
  `ALTER TABLE signatures ADD COLUMN proof TEXT;`,
];

export interface StoredSignature {
  messageId: string;
  origin: number;
  originMailbox: string;
  nonce: number;
  signature: string;
  /** Proof to the checkpoint root the signature is over; absent for a signature over the message itself. */
  proof?: string[];
}

/** The validator's durable state: a cursor per origin and every signature it made (its public store). */
export class ValidatorStore {
  private readonly db: Db;

  constructor(file: string) {
    this.db = openDb(file, MIGRATIONS);
  }

  cursor(domain: number, fallback: number): number {
    const row = this.db.prepare("SELECT next_block FROM cursors WHERE domain = ?").get(domain) as
      { next_block: number } | undefined;
    return row?.next_block ?? fallback;
  }

  /** Records signatures and advances the cursor atomically: a crash never skips a block. */
  saveBatch(domain: number, signatures: StoredSignature[], nextBlock: number): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO signatures (message_id, origin, origin_mailbox, nonce, signature, proof, signed_at)
       VALUES (@messageId, @origin, @originMailbox, @nonce, @signature, @proof, @signedAt)`,
    );
    const cursor = this.db.prepare(
      "INSERT INTO cursors (domain, next_block) VALUES (?, ?) ON CONFLICT(domain) DO UPDATE SET next_block = excluded.next_block",
    );
    this.db.transaction(() => {
      for (const s of signatures)
        insert.run({ ...s, proof: s.proof ? JSON.stringify(s.proof) : null, signedAt: Date.now() });
      cursor.run(domain, nextBlock);
    })();
  }

  get(messageIds: string[]): StoredSignature[] {
    if (messageIds.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT message_id AS messageId, origin, origin_mailbox AS originMailbox, nonce, signature, proof
         FROM signatures WHERE message_id IN (${messageIds.map(() => "?").join(",")})`,
      )
      .all(...messageIds.map((id) => id.toLowerCase())) as (Omit<StoredSignature, "proof"> & {
      proof: string | null;
    })[];
    return rows.map(({ proof, ...s }) => (proof ? { ...s, proof: JSON.parse(proof) as string[] } : s));
  }

  count(): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM signatures").get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
