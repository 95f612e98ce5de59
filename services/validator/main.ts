import { createLogger } from "../shared/logger.js";
import { loadValidatorConfig } from "./config.js";
import { startValidator } from "./validator.js";
import { serviceArgs } from "../shared/config.js";

serviceArgs(`
usage: scripts/node22 tsx services/validator/main.ts
a bridge validator: signs the messages dispatched on its chains (docs/bridge.md).
Configured only by environment variables, each listed and explained in
services/validator/config.ts (SUANLI_BRIDGE_CHAINS, SUANLI_VALIDATOR_KEY, SUANLI_VALIDATOR_DB, …).
`);

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
