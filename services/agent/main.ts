/**
 * One node agent process:   npm run agent   (configuration from the environment: docs/edge.md)
 * SIGINT/SIGTERM stop it cleanly; SIGKILL loses nothing (the queue is durable).
 */
import { parseConfig, serviceArgs } from "../shared/config.js";
import { createLogger } from "../shared/logger.js";
import { agentConfigSchema } from "./config.js";
import { startAgent } from "./service.js";

serviceArgs(`
usage: npm run agent
the node agent: executes, proves and reports the jobs placed on one node (docs/edge.md).
Configured only by environment variables, each listed and explained in
services/agent/config.ts (SUANLI_AGENT_RPC_URL, SUANLI_AGENT_CHAIN_ID, SUANLI_AGENT_INBOX, SUANLI_AGENT_RECEIPTS, SUANLI_AGENT_NODE_ID, SUANLI_AGENT_KEYSTORE, …).
`);

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
