import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { keccak256, type Signer } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relayerConfigSchema } from "../../services/relayer/config.js";
import { startRelayer, type RunningRelayer } from "../../services/relayer/service.js";
import type { RunningValidator } from "../../services/validator/validator.js";
import {
  CHAIN_NAMES,
  DOMAINS,
  RpcOutage,
  bridgeChains,
  chainsConfig,
  dispatch,
  startTestValidator,
  tagged,
  testRelayerEnv,
  validatorKeys,
  waitFor,
  type BridgeDeployment,
  type ChainName,
  type LocalChain,
} from "./harness.js";
import { startChains, wasProcessed } from "./chains.js";

/** Small in CI (40 messages, 4 kills); `npm run soak:bridge` runs the full size (200 messages, 20 kills). */
const MESSAGES = Number(process.env.SUANLI_FAULT_MESSAGES ?? 40);
const KILLS = Number(process.env.SUANLI_FAULT_KILLS ?? 4);
const ROOT = path.resolve(import.meta.dirname, "../..");

describe("bridge under faults", () => {
  let chains: Record<ChainName, LocalChain>;
  let bridge: Record<ChainName, BridgeDeployment>;
  let validators: RunningValidator[] = [];
  let chainsJson: string;
  const dir = mkdtempSync(path.join(tmpdir(), "suanli-faults-"));
  const keys = validatorKeys(3);
  let users: Record<ChainName, Signer>;

  const validatorAt = (key: { privateKey: string }, name: string, json = chainsJson) =>
    startTestValidator(json, key, path.join(dir, `${name}.sqlite`));
  const relayerEnv = (db: string, urls: RunningValidator[], json = chainsJson, key = 9) => ({
    ...testRelayerEnv(json, urls, path.join(dir, db), key),
    SUANLI_RELAYER_MAX_BACKOFF_MS: "1000",
    SUANLI_RELAYER_SUBMIT_TIMEOUT_MS: "5000",
  });

  beforeAll(async () => {
    process.env.LOG_LEVEL = "silent";
    chains = await startChains();
    ({ bridge, chainsJson, users } = await bridgeChains(chains, keys));
    validators = await Promise.all(keys.map((k, i) => validatorAt(k, `validator-${i}`)));
  });

  afterAll(async () => {
    await Promise.all(validators.map((v) => v.stop()));
    await Promise.all(Object.values(chains ?? {}).map((c) => c.close()));
  });

  /** Every id delivered on `to` exactly once: one Processed event each, one handle call per unique body. */
  async function expectExactlyOnce(sent: { id: string; to: ChainName; payload: string }[]) {
    for (const name of CHAIN_NAMES) {
      const mine = sent.filter((m) => m.to === name);
      const events = await bridge[name].mailbox.queryFilter(bridge[name].mailbox.filters.Processed());
      const processed = new Map<string, number>();
      for (const e of events) processed.set(e.args.messageId, (processed.get(e.args.messageId) ?? 0) + 1);
      for (const m of mine) {
        expect(processed.get(m.id), `message ${m.id} to ${name}`).toBe(1);
        expect(await bridge[name].recipient.receivedCount(keccak256(m.payload))).toBe(1n);
      }
    }
  }

  it(`delivers ${MESSAGES} messages exactly once while the relayer process is SIGKILLed ${KILLS} times`, async () => {
    const env = { ...process.env, ...relayerEnv("killed-relayer.sqlite", validators), LOG_LEVEL: "warn" };
    let child: ChildProcess | undefined;
    const spawnRelayer = () => {
      child = spawn(process.execPath, ["--import", "tsx", "services/relayer/main.ts"], {
        cwd: ROOT,
        env,
        stdio: ["ignore", "ignore", "inherit"],
      });
      return child;
    };

    const sent: { id: string; to: ChainName; payload: string }[] = [];
    const lanes: [ChainName, ChainName][] = [
      ["hub", "east"],
      ["east", "hub"],
      ["west", "hub"],
      ["hub", "west"],
    ];
    let producing = true;
    const producer = (async () => {
      for (let i = 0; i < MESSAGES; i++) {
        const [from, to] = lanes[i % lanes.length]!;
        const payload = tagged(`kill-${i}`);
        const id = await dispatch(
          users[from],
          bridge[from].mailbox,
          { domain: DOMAINS[to], recipient: bridge[to].recipient.target as string },
          payload,
        );
        sent.push({ id, to, payload });
        if (i % 4 === 3) await new Promise((r) => setTimeout(r, 40));
      }
      producing = false;
    })();

    let kills = 0;
    while (kills < KILLS) {
      const proc = spawnRelayer();
      // A random moment: during start-up, mid-batch, between submissions and receipts.
      await new Promise((r) => setTimeout(r, 300 + Math.random() * 2_500));
      const exited = new Promise((r) => proc.once("exit", r));
      proc.kill("SIGKILL");
      await exited;
      kills++;
    }
    await producer;
    expect(producing).toBe(false);
    const final = spawnRelayer();
    try {
      await waitFor(
        async () => {
          const done = await Promise.all(sent.map((m) => wasProcessed(bridge[m.to].mailbox, m.id)));
          return done.every(Boolean);
        },
        120_000,
        "every message after the last restart",
      );
    } finally {
      final.kill("SIGTERM");
    }
    expect(kills).toBe(KILLS);
    expect(sent).toHaveLength(MESSAGES);
    await expectExactlyOnce(sent);
  });

  it("waits out an RPC outage of the destination and loses nothing", async () => {
    const outage = new RpcOutage(chains.east.url);
    await outage.up();
    const json = JSON.stringify(chainsConfig(chains, bridge, { east: outage.url }));
    const relayer = await startRelayer(
      relayerConfigSchema.parse(relayerEnv("outage-relayer.sqlite", validators, json, 7)),
    );
    try {
      await outage.down();
      const sent: { id: string; to: ChainName; payload: string }[] = [];
      for (let i = 0; i < 10; i++) {
        const payload = tagged(`outage-${i}`);
        sent.push({
          id: await dispatch(
            users.hub,
            bridge.hub.mailbox,
            { domain: DOMAINS.east, recipient: bridge.east.recipient.target as string },
            payload,
          ),
          to: "east",
          payload,
        });
      }
      await waitFor(
        async () => relayer.store.get(sent[0]!.id)?.reason === "RPC_DOWN",
        15_000,
        "RPC_DOWN reason",
      );
      expect(await wasProcessed(bridge.east.mailbox, sent[0]!.id)).toBe(false);
      await new Promise((r) => setTimeout(r, 1_500));
      await outage.up();
      await waitFor(
        async () =>
          (await Promise.all(sent.map((m) => wasProcessed(bridge.east.mailbox, m.id)))).every(Boolean),
        30_000,
        "delivery after the outage",
      );
      await expectExactlyOnce(sent);
    } finally {
      await relayer.stop();
      await outage.down();
    }
  });

  it("rotates west's validator set on east with messages in flight and strands none", async () => {
    const db = "rotation-relayer.sqlite";
    const to = { domain: DOMAINS.east, recipient: bridge.east.recipient.target as string };
    const batch = async (tag: string) => {
      const out: { id: string; to: ChainName; payload: string }[] = [];
      for (let i = 0; i < 8; i++) {
        const payload = tagged(`${tag}-${i}`);
        out.push({ id: await dispatch(users.west, bridge.west.mailbox, to, payload), to: "east", payload });
      }
      return out;
    };
    const signedByOld = async (ids: string[]) => {
      const url = `http://127.0.0.1:${validators[0]!.port}/v1/signatures?ids=${ids.join(",")}`;
      return (
        ((await (await fetch(url)).json()) as { signatures: unknown[] }).signatures.length === ids.length
      );
    };

    // In flight: dispatched and signed by the old set, not delivered (no relayer running) when the set rotates.
    const first = await batch("rotation-a");
    await waitFor(() => signedByOld(first.map((m) => m.id)), 10_000, "old set signatures");
    const fresh = validatorKeys(3);
    await (
      await bridge.east.ism.connect(chains.east.deployer).rotateValidators(
        DOMAINS.west,
        fresh.map((k) => k.address),
        2,
      )
    ).wait();

    // Within the grace period the previous set's signatures still deliver them.
    let relayer: RunningRelayer = await startRelayer(
      relayerConfigSchema.parse(relayerEnv(db, validators, chainsJson, 6)),
    );
    await waitFor(
      async () =>
        (await Promise.all(first.map((m) => wasProcessed(bridge.east.mailbox, m.id)))).every(Boolean),
      30_000,
      "in-flight delivery in grace",
    );
    await relayer.stop();

    // After the grace period, messages only the old set signed wait until the new validators (who scan the
    // origin from the Mailbox's deployment block) have signed them too.
    const second = await batch("rotation-b");
    await waitFor(() => signedByOld(second.map((m) => m.id)), 10_000, "old set signatures");
    await chains.east.provider.send("evm_increaseTime", [3_601]);
    await chains.east.provider.send("evm_mine", []);
    relayer = await startRelayer(relayerConfigSchema.parse(relayerEnv(db, validators, chainsJson, 6)));
    await waitFor(
      async () => relayer.store.get(second[0]!.id)?.reason === "WAITING_FOR_SIGNATURES",
      10_000,
      "waiting for new signatures",
    );
    expect(await wasProcessed(bridge.east.mailbox, second[0]!.id)).toBe(false);
    await relayer.stop();
    const newValidators = await Promise.all(fresh.map((k, i) => validatorAt(k, `fresh-${i}`)));
    try {
      relayer = await startRelayer(
        relayerConfigSchema.parse(relayerEnv(db, [...validators, ...newValidators], chainsJson, 6)),
      );
      await waitFor(
        async () =>
          (await Promise.all(second.map((m) => wasProcessed(bridge.east.mailbox, m.id)))).every(Boolean),
        30_000,
        "delivery with the new set",
      );
      await relayer.stop();
      await expectExactlyOnce([...first, ...second]);
    } finally {
      await Promise.all(newValidators.map((v) => v.stop()));
    }
  });
});
