/** Starts a regional coordinator with its HTTP server (/health lists agents and their liveness; /metrics). */
import { NonceManager } from "ethers";
import { chainProvider } from "../shared/chain.js";
import { AppError } from "../shared/errors.js";
import { createHttpApp, createRegistry, listen } from "../shared/http.js";
import { loadKey } from "../shared/keys.js";
import { type Logger, createLogger } from "../shared/logger.js";
import type { CoordinatorConfig } from "./config.js";
import { Coordinator } from "./coordinator.js";
import { coordinatorMetrics } from "./metrics.js";
import { CoordinatorStore } from "./store.js";

export interface RunningCoordinator {
  coordinator: Coordinator;
  port: number;
  address: string;
  stop(): Promise<void>;
}

export async function startCoordinator(
  config: CoordinatorConfig,
  logger: Logger = createLogger("coordinator"),
): Promise<RunningCoordinator> {
  const provider = chainProvider({
    name: config.SUANLI_COORDINATOR_REGION,
    domain: Number(config.SUANLI_COORDINATOR_CHAIN_ID),
    rpcUrl: config.SUANLI_COORDINATOR_RPC_URL,
  });
  const chainId = BigInt((await provider.send("eth_chainId", [])) as string);
  if (chainId !== config.SUANLI_COORDINATOR_CHAIN_ID) {
    throw new AppError("CONFIG_INVALID", `SUANLI_COORDINATOR_RPC_URL serves chain ${chainId}`);
  }
  const key = await loadKey("SUANLI_COORDINATOR", {
    key: config.SUANLI_COORDINATOR_KEY,
    keystore: config.SUANLI_COORDINATOR_KEYSTORE,
    password: config.SUANLI_COORDINATOR_KEYSTORE_PASSWORD,
  });
  const store = new CoordinatorStore(config.SUANLI_COORDINATOR_DB);
  const registry = createRegistry("coordinator");
  const coordinator = new Coordinator(
    config,
    provider,
    new NonceManager(key.connect(provider)),
    store,
    coordinatorMetrics(registry),
    logger,
  );
  const app = createHttpApp({
    name: "coordinator",
    logger,
    registry,
    health: () => ({
      region: config.SUANLI_COORDINATOR_REGION,
      coordinator: key.address,
      agents: coordinator.view(),
      lastReport: coordinator.lastReport ?? null,
    }),
  });
  const server = await listen(app, config.SUANLI_COORDINATOR_PORT, config.SUANLI_COORDINATOR_HOST);
  coordinator.start();
  logger.info(
    { port: server.port, region: config.SUANLI_COORDINATOR_REGION, address: key.address },
    "coordinator up",
  );
  return {
    coordinator,
    port: server.port,
    address: key.address,
    async stop() {
      await coordinator.stop();
      await server.close();
      store.close();
      provider.destroy();
    },
  };
}
