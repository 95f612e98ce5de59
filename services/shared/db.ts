import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";

export type Db = Database.Database;

/**
 * Opens (creating if needed) a SQLite database in WAL mode and applies the `migrations` it has not seen yet;
 * `PRAGMA user_version` records how many ran. Each migration runs in its own transaction.
 */
export function openDb(file: string, migrations: readonly string[]): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  const applied = db.pragma("user_version", { simple: true }) as number;
  migrations.slice(applied).forEach((sql, i) => {
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${applied + i + 1}`);
    })();
  });
  return db;
}
