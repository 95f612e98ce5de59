/**
 * The indexer's storage port. The follower writes through it, the API reads through it; `SqliteIndexStore`
 * is the embedded implementation, and a server database can replace it behind the same interface.
 */
import type { Job, JobStatus, JobSummary, Provider } from "../api/schemas.js";
import type { IndexedEvent } from "./events.js";

export interface Cursor {
  /** Last block fully indexed. */
  block: number;
  hash: string;
  time: number;
}

export interface Batch {
  /** Last block of the batch; becomes the cursor. */
  to: Cursor;
  /** Hashes of the batch's blocks worth remembering for reorg detection (at least `to`). */
  hashes: { number: number; hash: string }[];
  events: IndexedEvent[];
}

/** Job and node ids whose documents a write changed (for live followers such as SSE). */
export interface Changes {
  jobs: string[];
  nodes: string[];
}

export interface ProvenanceRow {
  event: IndexedEvent;
  parents: string[];
}

export interface IndexStore {
  cursor(chain: string): Cursor | undefined;
  /** Remembered block hashes of `chain`, newest first. */
  recentBlocks(chain: string): { number: number; hash: string }[];
  /** Writes a batch atomically: events, the documents they change and the cursor. */
  apply(chain: string, batch: Batch): Changes;
  /** Forgets everything of `chain` after block `block` (a reorg) and moves its cursor back there. */
  rollback(chain: string, block: number, hash: string, time: number): Changes;

  /** The job document as JSON text (served as is). */
  jobJson(jobId: string): string | undefined;
  job(jobId: string): Job | undefined;
  jobsOfBuyer(buyer: string, o: { status?: JobStatus; afterId?: number; limit: number }): JobSummary[];
  /** Newest jobs first, optionally of one status (the dashboard's list). */
  recentJobs(o: { status?: JobStatus; limit: number }): JobSummary[];
  providers(): Provider[];
  /** Number of jobs per node currently assigned (not yet settled). */
  busyNodes(): Map<string, number>;
  provenance(contentCommitment: string): ProvenanceRow | undefined;
  firstParent(recordId: string): string | undefined;
  model(modelId: string): { name: string; version: string; approved: boolean } | undefined;
  /** Cross-chain governance events of one proposal (announcements, spoke votes, tallies), every chain. */
  proposalEvents(proposalId: string): IndexedEvent[];
  /** Every event of `chain` in chain order (tests compare runs with it). */
  events(chain: string): IndexedEvent[];
  close(): void;
}
