/**
 * Follows one chain from the store's cursor: reads the followed contracts' logs up to head − confirmations in
 * bounded ranges, and before each step checks that the block under the cursor is still canonical. When it is
 * not (a reorg), it walks back through the remembered hashes to the common ancestor and rolls the store back
 * there; the next step re-reads the new branch.
 */
import type { Block, Interface, JsonRpcProvider, Log } from "ethers";
import type { Logger } from "../shared/logger.js";
import { decodeLog, receiptProof, type IndexedEvent } from "./events.js";
import type { Changes, IndexStore } from "./store.js";

export interface FollowedChain {
  name: string;
  domain: number;
  provider: JsonRpcProvider;
  contracts: Map<string, Interface>;
  /** First block worth reading (the contracts' deployment block or earlier). */
  fromBlock: number;
  /** Blocks a log must be buried under before it is indexed. */
  confirmations: number;
}

export interface StepResult {
  changes: Changes;
  /** The cursor block after the step. */
  block: number;
  /** Whether the follower is at head − confirmations. */
  caughtUp: boolean;
  reorged: boolean;
}

const MAX_RANGE = 2_000;
const MAX_LOGS = 1_000;

export class ChainFollower {
  constructor(
    readonly chain: FollowedChain,
    private readonly store: IndexStore,
    private readonly logger?: Logger,
  ) {}

  private async block(number: number): Promise<Block | null> {
    return this.chain.provider.getBlock(number);
  }

  /** One step: reorg check, then at most one range of logs. */
  async step(): Promise<StepResult> {
    const { name } = this.chain;
    const empty = { jobs: [], nodes: [] };
    const cursor = this.store.cursor(name);
    if (cursor && cursor.block >= this.chain.fromBlock) {
      const current = await this.block(cursor.block);
      if (current?.hash !== cursor.hash) {
        const changes = await this.rewind();
        return { changes, block: this.store.cursor(name)?.block ?? -1, caughtUp: false, reorged: true };
      }
    }
    const head = (await this.chain.provider.getBlockNumber()) - this.chain.confirmations;
    const from = cursor ? cursor.block + 1 : this.chain.fromBlock;
    if (head < from) return { changes: empty, block: from - 1, caughtUp: true, reorged: false };
    // Bounded batches keep each SQLite transaction (and the API's event loop) short while catching up.
    let to = Math.min(head, from + MAX_RANGE - 1);
    let logs: Log[];
    for (;;) {
      logs = await this.chain.provider.getLogs({
        address: [...this.chain.contracts.keys()],
        fromBlock: from,
        toBlock: to,
      });
      if (logs.length <= MAX_LOGS || to === from) break;
      to = from + Math.floor((to - from) / 2);
    }
    const toBlock = await this.block(to);
    if (!toBlock?.hash) return { changes: empty, block: from - 1, caughtUp: false, reorged: false };
    const headers = new Map<number, Block>([[to, toBlock]]);
    for (const log of logs) {
      if (!headers.has(log.blockNumber)) {
        const header = await this.block(log.blockNumber);
        if (!header) return { changes: empty, block: from - 1, caughtUp: false, reorged: false };
        headers.set(log.blockNumber, header);
      }
      // A log from another branch than the headers read: the chain moved under us; read the range again.
      if (headers.get(log.blockNumber)!.hash !== log.blockHash) {
        return { changes: empty, block: from - 1, caughtUp: false, reorged: false };
      }
    }
    const events: IndexedEvent[] = [];
    for (const log of logs) {
      const time = headers.get(log.blockNumber)!.timestamp;
      const event = decodeLog(log, this.chain.contracts, { chain: name, domain: this.chain.domain, time });
      if (!event) continue;
      if (event.kind === "ReceiptAccepted" || event.kind === "ReceiptProven") {
        const tx = await this.chain.provider.getTransaction(log.transactionHash);
        const proof = tx ? receiptProof(tx.data) : undefined;
        if (proof) event.data.proof = proof;
      }
      events.push(event);
    }
    const changes = this.store.apply(name, {
      to: { block: to, hash: toBlock.hash, time: toBlock.timestamp },
      hashes: [...headers.values()].map((h) => ({ number: h.number, hash: h.hash! })),
      events,
    });
    return { changes, block: to, caughtUp: to === head, reorged: false };
  }

  /** Rolls the store back to the newest remembered block that is still canonical. */
  private async rewind(): Promise<Changes> {
    const { name } = this.chain;
    for (const remembered of this.store.recentBlocks(name)) {
      const current = await this.block(remembered.number);
      if (current?.hash === remembered.hash) {
        this.logger?.warn({ chain: name, ancestor: remembered.number }, "reorg: rolling back");
        return this.store.rollback(name, remembered.number, remembered.hash, current.timestamp);
      }
    }
    // Deeper than every remembered block: start the chain over.
    const start = this.chain.fromBlock - 1;
    const base = start >= 0 ? await this.block(start) : null;
    this.logger?.warn(
      { chain: name, ancestor: start },
      "reorg deeper than the remembered blocks: re-indexing",
    );
    return this.store.rollback(name, start, base?.hash ?? "0x", base?.timestamp ?? 0);
  }
}
