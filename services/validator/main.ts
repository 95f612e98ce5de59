import { createLogger } from "../shared/logger.js";
import { loadValidatorConfig } from "./config.js";
import { startValidator } from "./validator.js";

const logger = createLogger("validator");
try {
  const validator = await startValidator(loadValidatorConfig(), logger);
  const shutdown = () => void validator.stop().then(() => process.exit(0));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} catch (error) {
  logger.fatal({ err: error }, "validator failed to start");
  process.exit(1);
}
