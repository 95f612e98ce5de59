/**
 * `IndexStore` on embedded SQLite (better-sqlite3, WAL). Raw events are the record; job and provider documents
 * are materialised from them inside the same transaction that moves the cursor, so a crash at any point leaves
 * either the whole batch or none of it.
 */
import type { Statement } from "better-sqlite3";
import type { Job, JobStatus, JobSummary, Provider } from "../api/schemas.js";
import { type Db, openDb } from "../shared/db.js";
import type { IndexedEvent } from "./events.js";
import type { Batch, Changes, Cursor, IndexStore, ProvenanceRow } from "./store.js";
import { jobView, providerView } from "./views.js";

const MIGRATIONS = [
  `CREATE TABLE cursors (chain TEXT PRIMARY KEY, block INTEGER NOT NULL, hash TEXT NOT NULL, time INTEGER NOT NULL);
   CREATE TABLE blocks (chain TEXT NOT NULL, number INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (chain, number));
   CREATE TABLE events (
     chain TEXT NOT NULL, domain INTEGER NOT NULL, block INTEGER NOT NULL, log_index INTEGER NOT NULL,
     tx TEXT NOT NULL, time INTEGER NOT NULL, kind TEXT NOT NULL,
     job_id TEXT, node_id TEXT, ref TEXT, data TEXT NOT NULL,
     PRIMARY KEY (chain, block, log_index));
   CREATE INDEX events_job ON events (job_id) WHERE job_id IS NOT NULL;
   CREATE INDEX events_node ON events (node_id) WHERE node_id IS NOT NULL;
   CREATE INDEX events_ref ON events (ref) WHERE ref IS NOT NULL;
   CREATE TABLE jobs (id INTEGER PRIMARY KEY, buyer TEXT NOT NULL, status TEXT NOT NULL, node_id TEXT,
     summary TEXT NOT NULL, doc TEXT NOT NULL);
   CREATE INDEX jobs_buyer ON jobs (buyer, id);
   CREATE INDEX jobs_node ON jobs (status, node_id);
   CREATE TABLE nodes (id TEXT PRIMARY KEY, domain INTEGER NOT NULL, idx INTEGER NOT NULL, doc TEXT NOT NULL);`,
];

/** How many recent block hashes per chain are kept to find the common ancestor after a reorg. */
const KEEP_BLOCKS = 256;

interface EventRow {
  chain: string;
  domain: number;
  block: number;
  log_index: number;
  tx: string;
  time: number;
  kind: IndexedEvent["kind"];
  job_id: string | null;
  node_id: string | null;
  ref: string | null;
  data: string;
}

const toEvent = (r: EventRow): IndexedEvent => ({
  chain: r.chain,
  domain: r.domain,
  block: r.block,
  logIndex: r.log_index,
  tx: r.tx,
  time: r.time,
  kind: r.kind,
  jobId: r.job_id,
  nodeId: r.node_id,
  ref: r.ref,
  data: JSON.parse(r.data) as Record<string, unknown>,
});

const summaryOf = ({ timeline: _timeline, ...summary }: Job): JobSummary => summary;

export class SqliteIndexStore implements IndexStore {
  private readonly db: Db;
  private readonly q: Record<string, Statement>;

