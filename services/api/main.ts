/**
 * API entry point: `tsx services/api/main.ts` (or `npm run api`). Configuration from the environment only
 * (see config.ts; the gas key is never in code). Stops cleanly on SIGINT / SIGTERM.
 */
import { createLogger } from "../shared/logger.js";
import { loadApiConfig } from "./config.js";
import { startApi } from "./service.js";
import { serviceArgs } from "../shared/config.js";

serviceArgs(`
usage: npm run api
the buyers' REST API and its indexer (docs/api.md).
Configured only by environment variables, each listed and explained in
services/api/config.ts (SUANLI_API_KEY, SUANLI_API_HOST/_PORT, SUANLI_API_DATA_DIR, SUANLI_DEPLOYMENTS_DIR, SUANLI_<HUB|EAST|WEST>_RPC_URL, …).
`);

const logger = createLogger("api");
const api = await startApi(loadApiConfig(), logger);
const stop = async () => {
  await api.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
