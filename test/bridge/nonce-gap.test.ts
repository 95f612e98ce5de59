import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256, type Signer } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressToBytes32 } from "../../services/shared/chain.js";
import { relayerConfigSchema } from "../../services/relayer/config.js";
import { startRelayer, type RunningRelayer } from "../../services/relayer/service.js";
import type { RunningValidator } from "../../services/validator/validator.js";
import { startAnvilChains } from "./anvil.js";
import { wasProcessed } from "./chains.js";
import {
  DOMAINS,
  bridgeChains,
  devAccount,
  startTestValidator,
  tagged,
  testRelayerEnv,
  validatorKeys,
  waitFor,
  type BridgeDeployment,
  type ChainName,
  type LocalChain,
} from "./harness.js";

const MESSAGES = 12;
/** The relayer's last resort; the faults below must be repaired long before it. */
const SUBMIT_TIMEOUT_MS = 60_000;
/** The relayer pays with dev account 9 (testRelayerEnv). */
const RELAYER = devAccount(9);

type PoolTx = { hash: string; nonce: string; maxFeePerGas: string; maxPriorityFeePerGas: string };

/**
 * The loaded-benchmark bug: messages sat in one SUBMITTED transaction until the submit timeout because a
 * transaction before it (by nonce) was lost or replaced. On anvil processes with the hub's mining paused,
 * the relayer's pending `processBatch` transactions are tampered with in the mempool, then mining resumes
 * (1 s blocks): every message must be delivered exactly once, well before the 60 s submit timeout.
 */
