/** One regional coordinator process:   npm run coordinator   (configuration from the environment: docs/edge.md) */
import { parseConfig, serviceArgs } from "../shared/config.js";
import { createLogger } from "../shared/logger.js";
import { coordinatorConfigSchema } from "./config.js";
import { startCoordinator } from "./service.js";

serviceArgs(`
usage: npm run coordinator
a region's coordinator: pushes directives to agents, tracks heartbeats, sends RegionalReports (docs/edge.md).
Configured only by environment variables, each listed and explained in
services/coordinator/config.ts (SUANLI_COORDINATOR_REGION, _RPC_URL, _CHAIN_ID, _INBOX, _REPORTER, _AGENTS, _CARBON_CURVE, _DB, …).
`);

const logger = createLogger("coordinator");
try {
  const running = await startCoordinator(parseConfig(coordinatorConfigSchema), logger);
  const stop = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  logger.fatal({ err: error }, "coordinator failed to start");
  process.exit(1);
}
