/**
 * One node agent process:   npm run agent   (configuration from the environment: docs/edge.md)
 * SIGINT/SIGTERM stop it cleanly; SIGKILL loses nothing (the queue is durable).
 */
import { parseConfig } from "../shared/config.js";
import { createLogger } from "../shared/logger.js";
import { agentConfigSchema } from "./config.js";
import { startAgent } from "./service.js";

const logger = createLogger("agent");
try {
  const running = await startAgent(parseConfig(agentConfigSchema), logger);
  const stop = async () => {
    await running.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  logger.fatal({ err: error }, "agent failed to start");
  process.exit(1);
}
