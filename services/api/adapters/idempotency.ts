/**
 * `Idempotency-Key` bookkeeping for `POST /v1/jobs`: the first request with a key runs, concurrent ones with
 * the same key wait for it, and later ones get its stored response. A key reused with a different body is
 * refused. Finished responses live in SQLite, so a retry after an API restart still gets the first answer.
 */
import { createHash } from "node:crypto";
import { AppError } from "../../shared/errors.js";
import { type Db, openDb } from "../../shared/db.js";

const MIGRATIONS = [
  `CREATE TABLE idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL,
     body TEXT NOT NULL, created INTEGER NOT NULL);`,
];

export interface StoredResponse {
  status: number;
  body: unknown;
}

export class IdempotencyStore {
  private readonly db: Db;
  private readonly inFlight = new Map<string, { fingerprint: string; result: Promise<StoredResponse> }>();

  constructor(file: string) {
    this.db = openDb(file, MIGRATIONS);
  }

  static fingerprint(body: unknown): string {
    return createHash("sha256").update(JSON.stringify(body)).digest("hex");
  }

  /**
   * Runs `fn` once per key. Only successful responses are kept: a failed attempt (4xx/5xx) may be retried
   * with the same key.
   */
  async run(key: string, body: unknown, fn: () => Promise<StoredResponse>): Promise<StoredResponse> {
    const fingerprint = IdempotencyStore.fingerprint(body);
    const conflict = () =>
      new AppError("IDEMPOTENCY_KEY_REUSED", "Idempotency-Key was already used with a different request", {
        status: 422,
        details: { field: "Idempotency-Key" },
      });
    const pending = this.inFlight.get(key);
    if (pending) {
      if (pending.fingerprint !== fingerprint) throw conflict();
      return pending.result;
    }
    const row = this.db
      .prepare("SELECT fingerprint, status, body FROM idempotency WHERE key = ?")
      .get(key) as { fingerprint: string; status: number; body: string } | undefined;
    if (row) {
      if (row.fingerprint !== fingerprint) throw conflict();
      return { status: row.status, body: JSON.parse(row.body) as unknown };
    }
    const result = fn().then((response) => {
      this.db
        .prepare("INSERT INTO idempotency (key, fingerprint, status, body, created) VALUES (?, ?, ?, ?, ?)")
        .run(key, fingerprint, response.status, JSON.stringify(response.body), Date.now());
      return response;
    });
    this.inFlight.set(key, { fingerprint, result });
    try {
      return await result;
    } finally {
      this.inFlight.delete(key);
    }
  }

  close(): void {
    this.db.close();
  }
}
