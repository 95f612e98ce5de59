import { mkdtempSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Wallet, keccak256, type Signer } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GasBurnerRecipient__factory, HugeRevertRecipient__factory } from "../../types/contracts/index.js";
import { main as cli } from "../../services/relayer/cli.js";
import { relayerConfigSchema } from "../../services/relayer/config.js";
import { startRelayer, type RunningRelayer } from "../../services/relayer/service.js";
import type { RunningValidator } from "../../services/validator/validator.js";
import { startChains, wasProcessed } from "./chains.js";
import {
  CHAIN_NAMES,
  DOMAINS,
  bridgeChains,
  chainsConfig,
  devAccount,
  dispatch,
  startTestValidator,
  tagged,
  validatorKeys,
  waitFor,
  type BridgeDeployment,
  type ChainName,
  type LocalChain,
} from "./harness.js";

/** Honest messages in the hostile stream: 60 in CI, ≥ 500 in `npm run soak:bridge`. */
const HONEST = Number(process.env.SUANLI_HOSTILE_MESSAGES ?? 60);

/** An HTTP server answering every request with `answer` (or never, when `answer` is undefined). */
async function fakeValidator(
  answer?: (ids: string[]) => unknown,
): Promise<{ url: string; close(): Promise<void> }> {
  const hung = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    if (!answer) return void hung.add(res); // a hung endpoint: accepts the connection, never answers
    const ids = new URL(req.url ?? "/", "http://x").searchParams.get("ids")?.split(",") ?? [];
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(answer(ids)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/**
 * The review's stalls, performed against the real services on three chains: hostile recipients (a gas burner,
 * a 1 MB revert) mixed into a stream of honest messages, with the validator endpoints a liar, a hung server, a
 * dead port and only two honest validators (threshold 2). Every honest message must arrive exactly once and
 * the hostile ones end parked as dead letters, listed and retryable by the CLI.
 */
describe("bridge under hostile messages and validators", () => {
  let chains: Record<ChainName, LocalChain>;
  let bridge: Record<ChainName, BridgeDeployment>;
  let validators: RunningValidator[] = [];
  let relayer: RunningRelayer | undefined;
  const fakes: { close(): Promise<void> }[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), "suanli-hostile-"));
  const keys = validatorKeys(3);
  let users: Record<ChainName, Signer>;

  beforeAll(async () => {
    process.env.LOG_LEVEL = "silent";
    chains = await startChains();
    let chainsJson: string;
    ({ bridge, chainsJson, users } = await bridgeChains(chains, keys));
    // keys[0]'s validator never runs: its endpoint is impersonated by the liar below.
    validators = await Promise.all(
      keys.slice(1).map((k, i) => startTestValidator(chainsJson, k, path.join(dir, `validator-${i}.sqlite`))),
    );
  });

  afterAll(async () => {
    await relayer?.stop();
    await Promise.all(fakes.map((f) => f.close()));
    await Promise.all(validators.map((v) => v.stop()));
    await Promise.all(Object.values(chains ?? {}).map((c) => c.close()));
  });

  it(`delivers ${HONEST} honest messages exactly once past a gas burner, a 1 MB revert and a lying, a hung and a dead validator`, async () => {
    // The liar claims to be keys[0] (a member) and serves signatures by a stranger's key for every id asked.
    const stranger = Wallet.createRandom();
    const liar = await fakeValidator((ids) => ({
      validator: keys[0]!.address,
      signatures: ids.map((messageId) => ({ messageId, signature: stranger.signMessageSync(messageId) })),
    }));
    const hung = await fakeValidator();
    fakes.push(liar, hung);
    const dead = "http://127.0.0.1:9"; // discard port: connection refused
    // The liar and the hung endpoint come first: the old relayer took the first t claimed validators.
    const urls = [liar.url, hung.url, dead, ...validators.map((v) => `http://127.0.0.1:${v.port}`)];
    relayer = await startRelayer(
      relayerConfigSchema.parse({
        SUANLI_BRIDGE_CHAINS: JSON.stringify(chainsConfig(chains, bridge)),
        SUANLI_VALIDATOR_URLS: urls.join(","),
        SUANLI_VALIDATOR_TIMEOUT_MS: "300",
        SUANLI_RELAYER_KEY: devAccount(9).privateKey,
        SUANLI_RELAYER_DB: path.join(dir, "relayer.sqlite"),
        SUANLI_RELAYER_PORT: "0",
        SUANLI_POLL_MS: "50",
        SUANLI_RELAYER_MAX_BACKOFF_MS: "500",
        SUANLI_RELAYER_MAX_ATTEMPTS: "3",
      }),
    );

    const hostileTargets = {} as Record<ChainName, string[]>;
    for (const name of CHAIN_NAMES) {
      const deployer = chains[name].deployer;
      const burner = await (await new GasBurnerRecipient__factory(deployer).deploy()).waitForDeployment();
      const huge = await (
        await new HugeRevertRecipient__factory(deployer).deploy(1 << 20)
      ).waitForDeployment();
      hostileTargets[name] = [burner.target as string, huge.target as string];
    }
    const lanes: [ChainName, ChainName][] = [
      ["hub", "east"],
      ["east", "hub"],
      ["west", "hub"],
      ["hub", "west"],
    ];
    const honest: { id: string; to: ChainName; payload: string }[] = [];
    const hostile: string[] = [];
    const started = Date.now();
    // One producer per origin chain, concurrently (each chain's own node orders its sender's nonces).
    await Promise.all(
      CHAIN_NAMES.map(async (origin) => {
        for (let i = 0; i < HONEST; i++) {
          const [from, to] = lanes[i % lanes.length]!;
          if (from !== origin) continue;
          const payload = tagged(`hostile-stream-${i}`);
          const recipient = bridge[to].recipient.target as string;
          const id = await dispatch(
            users[from],
            bridge[from].mailbox,
            { domain: DOMAINS[to], recipient },
            payload,
          );
          honest.push({ id, to, payload });
          if (i % 25 === 0) {
            // One hostile message every 25 honest ones, alternating burner and 1 MB revert.
            const target = hostileTargets[to][(i / 25) % 2]!;
            const evil = { domain: DOMAINS[to], recipient: target };
            hostile.push(await dispatch(users[from], bridge[from].mailbox, evil, tagged(`evil-${i}`)));
          }
        }
      }),
    );
    await waitFor(
      async () =>
        (await Promise.all(honest.map((m) => wasProcessed(bridge[m.to].mailbox, m.id)))).every(Boolean),
      180_000,
      "every honest message",
    );
    const seconds = (Date.now() - started) / 1000;
    await waitFor(
      async () => hostile.every((id) => relayer!.store.get(id)?.status === "dead"),
      60_000,
      "hostile parked",
    );

    // Exactly once: one Processed event per honest id and one handle per body.
    for (const name of CHAIN_NAMES) {
      const events = await bridge[name].mailbox.queryFilter(bridge[name].mailbox.filters.Processed());
      const count = new Map<string, number>();
      for (const e of events) count.set(e.args.messageId, (count.get(e.args.messageId) ?? 0) + 1);
      for (const m of honest.filter((x) => x.to === name)) {
        expect(count.get(m.id), m.id).toBe(1);
        expect(await bridge[name].recipient.receivedCount(keccak256(m.payload))).toBe(1n);
      }
    }
    for (const id of hostile) {
      const record = relayer.store.get(id)!;
      expect(record.failures).toBe(3);
      expect(["OUT_OF_GAS", "RECIPIENT_REVERTED"]).toContain(record.reason);
    }
    // A signature step ends once every message has its quorum, so the hung endpoint is marked only when its own
    // request times out (`requestTimeoutMs`), which can come after the last honest delivery.
    const unhealthy = async () => {
      const health = (await (await fetch(`http://127.0.0.1:${relayer!.port}/health`)).json()) as {
        validators: { url: string; healthy: boolean }[];
      };
      return health.validators
        .filter((v) => !v.healthy)
        .map((v) => v.url)
        .sort();
    };
    await waitFor(
      async () => JSON.stringify(await unhealthy()) === JSON.stringify([dead, hung.url].sort()),
      30_000,
      "the dead and the hung validator marked unhealthy",
    );
    expect(await unhealthy()).toEqual([dead, hung.url].sort());
    console.info(
      `hostile stream: ${honest.length} honest delivered once in ${seconds.toFixed(1)} s, ${hostile.length} hostile parked`,
    );

    // The CLI lists the dead letters and puts one back in line.
    const logs: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void logs.push(args.join(" "));
    try {
      const db = path.join(dir, "relayer.sqlite");
      expect(await cli(["dead", "--db", db])).toBe(0);
      expect(logs.filter((l) => l.includes("\tdead\t"))).toHaveLength(hostile.length);
      expect(await cli(["retry", hostile[0]!, "--db", db])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(["pending", "submitted", "dead"]).toContain(relayer.store.get(hostile[0]!)?.status);
    await waitFor(async () => relayer!.store.get(hostile[0]!)?.status === "dead", 30_000, "parked again");
  }, 300_000);
});
