import { setTimeout as sleep } from "node:timers/promises";
import { Counter, Gauge, Histogram } from "prom-client";
import { ValidatorAnnounce__factory } from "../../types/contracts/index.js";
import { chainProvider } from "../shared/chain.js";
import { createHttpApp, createRegistry, listen } from "../shared/http.js";
import { createLogger, type Logger } from "../shared/logger.js";
import { EvmGateway } from "./adapters/evm.js";
import { messageRoutes } from "./adapters/http.js";
import { SqliteRelayerStore } from "./adapters/sqlite.js";
import { HttpSignatureSource } from "./adapters/validators.js";
import type { RelayerConfig } from "./config.js";
import { Relayer } from "./core/relayer.js";
import { REASONS } from "./core/types.js";

export interface RunningRelayer {
  port: number;
  store: SqliteRelayerStore;
  stop(): Promise<void>;
}

/** Wires the relayer core to EVM chains, SQLite and the validators' HTTP stores, and serves its status. */
export async function startRelayer(config: RelayerConfig, logger?: Logger): Promise<RunningRelayer> {
  const log = logger ?? createLogger("relayer");
  const store = new SqliteRelayerStore(config.SUANLI_RELAYER_DB);
  const chains = config.SUANLI_BRIDGE_CHAINS;
  const gateways = chains.map(
    (c) =>
      new EvmGateway(c, config.SUANLI_RELAYER_KEY, config.SUANLI_POLL_MS, (what, detail) =>
        log.warn({ chain: c.name, ...detail }, what),
      ),
  );
  const signatures = new HttpSignatureSource(
    config.SUANLI_VALIDATOR_URLS,
    config.SUANLI_VALIDATOR_TIMEOUT_MS,
  );
  const startedAt = Date.now();
  const lastDelivery = new Map<string, number>();
  const names = new Map(chains.map((c) => [c.domain, c.name]));
  const lane = (origin: number, destination: number) => ({
    origin: names.get(origin) ?? String(origin),
    destination: names.get(destination) ?? String(destination),
  });

  const registry = createRegistry("relayer");
  const delivered = new Counter({
    name: "relayer_messages_delivered_total",
    help: "Messages delivered (or found delivered)",
    labelNames: ["origin", "destination"],
    registers: [registry],
  });
  const deferred = new Counter({
    name: "relayer_messages_deferred_total",
    help: "Delivery attempts deferred, by reason",
    labelNames: ["origin", "destination", "reason"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "relayer_delivery_latency_seconds",
    help: "From first seen to delivered",
    labelNames: ["origin", "destination"],
    buckets: [0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  new Gauge({
    name: "relayer_messages_undelivered",
    help: "Undelivered messages by reason",
    labelNames: ["reason"],
    registers: [registry],
    collect() {
      const counts = store.countsByReason();
      for (const reason of REASONS) this.set({ reason }, counts[reason] ?? 0);
    },
  });
  const parked = new Counter({
    name: "relayer_messages_parked_total",
    help: "Messages parked as dead letters after too many failures",
    labelNames: ["origin", "destination", "reason"],
    registers: [registry],
  });
  const errors = new Counter({
    name: "relayer_errors_total",
    help: "Loop errors",
    labelNames: ["context"],
    registers: [registry],
  });

  const relayer = new Relayer({
    store,
    gateways,
    signatures,
    settings: {
      pollMs: config.SUANLI_POLL_MS,
      maxBackoffMs: config.SUANLI_RELAYER_MAX_BACKOFF_MS,
      batchSize: config.SUANLI_RELAYER_BATCH,
      perTransaction: config.SUANLI_RELAYER_TX_BATCH,
      submitTimeoutMs: config.SUANLI_RELAYER_SUBMIT_TIMEOUT_MS,
      gasPerMessage: config.SUANLI_RELAYER_GAS_PER_MESSAGE,
      maxGasPerMessage: config.SUANLI_RELAYER_MAX_GAS_PER_MESSAGE,
      expectedGasPerMessage: config.SUANLI_RELAYER_EXPECTED_GAS,
      maxAttempts: config.SUANLI_RELAYER_MAX_ATTEMPTS,
      fromBlock: new Map(chains.map((c) => [c.domain, c.fromBlock])),
      mailboxes: new Map(chains.map((c) => [c.domain, c.mailbox])),
    },
    observer: {
      delivered: (record, ms) => {
        lastDelivery.set(`${record.origin}:${record.destination}`, Date.now());
        delivered.inc(lane(record.origin, record.destination));
        latency.observe(lane(record.origin, record.destination), ms / 1000);
        log.debug({ id: record.id, ms }, "delivered");
      },
      deferred: (record, reason, detail) => {
        deferred.inc({ ...lane(record.origin, record.destination), reason });
        if (reason !== "WAITING_FOR_SIGNATURES")
          log.info({ id: record.id, reason, detail }, "delivery deferred");
      },
      parked: (record, reason, detail) => {
        parked.inc({ ...lane(record.origin, record.destination), reason });
        log.warn(
          { id: record.id, reason, detail },
          "message parked as dead letter; `relay retry` resumes it",
        );
      },
      error: (context, error) => {
        errors.inc({ context });
        log.warn({ context, code: error.code, message: error.message }, "relayer error");
      },
    },
  });
  relayer.start();

  // Validators' endpoints from each chain's ValidatorAnnounce: only a validator's own key can set its URL.
  let stopping = false;
  const announced = chains.filter((c) => c.validatorAnnounce);
  const discovery = (async () => {
    while (!stopping && announced.length > 0) {
      for (const chain of announced) {
        try {
          const members = new Set<string>();
          for (const g of gateways) {
            if (g.domain === chain.domain) continue;
            for (const set of await g.activeSets(chain.domain)) set.validators.forEach((v) => members.add(v));
          }
          const contract = ValidatorAnnounce__factory.connect(chain.validatorAnnounce!, chainProvider(chain));
          const locations = await contract.latestLocations([...members]);
          signatures.addEndpoints(locations.filter((l) => /^https?:\/\//.test(l)));
        } catch (error) {
          log.warn({ chain: chain.name, err: error }, "could not read validator announcements");
        }
      }
      await sleep(config.SUANLI_RELAYER_MAX_BACKOFF_MS);
    }
  })();

  /** Lanes with messages waiting longer than the stall window and no delivery within it. */
  const stalledLanes = () => {
    const now = Date.now();
    return store
      .oldestUndelivered()
      .filter(
        (l) =>
          now - l.observedAt > config.SUANLI_RELAYER_STALL_MS &&
          now - (lastDelivery.get(`${l.origin}:${l.destination}`) ?? startedAt) >
            config.SUANLI_RELAYER_STALL_MS,
      )
      .map((l) => ({ ...lane(l.origin, l.destination), undelivered: l.count, oldestMs: now - l.observedAt }));
  };

  const app = createHttpApp({
    name: "relayer",
    logger: log,
    registry,
    health: () => {
      const stalled = stalledLanes();
      return {
        ...(stalled.length > 0 ? { status: "stalled" } : {}),
        chains: chains.map((c) => c.name),
        headSubscriptions: Object.fromEntries(gateways.map((g) => [g.name, g.subscribedToHeads])),
        counts: store.countsByReason(),
        stalledLanes: stalled,
        validators: signatures.status(),
      };
    },
    routes: messageRoutes(store),
  });
  const server = await listen(app, config.SUANLI_RELAYER_PORT, config.SUANLI_RELAYER_HOST);
  log.info({ port: server.port, chains: chains.map((c) => c.name) }, "relayer started");

  return {
    port: server.port,
    store,
    stop: async () => {
      stopping = true;
      await relayer.stop();
      await Promise.all(gateways.map((g) => g.close()));
      await Promise.race([discovery, sleep(100)]);
      await server.close();
      store.close();
    },
  };
}
