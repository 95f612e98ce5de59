import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { Wallet, getBytes, type HDNodeWallet } from "ethers";
import { Counter, Gauge } from "prom-client";
import { z } from "zod";
import { chainProvider } from "../shared/chain.js";
import type { ChainConfig } from "../shared/config.js";
import { hex32 } from "../shared/config.js";
import { readDispatches } from "../shared/dispatches.js";
import { checkpointDigest, checkpointTree, decodeEnvelope } from "../shared/envelope.js";
import { AppError, isTransportError } from "../shared/errors.js";
import { HeadWatcher } from "../shared/heads.js";
import { createHttpApp, createRegistry, listen } from "../shared/http.js";
import { createLogger, type Logger } from "../shared/logger.js";
import type { ValidatorConfig } from "./config.js";
import { ValidatorStore, type StoredSignature } from "./store.js";

export interface RunningValidator {
  address: string;
  port: number;
  /** Signs (EIP-191) a `ValidatorAnnounce.announcementDigest` of this validator's URL. */
  signAnnouncement(digest: string): Promise<string>;
  stop(): Promise<void>;
}

const MAX_IDS = 200;
const idsQuery = z.object({
  ids: z
    .string()
    .transform((s) => s.split(","))
    .pipe(z.array(hex32).min(1).max(MAX_IDS)),
});

/** Loads the signing key from env or an ethers JSON keystore; keys never live in code or config files. */
export async function loadValidatorKey(config: ValidatorConfig): Promise<Wallet | HDNodeWallet> {
  if (config.SUANLI_VALIDATOR_KEY) return new Wallet(config.SUANLI_VALIDATOR_KEY);
  const json = await readFile(config.SUANLI_VALIDATOR_KEYSTORE as string, "utf8");
  return Wallet.fromEncryptedJson(json, config.SUANLI_VALIDATOR_KEYSTORE_PASSWORD as string);
}

/**
 * Starts a validator: for each origin chain, follows `Dispatched` from a durable cursor, signs one checkpoint
 * per block and destination (bound to origin domain, origin and destination mailboxes) and publishes, per
 * message, the checkpoint signature and the message's proof over HTTP: `GET /v1/signatures?ids=0x…,0x…` →
 * `{ validator, signatures: [{ messageId, origin, originMailbox, nonce, signature, proof }] }`.
 */
