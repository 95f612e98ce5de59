/**
 * API entry point: `tsx services/api/main.ts` (or `npm run api`). Configuration from the environment only
 * (see config.ts; the gas key is never in code). Stops cleanly on SIGINT / SIGTERM.
 */
import { createLogger } from "../shared/logger.js";
import { loadApiConfig } from "./config.js";
import { startApi } from "./service.js";

const logger = createLogger("api");
const api = await startApi(loadApiConfig(), logger);
const stop = async () => {
  await api.stop();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
