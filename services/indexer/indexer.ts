/**
 * The indexer: one `ChainFollower` per chain (the hub and every region), polled in a loop into one
 * `IndexStore`. Changes are announced on `changes` (job ids), which the API's server-sent events listen to.
 */
import { EventEmitter } from "node:events";
import type { Logger } from "../shared/logger.js";
import { ChainFollower, type FollowedChain } from "./follower.js";
import type { IndexStore } from "./store.js";

export interface IndexerOptions {
  chains: FollowedChain[];
  store: IndexStore;
  pollMs: number;
  logger?: Logger;
}

export interface Indexer {
  /** Emits `job` with a job id whenever that job's document changed. */
  readonly changes: EventEmitter;
  /** Latest indexed block time per chain name. */
  headTime(chain: string): number | undefined;
  status(): Record<string, { block: number; caughtUp: boolean }>;
  stop(): Promise<void>;
}

export function startIndexer(o: IndexerOptions): Indexer {
  const followers = o.chains.map((c) => new ChainFollower(c, o.store, o.logger));
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  const state: Record<string, { block: number; caughtUp: boolean }> = {};
  let stopped = false;

  async function stepAll(): Promise<boolean> {
    let all = true;
    for (const f of followers) {
      const result = await f.step();
      state[f.chain.name] = { block: result.block, caughtUp: result.caughtUp };
      for (const jobId of result.changes.jobs) changes.emit("job", jobId);
      all &&= result.caughtUp;
    }
    return all;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        if (await stepAll()) await new Promise((r) => setTimeout(r, o.pollMs));
      } catch (error) {
        o.logger?.warn({ err: error }, "indexer step failed; retrying");
        await new Promise((r) => setTimeout(r, o.pollMs));
      }
    }
  })();

  return {
    changes,
    headTime: (chain) => o.store.cursor(chain)?.time,
    status: () => ({ ...state }),
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