export async function startValidator(config: ValidatorConfig, logger?: Logger): Promise<RunningValidator> {
  const signer = await loadValidatorKey(config);
  const log = logger ?? createLogger("validator", { validator: signer.address });
  const store = new ValidatorStore(config.SUANLI_VALIDATOR_DB);
  // The destination Mailbox is part of what is signed: a message to an unconfigured domain is not signed.
  const mailboxes = new Map(config.SUANLI_BRIDGE_CHAINS.map((c) => [c.domain, c.mailbox]));
  const origins = config.SUANLI_BRIDGE_CHAINS.filter(
    (c) => !config.SUANLI_VALIDATOR_ORIGINS || config.SUANLI_VALIDATOR_ORIGINS.includes(c.name),
  );
  if (origins.length === 0)
    throw new AppError("CONFIG_INVALID", "SUANLI_VALIDATOR_ORIGINS names no configured chain");

  const registry = createRegistry("validator");
  const signed = new Counter({
    name: "validator_signatures_total",
    help: "Messages signed",
    labelNames: ["origin"],
    registers: [registry],
  });
  const cursorGauge = new Gauge({
    name: "validator_cursor_block",
    help: "Next block to scan",
    labelNames: ["origin"],
    registers: [registry],
  });
  const rpcErrors = new Counter({
    name: "validator_rpc_errors_total",
    help: "Failed polls",
    labelNames: ["origin"],
    registers: [registry],
  });
  const lastPoll = new Map<number, { ok: boolean; at: number }>();

  /**
   * One signature per checkpoint: the messages one origin block dispatched to one destination, in dispatch
   * order, form a Merkle tree; the validator signs its root once and stores each message's proof beside it.
   * Every honest validator builds the same tree from the same block, so their signatures share the root.
   */
  const signCheckpoints = async (
    chain: ChainConfig,
    signable: { d: { messageId: string; blockNumber: number }; nonce: number; to: string }[],
  ): Promise<StoredSignature[]> => {
    const groups = new Map<string, typeof signable>();
    for (const s of signable) {
      const key = `${s.d.blockNumber}:${s.to}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const signed = await Promise.all(
      [...groups.values()].map(async (group) => {
        const tree = checkpointTree(group.map((s) => s.d.messageId));
        const signature = await signer.signMessage(
          getBytes(checkpointDigest(chain.domain, chain.mailbox, group[0]!.to, tree.root)),
        );
        return group.map((s, i) => ({
          messageId: s.d.messageId,
          origin: chain.domain,
          originMailbox: chain.mailbox,
          nonce: s.nonce,
          signature,
          proof: tree.proofs[i]!,
        }));
      }),
    );
    return signed.flat();
  };

  let stopping = false;
  const watchers: HeadWatcher[] = [];
  /** Follows one origin: on every new head (subscribed where the endpoint serves WebSocket), signs what it added. */
  const follow = async (chain: ChainConfig): Promise<void> => {
    const provider = chainProvider(chain);
    const heads = new HeadWatcher(provider, chain.rpcUrl, config.SUANLI_POLL_MS);
    watchers.push(heads);
    let next = store.cursor(chain.domain, chain.fromBlock);
    let readTo = -1;
    while (!stopping) {
      try {
        const head = await heads.next(readTo, 1_000);
        if (stopping) break;
        const { dispatches, nextBlock, caughtUp } = await readDispatches(provider, chain, next, head);
        const signable = dispatches.flatMap((d) => {
          const envelope = decodeEnvelope(d.message);
          const to = mailboxes.get(envelope.destination);
          if (!to)
            log.warn({ id: d.messageId, destination: envelope.destination }, "destination not configured");
          return to ? [{ d, nonce: envelope.nonce, to }] : [];
        });
        const signatures = await signCheckpoints(chain, signable);
        store.saveBatch(chain.domain, signatures, nextBlock);
        signed.inc({ origin: chain.name }, signatures.length);
        cursorGauge.set({ origin: chain.name }, nextBlock);
        if (signatures.length > 0)
          log.debug({ origin: chain.name, count: signatures.length, nextBlock }, "signed");
        lastPoll.set(chain.domain, { ok: true, at: Date.now() });
        next = nextBlock;
        readTo = caughtUp ? head : -1;
      } catch (error) {
        rpcErrors.inc({ origin: chain.name });
        lastPoll.set(chain.domain, { ok: false, at: Date.now() });
        log.warn(
          { origin: chain.name, transport: isTransportError(error), err: error },
          "poll failed; retrying",
        );
        await sleep(Math.max(config.SUANLI_POLL_MS, 500));
      }
    }
  };
  const loops = origins.map((chain) => follow(chain));

  const app = createHttpApp({
    name: "validator",
    logger: log,
    registry,
    health: () => ({
      validator: signer.address,
      signatures: store.count(),
      origins: origins.map((c) => ({ name: c.name, domain: c.domain, ...lastPoll.get(c.domain) })),
    }),
    routes: (router) => {
      router.get("/v1/signatures", (req, res) => {
        const parsed = idsQuery.safeParse(req.query);
        if (!parsed.success) {
          throw new AppError("BAD_REQUEST", `ids: comma-separated message ids (1..${MAX_IDS})`, {
            status: 400,
          });
        }
        res.json({ validator: signer.address, signatures: store.get(parsed.data.ids) });
      });
    },
  });
  const server = await listen(app, config.SUANLI_VALIDATOR_PORT, config.SUANLI_VALIDATOR_HOST);
  log.info(
    { port: server.port, validator: signer.address, origins: origins.map((c) => c.name) },
    "validator started",
  );

  return {
    address: signer.address,
    port: server.port,
    signAnnouncement: (digest) => signer.signMessage(getBytes(digest)),
    stop: async () => {
      stopping = true;
      await Promise.all(watchers.map((w) => w.stop()));
      await Promise.all(loops);
      await server.close();
      store.close();
    },
  };
}
