import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Signer } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relayerConfigSchema } from "../../services/relayer/config.js";
import { startRelayer } from "../../services/relayer/service.js";
import type { RunningValidator } from "../../services/validator/validator.js";
import { startBridgeServices } from "../../services/stack/bridge-services.js";
import { startAnvilChains } from "./anvil.js";
import { wasProcessed } from "./chains.js";
import {
  DOMAINS,
  bridgeChains,
  chainsConfig,
  devAccount,
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

const CONFIRMATIONS = 3;

/**
 * Reorgs on anvil nodes (separate processes): validators sign only messages `confirmations` blocks deep, so a
 * dispatch that a reorg removes is never signed (nor delivered), and the lane keeps delivering afterwards.
 */
describe("bridge over anvil: confirmations against a reorg, and a stalled lane on /health", () => {
  let chains: Record<ChainName, LocalChain>;
  let bridge: Record<ChainName, BridgeDeployment>;
  const validators: RunningValidator[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), "suanli-reorg-"));
  const keys = validatorKeys(3);
  let users: Record<ChainName, Signer>;

  const validatorAt = async (i: number, confirmations: number) => {
    const json = JSON.stringify(chainsConfig(chains, bridge).map((c) => ({ ...c, confirmations })));
    const v = await startTestValidator(
      json,
      keys[i]!,
      path.join(dir, `validator-${i}-${confirmations}.sqlite`),
    );
    validators.push(v);
    return v;
  };
  const signed = async (v: RunningValidator, id: string) =>
    (
      (await (await fetch(`http://127.0.0.1:${v.port}/v1/signatures?ids=${id}`)).json()) as {
        signatures: unknown[];
      }
    ).signatures.length === 1;

  beforeAll(async () => {
    process.env.LOG_LEVEL = "silent";
    chains = await startAnvilChains();
    ({ bridge, users } = await bridgeChains(chains, keys));
  });

  afterAll(async () => {
    await Promise.all(validators.map((v) => v.stop()));
    await Promise.all(Object.values(chains ?? {}).map((c) => c.close()));
  });

  it(`does not sign a dispatch a reorg removed (${CONFIRMATIONS} confirmations) and keeps delivering`, async () => {
    const careful = await Promise.all([0, 1].map((i) => validatorAt(i, CONFIRMATIONS)));
    const hasty = await validatorAt(2, 0); // the old default: signs at once
    const to = { domain: DOMAINS.hub, recipient: bridge.hub.recipient.target as string };

    const orphan = await dispatch(users.east, bridge.east.mailbox, to, tagged("reorged away"));
    await waitFor(() => signed(hasty, orphan), 10_000, "the 0-confirmation validator to sign");
    expect(await Promise.all(careful.map((v) => signed(v, orphan)))).toEqual([false, false]);
    // The block holding the dispatch is replaced by an empty one, then the chain grows past the confirmations.
    await chains.east.provider.send("anvil_reorg", [1, []]);
    await chains.east.provider.send("anvil_mine", [CONFIRMATIONS + 2]);
    const after = await dispatch(users.east, bridge.east.mailbox, to, tagged("after the reorg"));
    await chains.east.provider.send("anvil_mine", [CONFIRMATIONS + 1]);
    await waitFor(
      async () => (await Promise.all(careful.map((v) => signed(v, after)))).every(Boolean),
      15_000,
      "the confirmed message signed",
    );
    expect(await Promise.all(careful.map((v) => signed(v, orphan)))).toEqual([false, false]);
    expect(await signed(hasty, orphan)).toBe(true); // what a 0-confirmation validator would have attested

    const relayer = await startRelayer(
      relayerConfigSchema.parse(
        testRelayerEnv(
          JSON.stringify(chainsConfig(chains, bridge).map((c) => ({ ...c, confirmations: CONFIRMATIONS }))),
          careful,
          path.join(dir, "relayer.sqlite"),
        ),
      ),
    );
    try {
      await waitFor(() => wasProcessed(bridge.hub.mailbox, after), 20_000, "delivery after the reorg");
      expect(await wasProcessed(bridge.hub.mailbox, orphan)).toBe(false);
      expect(relayer.store.get(orphan)).toBeUndefined(); // the relayer never indexed it either
    } finally {
      await relayer.stop();
    }
  });

  it("runs the stack's bridge services with validator endpoints found only in ValidatorAnnounce", async () => {
    const services = await startBridgeServices({
      chains: chainsConfig(chains, bridge).map((c) => ({
        ...c,
        validatorAnnounce: bridge[c.name as ChainName].validatorAnnounce.target as string,
      })),
      validatorKeys: keys.map((k) => k.privateKey),
      relayerKey: devAccount(7).privateKey,
      dataDir: path.join(dir, "services"),
      pollMs: 50,
    });
    try {
      const id = await dispatch(
        users.hub,
        bridge.hub.mailbox,
        { domain: DOMAINS.west, recipient: bridge.west.recipient.target as string },
        tagged("announced"),
      );
      await waitFor(
        () => wasProcessed(bridge.west.mailbox, id),
        20_000,
        "delivery through announced validators",
      );
      const announced = await bridge.hub.validatorAnnounce.latestLocations(keys.map((k) => k.address));
      expect(announced).toEqual(services.validators.map((v) => `http://127.0.0.1:${v.port}`));
      const health = (await (await fetch(`http://127.0.0.1:${services.relayer.port}/health`)).json()) as {
        validators: { url: string }[];
      };
      expect(health.validators.map((v) => v.url).sort()).toEqual([...announced].sort());
    } finally {
      await services.stop();
    }
  });

  it("reports a lane with messages and no delivery for longer than the stall window on /health", async () => {
    // No validator endpoint answers: messages wait for signatures and the lane stalls visibly.
    const relayer = await startRelayer(
      relayerConfigSchema.parse({
        ...testRelayerEnv(
          JSON.stringify(chainsConfig(chains, bridge)),
          [],
          path.join(dir, "stalled.sqlite"),
          8,
        ),
        SUANLI_VALIDATOR_URLS: "http://127.0.0.1:9",
        SUANLI_RELAYER_STALL_MS: "1000",
      }),
    );
    try {
      await dispatch(
        users.west,
        bridge.west.mailbox,
        { domain: DOMAINS.hub, recipient: bridge.hub.recipient.target as string },
        tagged("stuck"),
      );
      type Health = { status: string; stalledLanes: { origin: string; destination: string }[] };
      const health = async () =>
        (await (await fetch(`http://127.0.0.1:${relayer.port}/health`)).json()) as Health;
      const westToHub = (h: Health) =>
        h.stalledLanes.some((l) => l.origin === "west" && l.destination === "hub");
      await waitFor(async () => westToHub(await health()), 15_000, "west→hub stalled on /health");
      expect((await health()).status).toBe("stalled");
    } finally {
      await relayer.stop();
    }
  });
});