  constructor(
    file: string,
    private readonly regionName: (domain: number) => string,
  ) {
    this.db = openDb(file, MIGRATIONS);
    const p = (sql: string) => this.db.prepare(sql);
    this.q = {
      cursor: p("SELECT block, hash, time FROM cursors WHERE chain = ?"),
      setCursor: p(
        "INSERT INTO cursors (chain, block, hash, time) VALUES (?, ?, ?, ?) ON CONFLICT (chain) DO UPDATE SET block = excluded.block, hash = excluded.hash, time = excluded.time",
      ),
      blocks: p("SELECT number, hash FROM blocks WHERE chain = ? ORDER BY number DESC"),
      addBlock: p("INSERT OR REPLACE INTO blocks (chain, number, hash) VALUES (?, ?, ?)"),
      pruneBlocks: p("DELETE FROM blocks WHERE chain = ? AND number <= ?"),
      dropBlocks: p("DELETE FROM blocks WHERE chain = ? AND number > ?"),
      addEvent: p(
        "INSERT OR IGNORE INTO events (chain, domain, block, log_index, tx, time, kind, job_id, node_id, ref, data) VALUES (@chain, @domain, @block, @logIndex, @tx, @time, @kind, @jobId, @nodeId, @ref, @data)",
      ),
      affected: p(
        "SELECT DISTINCT job_id, node_id FROM events WHERE chain = ? AND block > ? AND (job_id IS NOT NULL OR node_id IS NOT NULL)",
      ),
      dropEvents: p("DELETE FROM events WHERE chain = ? AND block > ?"),
      jobEvents: p("SELECT * FROM events WHERE job_id = ?"),
      nodeEvents: p("SELECT * FROM events WHERE node_id = ? ORDER BY chain, block, log_index"),
      putJob: p(
        "INSERT OR REPLACE INTO jobs (id, buyer, status, node_id, summary, doc) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      dropJob: p("DELETE FROM jobs WHERE id = ?"),
      jobDoc: p("SELECT doc FROM jobs WHERE id = ?"),
      putNode: p("INSERT OR REPLACE INTO nodes (id, domain, idx, doc) VALUES (?, ?, ?, ?)"),
      dropNode: p("DELETE FROM nodes WHERE id = ?"),
      nodes: p("SELECT doc FROM nodes ORDER BY domain, idx"),
      busy: p("SELECT node_id, COUNT(*) AS n FROM jobs WHERE status = 'assigned' GROUP BY node_id"),
      byRef: p("SELECT * FROM events WHERE ref = ? ORDER BY chain, block, log_index"),
      chainEvents: p("SELECT * FROM events WHERE chain = ? ORDER BY block, log_index"),
    };
    this.q.recentJobs = p(
      "SELECT summary FROM jobs WHERE (@status IS NULL OR status = @status) ORDER BY id DESC LIMIT @limit",
    );
    this.q.jobsOfBuyer = p(
      "SELECT summary FROM jobs WHERE buyer = @buyer AND id > @after AND (@status IS NULL OR status = @status) ORDER BY id LIMIT @limit",
    );
  }

  cursor(chain: string): Cursor | undefined {
    return this.q.cursor!.get(chain) as Cursor | undefined;
  }

  recentBlocks(chain: string): { number: number; hash: string }[] {
    return this.q.blocks!.all(chain) as { number: number; hash: string }[];
  }

  apply(chain: string, batch: Batch): Changes {
    return this.db.transaction(() => {
      const jobs = new Set<string>();
      const nodes = new Set<string>();
      for (const e of batch.events) {
        const info = this.q.addEvent!.run({ ...e, data: JSON.stringify(e.data) });
        if (info.changes === 0) continue;
        if (e.jobId) jobs.add(e.jobId);
        if (e.nodeId) nodes.add(e.nodeId);
      }
      for (const h of batch.hashes) this.q.addBlock!.run(chain, h.number, h.hash);
      this.q.pruneBlocks!.run(chain, batch.to.block - KEEP_BLOCKS);
      this.q.setCursor!.run(chain, batch.to.block, batch.to.hash, batch.to.time);
      return this.refresh(jobs, nodes);
    })();
  }

  rollback(chain: string, block: number, hash: string, time: number): Changes {
    return this.db.transaction(() => {
      const jobs = new Set<string>();
      const nodes = new Set<string>();
      for (const row of this.q.affected!.all(chain, block) as {
        job_id: string | null;
        node_id: string | null;
      }[]) {
        if (row.job_id) jobs.add(row.job_id);
        if (row.node_id) nodes.add(row.node_id);
      }
      this.q.dropEvents!.run(chain, block);
      this.q.dropBlocks!.run(chain, block);
      this.q.setCursor!.run(chain, block, hash, time);
      return this.refresh(jobs, nodes);
    })();
  }

  /** Rebuilds the documents of the given jobs and nodes from their remaining events. */
  private refresh(jobs: Set<string>, nodes: Set<string>): Changes {
    for (const id of jobs) {
      const events = (this.q.jobEvents!.all(id) as EventRow[]).map(toEvent);
      const view = jobView(id, events, this.regionName);
      if (!view) {
        this.q.dropJob!.run(Number(id));
        continue;
      }
      this.q.putJob!.run(
        Number(id),
        view.buyer.toLowerCase(),
        view.status,
        view.nodeId,
        JSON.stringify(summaryOf(view)),
        JSON.stringify(view),
      );
    }
    for (const id of nodes) {
      const view = providerView((this.q.nodeEvents!.all(id) as EventRow[]).map(toEvent), this.regionName);
      if (!view) {
        this.q.dropNode!.run(id);
        continue;
      }
      const big = BigInt(id);
      this.q.putNode!.run(id, Number(big >> 64n), Number(big & 0xffffffffffffffffn), JSON.stringify(view));
    }
    return { jobs: [...jobs], nodes: [...nodes] };
  }

  jobJson(jobId: string): string | undefined {
    return (this.q.jobDoc!.get(Number(jobId)) as { doc: string } | undefined)?.doc;
  }

  job(jobId: string): Job | undefined {
    const doc = this.jobJson(jobId);
    return doc === undefined ? undefined : (JSON.parse(doc) as Job);
  }

  jobsOfBuyer(buyer: string, o: { status?: JobStatus; afterId?: number; limit: number }): JobSummary[] {
    const rows = this.q.jobsOfBuyer!.all({
      buyer: buyer.toLowerCase(),
      after: o.afterId ?? 0,
      status: o.status ?? null,
      limit: o.limit,
    }) as { summary: string }[];
    return rows.map((r) => JSON.parse(r.summary) as JobSummary);
  }

  recentJobs(o: { status?: JobStatus; limit: number }): JobSummary[] {
    const rows = this.q.recentJobs!.all({ status: o.status ?? null, limit: o.limit }) as {
      summary: string;
    }[];
    return rows.map((r) => JSON.parse(r.summary) as JobSummary);
  }

  providers(): Provider[] {
    return (this.q.nodes!.all() as { doc: string }[]).map((r) => JSON.parse(r.doc) as Provider);
  }

  busyNodes(): Map<string, number> {
    const rows = this.q.busy!.all() as { node_id: string; n: number }[];
    return new Map(rows.map((r) => [r.node_id, r.n]));
  }

  provenance(contentCommitment: string): ProvenanceRow | undefined {
    const row = (this.q.byRef!.all(`content:${contentCommitment}`) as EventRow[])[0];
    if (!row) return undefined;
    const event = toEvent(row);
    const parents = (this.q.byRef!.all(`derived:${String(event.data.recordId)}`) as EventRow[]).map((r) =>
      String((JSON.parse(r.data) as Record<string, unknown>).parentId),
    );
    return { event, parents };
  }

  firstParent(recordId: string): string | undefined {
    const row = (this.q.byRef!.all(`derived:${recordId}`) as EventRow[])[0];
    return row ? String((JSON.parse(row.data) as Record<string, unknown>).parentId) : undefined;
  }

  model(modelId: string): { name: string; version: string; approved: boolean } | undefined {
    const rows = (this.q.byRef!.all(`model:${modelId}`) as EventRow[]).map(toEvent);
    const approved = rows.filter((e) => e.kind === "ModelApproved").pop();
    if (!approved) return undefined;
    const last = rows[rows.length - 1]!;
    return {
      name: String(approved.data.name),
      version: String(approved.data.version),
      approved: last.kind === "ModelApproved",
    };
  }

  proposalEvents(proposalId: string): IndexedEvent[] {
    return (this.q.byRef!.all(`proposal:${proposalId}`) as EventRow[]).map(toEvent);
  }

  events(chain: string): IndexedEvent[] {
    return (this.q.chainEvents!.all(chain) as EventRow[]).map(toEvent);
  }

  close(): void {
    this.db.close();
  }
}
