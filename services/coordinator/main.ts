/** One regional coordinator process:   npm run coordinator   (configuration from the environment: docs/edge.md) */
import { parseConfig } from "../shared/config.js";
import { createLogger } from "../shared/logger.js";
import { coordinatorConfigSchema } from "./config.js";
import { startCoordinator } from "./service.js";

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
