/**
 * Starts a node agent: durable queue, engine, and its HTTP server (127.0.0.1 by default):
 *   POST /v1/directives            authenticated push (core/push.ts); refusals counted in /metrics
 *   GET  /v1/outputs/:commitment   the stored output (content-addressed)
 *   GET  /v1/outputs/:commitment/image.png   an AIGC job's watermarked PNG (after registration)
 *   GET  /v1/jobs/:jobId           the queue's record of a job (newest attempt)
 *   GET  /health, /metrics
 */
import path from "node:path";
import { NonceManager, type Signer } from "ethers";
import { chainProvider } from "../shared/chain.js";
import { AppError } from "../shared/errors.js";
import { loadKey } from "../shared/keys.js";
import { createHttpApp, createRegistry, listen } from "../shared/http.js";
import { type Logger, createLogger } from "../shared/logger.js";
import { releaseProver } from "../zk/index.js";
import { Agent } from "./agent.js";
import type { AgentConfig } from "./config.js";
import { parseCommitment } from "./core/content.js";
import { agentMetrics } from "./metrics.js";
import { OutputStore, ResultUploader } from "./outputs.js";
import { AgentStore } from "./store.js";

export interface RunningAgent {
  agent: Agent;
  port: number;
  address: string;
  store: AgentStore;
  stop(): Promise<void>;
}

const REFUSAL_STATUS: Record<string, number> = {
  malformed: 400,
  bad_auth: 401,
  expired: 401,
  replayed: 409,
  wrong_chain: 403,
  wrong_node: 403,
  not_on_chain: 404,
  stale_attempt: 409,
};

export async function startAgent(
  config: AgentConfig,
  logger: Logger = createLogger("agent"),
): Promise<RunningAgent> {
  const provider = chainProvider({
    name: "region",
    domain: Number(config.SUANLI_AGENT_CHAIN_ID),
    rpcUrl: config.SUANLI_AGENT_RPC_URL,
  });
  const chainId = BigInt((await provider.send("eth_chainId", [])) as string);
  if (chainId !== config.SUANLI_AGENT_CHAIN_ID) {
    throw new AppError(
      "CONFIG_INVALID",
      `SUANLI_AGENT_RPC_URL serves chain ${chainId}, not SUANLI_AGENT_CHAIN_ID ${config.SUANLI_AGENT_CHAIN_ID}`,
    );
  }
  const key = await loadKey("SUANLI_AGENT", {
    key: config.SUANLI_AGENT_KEY,
    keystore: config.SUANLI_AGENT_KEYSTORE,
    password: config.SUANLI_AGENT_KEYSTORE_PASSWORD,
  });
  const operator: Signer = new NonceManager(key.connect(provider));
  let hub;
  if (
    config.SUANLI_AGENT_HUB_RPC_URL &&
    config.SUANLI_AGENT_HUB_JOB_MARKET &&
    config.SUANLI_AGENT_HUB_MODELS
  ) {
    const probe = chainProvider({ name: "hub", domain: 0, rpcUrl: config.SUANLI_AGENT_HUB_RPC_URL });
    const hubChainId = Number(await probe.send("eth_chainId", []));
    probe.destroy();
    const hubProvider = chainProvider({
      name: "hub",
      domain: hubChainId,
      rpcUrl: config.SUANLI_AGENT_HUB_RPC_URL,
    });
    hub = {
      signer: new NonceManager(key.connect(hubProvider)),
      jobMarket: config.SUANLI_AGENT_HUB_JOB_MARKET,
      models: config.SUANLI_AGENT_HUB_MODELS,
      provenance: config.SUANLI_AGENT_HUB_PROVENANCE!,
      inference: config.SUANLI_AGENT_HUB_INFERENCE,
    };
  }
  const store = new AgentStore(path.join(config.SUANLI_AGENT_DATA_DIR, "agent.sqlite"));
  const outputs = new OutputStore(config.SUANLI_AGENT_DATA_DIR);
  const registry = createRegistry("agent");
  const metrics = agentMetrics(registry, () => store);
  const agent = new Agent({
    config,
    store,
    outputs,
    uploader: new ResultUploader(config.SUANLI_AGENT_RESULT_URL, logger),
    provider,
    operator,
    hub,
    logger,
    metrics,
  });
  const app = createHttpApp({
    name: "agent",
    logger,
    registry,
    health: () => ({
      nodeId: agent.nodeId.toString(),
      chainId: config.SUANLI_AGENT_CHAIN_ID.toString(),
      operator: key.address,
      lastTickAt: agent.lastTickAt,
      jobs: store.countsByState(),
    }),
    routes(app) {
      app.post("/v1/directives", async (req, res, next) => {
        try {
          const outcome = await agent.handlePush(req.body);
          if (outcome.accepted) return void res.status(202).json({ accepted: true });
          next(
            new AppError("PUSH_REFUSED", `directive refused: ${outcome.reason}`, {
              status: REFUSAL_STATUS[outcome.reason] ?? 400,
              details: { reason: outcome.reason },
            }),
          );
        } catch (error) {
          next(error);
        }
      });
      const output = (suffix: string, type: string) =>
        (async (req, res, next) => {
          try {
            const commitment = parseCommitment(String(req.params.commitment));
            if (commitment === undefined) {
              throw new AppError("INVALID_COMMITMENT", "commitment must be a decimal integer", {
                status: 400,
              });
            }
            const bytes = await outputs.get(commitment, suffix);
            if (bytes === undefined) throw new AppError("NOT_FOUND", "no such output here", { status: 404 });
            res.set("Content-Type", type).send(bytes);
          } catch (error) {
            next(error);
          }
        }) as Parameters<typeof app.get>[1];
      app.get("/v1/outputs/:commitment", output("", "application/octet-stream"));
      app.get("/v1/outputs/:commitment/image.png", output(".png", "image/png"));
      app.get("/v1/jobs/:jobId", (req, res, next) => {
        const id = parseCommitment(String(req.params.jobId));
        if (id === undefined)
          return next(new AppError("INVALID_JOB_ID", "job id must be decimal", { status: 400 }));
        const row = store.get(id, store.newestAttempt(id));
        if (row === undefined)
          return next(new AppError("NOT_FOUND", "job not in this agent's queue", { status: 404 }));
        res.json(
          JSON.parse(JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))),
        );
      });
    },
  });
  const server = await listen(app, config.SUANLI_AGENT_PORT, config.SUANLI_AGENT_HOST);
  agent.start();
  logger.info({ port: server.port, nodeId: agent.nodeId.toString(), operator: key.address }, "agent up");
  return {
    agent,
    port: server.port,
    address: key.address,
    store,
    async stop() {
      await agent.stop();
      await server.close();
      store.close();
      provider.destroy();
      await releaseProver();
    },
  };
}
