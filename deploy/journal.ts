/**
 * The journal of one deployment (`<dir>/journal.json`): the chains with the deployer's starting nonce, and
 * every transaction once signed (raw bytes, hash) and once confirmed (block). It is written (atomically,
 * through a rename) before a transaction is broadcast, so after an interruption at any point the deployment
 * knows everything it may have sent: a signed transaction is re-broadcast byte for byte, never re-made.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "../services/shared/errors.js";

export interface JournalChain {
  chainId: number;
  deployer: string;
  startNonce: number;
  /** Block number when the deployment started on this chain (where bridge followers start). */
  fromBlock: number;
}

export interface JournalTx {
  chain: string;
  nonce: number;
  /** keccak256 of the calldata/initcode: a resumed deployment refuses a plan that changed. */
  dataHash: string;
  hash: string;
  raw: string;
  status: "sent" | "confirmed";
  block?: number;
  address?: string;
}

export interface Journal {
  version: 1;
  name: string;
  chains: Record<string, JournalChain>;
  txs: Record<string, JournalTx>;
  /** Set once every transaction is confirmed and the records are written. */
  completedAt?: string;
}

export const journalFile = (dir: string) => path.join(dir, "journal.json");

export function loadJournal(dir: string, name: string): Journal {
  let text: string;
  try {
    text = readFileSync(journalFile(dir), "utf8");
  } catch {
    return { version: 1, name, chains: {}, txs: {} };
  }
  let journal: Journal;
  try {
    journal = JSON.parse(text) as Journal;
  } catch {
    throw new AppError("DEPLOY_JOURNAL_INVALID", `${journalFile(dir)} is not valid JSON`, { status: 400 });
  }
  if (journal.version !== 1 || typeof journal.txs !== "object" || typeof journal.chains !== "object") {
    throw new AppError("DEPLOY_JOURNAL_INVALID", `${journalFile(dir)} is not a version 1 deploy journal`, {
      status: 400,
    });
  }
  return journal;
}

/** Writes the journal through a temporary file and a rename, so a kill never leaves half a file. */
export function saveJournal(dir: string, journal: Journal): void {
  mkdirSync(dir, { recursive: true });
  const file = journalFile(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(journal, null, 2) + "\n");
  renameSync(tmp, file);
}
