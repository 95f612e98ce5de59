import { createLogger } from "../shared/logger.js";
import { loadRelayerConfig } from "./config.js";
import { startRelayer } from "./service.js";

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
