import { createLogger } from "../shared/logger.js";
import { loadRelayerConfig } from "./config.js";
import { startRelayer } from "./service.js";
import { serviceArgs } from "../shared/config.js";

serviceArgs(`
usage: scripts/node22 tsx services/relayer/main.ts
the bridge relayer: gathers validator signatures and delivers messages (docs/bridge.md).
Configured only by environment variables, each listed and explained in
services/relayer/config.ts (SUANLI_BRIDGE_CHAINS, SUANLI_RELAYER_KEY, SUANLI_RELAYER_DB, SUANLI_VALIDATOR_URLS, …).
`);

const logger = createLogger("relayer");
try {
  const relayer = await startRelayer(loadRelayerConfig(), logger);
  const shutdown = () => void relayer.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  logger.fatal({ err: error }, "relayer failed to start");
  process.exit(1);
}
