/** What the API's routers share: configuration, the index, the hub gateway and the local stores. */
import type { Indexer } from "../indexer/indexer.js";
import type { IndexStore } from "../indexer/store.js";
import type { Logger } from "../shared/logger.js";
import type { BlobStore } from "./adapters/blobs.js";
import type { HubGateway } from "./adapters/chain.js";
import type { IdempotencyStore } from "./adapters/idempotency.js";
import type { ApiConfig } from "./config.js";

export interface ApiContext {
  config: ApiConfig;
  store: IndexStore;
  indexer: Indexer;
  hub: HubGateway;
  blobs: BlobStore;
  idempotency: IdempotencyStore;
  logger: Logger;
  /** Chain time for quotes: the later of the wall clock and the hub's latest indexed block. */
  now(): number;
  regionNames(): string[];
}