describe("relayer nonce repair over anvil: dropped and replaced transactions", () => {
  let chains: Record<ChainName, LocalChain>;
  let bridge: Record<ChainName, BridgeDeployment>;
  let validators: RunningValidator[] = [];
  let relayer: RunningRelayer;
  let user: Signer;
  const dir = mkdtempSync(path.join(tmpdir(), "suanli-nonce-"));
  const keys = validatorKeys(2);
  const hub = () => chains.hub.provider;

  beforeAll(async () => {
    process.env.LOG_LEVEL = "silent";
    chains = await startAnvilChains();
    let chainsJson: string;
    ({ bridge, chainsJson } = await bridgeChains(chains, keys));
    user = await chains.east.provider.getSigner(1);
    validators = await Promise.all(
      keys.map((k, i) => startTestValidator(chainsJson, k, path.join(dir, `validator-${i}.sqlite`))),
    );
    relayer = await startRelayer(
      relayerConfigSchema.parse({
        ...testRelayerEnv(chainsJson, validators, path.join(dir, "relayer.sqlite")),
        SUANLI_RELAYER_TX_BATCH: "4", // three transactions for twelve messages
        SUANLI_RELAYER_SUBMIT_TIMEOUT_MS: String(SUBMIT_TIMEOUT_MS),
      }),
    );
  });

  afterAll(async () => {
    await relayer?.stop();
    await Promise.all(validators.map((v) => v.stop()));
    await Promise.all(Object.values(chains ?? {}).map((c) => c.close()));
  });

  /** The relayer's transactions waiting in the hub's mempool, lowest nonce first. */
  const pooled = async (): Promise<PoolTx[]> => {
    const content = (await hub().send("txpool_content", [])) as {
      pending: Record<string, Record<string, PoolTx>>;
    };
    const mine = Object.entries(content.pending).find(
      ([a]) => a.toLowerCase() === RELAYER.address.toLowerCase(),
    );
    return Object.values(mine?.[1] ?? {}).sort((a, b) => Number(a.nonce) - Number(b.nonce));
  };

  /**
   * Pauses the hub's mining, dispatches `MESSAGES` east→hub, waits until the relayer has them all in
   * transactions in the hub's mempool, applies `fault`, resumes 1 s blocks and measures delivery.
   */
  async function runWith(tag: string, fault: (txs: PoolTx[]) => Promise<void>) {
    await hub().send("evm_setAutomine", [false]);
    await hub().send("evm_setIntervalMining", [0]);
    const to = { domain: DOMAINS.hub, recipient: bridge.hub.recipient.target as string };
    // All dispatches in one east block: one checkpoint, batched four messages per transaction.
    await chains.east.provider.send("evm_setAutomine", [false]);
    const payloads = Array.from({ length: MESSAGES }, (_, i) => tagged(`${tag} ${i}`));
    const txs = [];
    for (const payload of payloads) {
      txs.push(
        await bridge.east.mailbox.connect(user).dispatch(to.domain, addressToBytes32(to.recipient), payload),
      );
    }
    await chains.east.provider.send("evm_mine", []);
    await chains.east.provider.send("evm_setAutomine", [true]);
    const sent: { id: string; payload: string }[] = [];
    for (const [i, tx] of txs.entries()) {
      const log = (await tx.wait())!.logs
        .map((l) => bridge.east.mailbox.interface.parseLog(l))
        .find((l) => l?.name === "Dispatched");
      sent.push({ id: String(log!.args.messageId), payload: payloads[i]! });
    }
    await waitFor(
      async () => sent.every((m) => relayer.store.get(m.id)?.status === "submitted"),
      20_000,
      "every message in a submitted transaction",
    );
    const pool = await pooled();
    expect(pool.length).toBe(MESSAGES / 4);
    await fault(pool);
    const resumed = Date.now();
    await hub().send("evm_setIntervalMining", [1]);
    await waitFor(
      async () => (await Promise.all(sent.map((m) => wasProcessed(bridge.hub.mailbox, m.id)))).every(Boolean),
      SUBMIT_TIMEOUT_MS / 3,
      `all ${MESSAGES} messages delivered well before the submit timeout`,
    );
    const elapsed = Date.now() - resumed;
    console.log(`nonce repair (${tag}): ${MESSAGES} messages delivered ${elapsed} ms after mining resumed`);
    // Exactly once: one Processed event per id and one handle call per body.
    const events = await bridge.hub.mailbox.queryFilter(bridge.hub.mailbox.filters.Processed());
    for (const m of sent) {
      expect(events.filter((e) => e.args.messageId === m.id)).toHaveLength(1);
      expect(await bridge.hub.recipient.receivedCount(keccak256(m.payload))).toBe(1n);
    }
    await waitFor(
      async () => sent.every((m) => relayer.store.get(m.id)?.status === "delivered"),
      10_000,
      "the relayer to record every delivery",
    );
    expect(await pooled()).toEqual([]);
  }

  it("follows every chain's head over a WebSocket subscription (anvil serves ws on its HTTP port)", async () => {
    const health = async () =>
      (await (await fetch(`http://127.0.0.1:${relayer.port}/health`)).json()) as {
        headSubscriptions: Record<string, boolean>;
      };
    await waitFor(
      async () => Object.values((await health()).headSubscriptions).every(Boolean),
      10_000,
      "head subscriptions",
    );
    expect((await health()).headSubscriptions).toEqual({ hub: true, east: true, west: true });
  });

  it("re-sends a transaction dropped from the mempool; the transactions after it are not stuck", async () => {
    await runWith("dropped", async ([first]) => {
      await hub().send("anvil_dropTransaction", [first!.hash]);
      expect((await pooled()).map((t) => t.hash)).not.toContain(first!.hash);
    });
  });

  it("re-queues the messages of a transaction whose nonce another transaction took", async () => {
    await runWith("replaced", async ([, second]) => {
      // Someone else with the relayer's key (e.g. a second relayer process) outbids it at the same nonce.
      const wallet = RELAYER.connect(hub());
      await wallet.sendTransaction({
        to: RELAYER.address,
        value: 0n,
        nonce: Number(second!.nonce),
        gasLimit: 21_000n,
        maxFeePerGas: BigInt(second!.maxFeePerGas) * 3n,
        maxPriorityFeePerGas: BigInt(second!.maxPriorityFeePerGas) * 3n,
      });
      expect((await pooled()).map((t) => t.hash)).not.toContain(second!.hash);
    });
  });
});
