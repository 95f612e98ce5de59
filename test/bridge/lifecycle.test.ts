import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeFile } from "node:fs/promises";
import { Wallet, encryptKeystoreJson, keccak256, type Signer } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  GovernanceDispatcher__factory,
  GovernanceExecutor__factory,
  TestRecipient__factory,
  SuanliTimelock__factory,
} from "../../types/contracts/index.js";
import { addressToBytes32 } from "../../services/shared/chain.js";
import { relayOne } from "../../services/relayer/cli.js";
import { relayerConfigSchema } from "../../services/relayer/config.js";
import { startRelayer, type RunningRelayer } from "../../services/relayer/service.js";
import type { RunningValidator } from "../../services/validator/validator.js";
import {
  DOMAINS,
  KIND,
  bridgeChains,
  chainsConfig,
  devAccount,
  dispatch,
  governanceBody,
  settlement,
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

const silent = { LOG_LEVEL: "silent" };

describe("bridge lifecycle: hub, east and west joined by 3 validators (t = 2) and the relayer", () => {
  let chains: Record<ChainName, LocalChain>;
  let bridge: Record<ChainName, BridgeDeployment>;
  let validators: RunningValidator[] = [];
  let relayer: RunningRelayer;
  let relayerUrl: string;
  let env: NodeJS.ProcessEnv;
  const dir = mkdtempSync(path.join(tmpdir(), "suanli-lifecycle-"));
  const keys = validatorKeys(3);
  const relayerKey = devAccount(9).privateKey;
  let users: Record<ChainName, Signer>;

  beforeAll(async () => {
    Object.assign(process.env, silent);
    chains = await startChains();
    let chainsJson: string;
    ({ bridge, chainsJson, users } = await bridgeChains(chains, keys));

    // One validator reads its key from an encrypted ethers keystore, the others from env.
    const keystore = path.join(dir, "validator-0.json");
    await writeFile(
      keystore,
      await encryptKeystoreJson(keys[0]!, "correct horse", { scrypt: { N: 1 << 12 } }),
    );
    validators = await Promise.all(
      keys.map((key, i) =>
        startTestValidator(
          chainsJson,
          i === 0
            ? { SUANLI_VALIDATOR_KEYSTORE: keystore, SUANLI_VALIDATOR_KEYSTORE_PASSWORD: "correct horse" }
            : key,
          path.join(dir, `validator-${i}.sqlite`),
        ),
      ),
    );
    expect(validators.map((v) => v.address)).toEqual(keys.map((k) => k.address));
    env = {
      ...testRelayerEnv(chainsJson, validators, path.join(dir, "relayer.sqlite")),
      SUANLI_RELAYER_MAX_BACKOFF_MS: "1000",
    };
    relayer = await startRelayer(relayerConfigSchema.parse(env));
    relayerUrl = `http://127.0.0.1:${relayer.port}`;
  });

  afterAll(async () => {
    await relayer?.stop();
    await Promise.all(validators.map((v) => v.stop()));
    await Promise.all(Object.values(chains ?? {}).map((c) => c.close()));
  });

  const delivered = (to: ChainName, id: string) => () => wasProcessed(bridge[to].mailbox, id);

  it("delivers messages on every lane exactly once, visible over HTTP", async () => {
    const lanes: [ChainName, ChainName][] = [
      ["hub", "east"],
      ["hub", "west"],
      ["east", "hub"],
      ["west", "hub"],
      ["east", "west"],
      ["west", "east"],
    ];
    const sent = await Promise.all(
      lanes.map(async ([from, to], i) => ({
        to,
        payload: tagged(`lane-${i}`),
        id: await dispatch(
          users[from],
          bridge[from].mailbox,
          {
            domain: DOMAINS[to],
            recipient: bridge[to].recipient.target as string,
          },
          tagged(`lane-${i}`),
        ),
      })),
    );
    for (const m of sent) await waitFor(delivered(m.to, m.id), 20_000, `delivery of ${m.id}`);
    for (const m of sent) {
      const hash = keccak256(m.payload);
      expect(await bridge[m.to].recipient.receivedCount(hash)).toBe(1n);
    }
    const status = await (await fetch(`${relayerUrl}/v1/messages/${sent[0]!.id}`)).json();
    expect(status).toMatchObject({ id: sent[0]!.id, status: "delivered", reason: null });
    const health = (await (await fetch(`${relayerUrl}/health`)).json()) as { status: string };
    expect(health.status).toBe("ok");
    const metrics = await (await fetch(`${relayerUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /relayer_messages_delivered_total\{[^}]*origin="hub",destination="east"[^}]*\} 1/,
    );
    const validatorHealth = (await (
      await fetch(`http://127.0.0.1:${validators[1]!.port}/health`)
    ).json()) as { signatures: number };
    expect(validatorHealth.signatures).toBeGreaterThanOrEqual(6);
    expect((await fetch(`http://127.0.0.1:${validators[1]!.port}/v1/signatures?ids=nope`)).status).toBe(400);
  });

  it("records a recipient revert as a decoded reason, and the relay command delivers once it is fixed", async () => {
    const recipient = bridge.east.recipient.connect(chains.east.deployer);
    await (await recipient.setRejecting(true)).wait();
    const id = await dispatch(
      users.hub,
      bridge.hub.mailbox,
      { domain: DOMAINS.east, recipient: recipient.target as string },
      tagged("stuck"),
    );
    await waitFor(async () => relayer.store.get(id)?.reason === "RECIPIENT_REVERTED", 20_000, "reason code");
    const listed = (await (await fetch(`${relayerUrl}/v1/messages`)).json()) as {
      messages: { id: string }[];
    };
    expect(listed.messages.find((m) => m.id === id)).toMatchObject({
      status: "pending",
      reason: "RECIPIENT_REVERTED",
      detail: expect.stringContaining("TestRecipientRejected"),
    });
    const manualOptions = {
      chains: chainsConfig(chains, bridge),
      key: devAccount(8).privateKey,
      validatorUrls: validators.map((v) => `http://127.0.0.1:${v.port}`),
    };
    const rejected = await relayOne(id, manualOptions);
    expect(rejected.status).toBe("RECIPIENT_REVERTED");
    // The recipient's own error, decoded, and the raw revert data.
    expect(rejected.detail).toMatch(
      /TestRecipientRejected\(bodyHash=0x[0-9a-f]{64}\) \[revert data 0x[0-9a-f]+\]/,
    );

    await (await recipient.setRejecting(false)).wait();
    // Anyone can deliver it with their own key, without waiting for the relayer's backoff.
    const manual = await relayOne(id, manualOptions);
    expect(["delivered", "already delivered"]).toContain(manual.status);
    expect(await wasProcessed(bridge.east.mailbox, id)).toBe(true);
    expect((await relayOne(id, manualOptions)).status).toBe("already delivered");
    await waitFor(async () => relayer.store.get(id)?.status === "delivered", 20_000, "relayer to notice");
  });

  it("holds settlement messages over the lane's rate limit and delivers them after refill", async () => {
    // 2 messages of burst, then 1 per second (3600/hour): 6 messages need ≥ 4 s of chain time.
    await (
      await bridge.hub.mailbox
        .connect(chains.hub.deployer)
        .setRateLimit(DOMAINS.east, KIND.RECEIPT_VERIFIED, 2, 3_600)
    ).wait();
    const to = { domain: DOMAINS.hub, recipient: bridge.hub.recipient.target as string };
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await dispatch(users.east, bridge.east.mailbox, to, settlement(i)));
    const reasons = new Set<string>();
    await waitFor(
      async () => {
        for (const id of ids) reasons.add(relayer.store.get(id)?.reason ?? "none");
        return (await Promise.all(ids.map((id) => wasProcessed(bridge.hub.mailbox, id)))).every(Boolean);
      },
      30_000,
      "rate-limited settlements",
    );
    expect(reasons).toContain("RATE_LIMITED");
    const blocks = await Promise.all(
      ids.map(async (id) => {
        const [log] = await bridge.hub.mailbox.queryFilter(bridge.hub.mailbox.filters.Processed(id));
        return (await log!.getBlock()).timestamp;
      }),
    );
    expect(Math.max(...blocks) - Math.min(...blocks)).toBeGreaterThanOrEqual(3);
    // Other kinds on the same lane are not limited.
    const plain = await dispatch(users.east, bridge.east.mailbox, to, tagged("not value-bearing"));
    await waitFor(delivered("hub", plain), 10_000, "plain message on a limited lane");
  });

  it("executes a hub Timelock call on a region through Dispatcher → Mailbox → GovernanceExecutor, and nothing else", async () => {
    const admin = chains.hub.deployer;
    const proposer = await admin.getAddress();
    const timelock = await new SuanliTimelock__factory(admin).deploy(1, [proposer], [proposer], proposer);
    await timelock.waitForDeployment();
    const dispatcher = await new GovernanceDispatcher__factory(admin).deploy(
      bridge.hub.mailbox.target,
      timelock.target,
    );
    await dispatcher.waitForDeployment();
    const executor = await new GovernanceExecutor__factory(chains.east.deployer).deploy(
      bridge.east.mailbox.target,
      DOMAINS.hub,
      dispatcher.target,
    );
    await executor.waitForDeployment();
    const param = await new TestRecipient__factory(chains.east.deployer).deploy(
      bridge.east.mailbox.target,
      executor.target,
    );
    await param.waitForDeployment();
    // Region parameters are owned by the executor: the ISM's grace period too.
    await (await bridge.east.ism.connect(chains.east.deployer).transferOwnership(executor.target)).wait();

    const call = (target: string, data: string) => ({ target, data });
    const govern = async (payload: { target: string; data: string }, salt: string) => {
      const data = dispatcher.interface.encodeFunctionData("send", [
        DOMAINS.east,
        addressToBytes32(executor.target as string),
        payload.target,
        0,
        payload.data,
        3_600,
      ]);
      const args = [dispatcher.target, 0, data, `0x${"0".repeat(64)}`, salt] as const;
      await (await timelock.schedule(...args, 1)).wait();
      await chains.hub.provider.send("evm_increaseTime", [2]);
      const receipt = await (await timelock.execute(...args)).wait();
      const log = receipt!.logs
        .map((l) => bridge.hub.mailbox.interface.parseLog(l))
        .find((l) => l?.name === "Dispatched");
      return String(log!.args.messageId);
    };
    const setParam = await govern(
      call(param.target as string, param.interface.encodeFunctionData("setParameter", [42])),
      `0x${"1".padStart(64, "0")}`,
    );
    const setGrace = await govern(
      call(
        bridge.east.ism.target as string,
        bridge.east.ism.interface.encodeFunctionData("setGracePeriod", [7_200]),
      ),
      `0x${"2".padStart(64, "0")}`,
    );
    await waitFor(delivered("east", setParam), 20_000, "governance call");
    await waitFor(delivered("east", setGrace), 20_000, "governance call");
    expect(await param.parameter()).toBe(42n);
    expect(await bridge.east.ism.gracePeriod()).toBe(7_200n);

    // The same call from anyone but the dispatcher stays undelivered with the executor's decoded error.
    const forged = await dispatch(
      users.hub,
      bridge.hub.mailbox,
      { domain: DOMAINS.east, recipient: executor.target as string },
      governanceBody(
        param.target as string,
        param.interface.encodeFunctionData("setParameter", [666]),
        2,
        2e9,
      ),
    );
    await waitFor(
      async () => relayer.store.get(forged)?.reason === "RECIPIENT_REVERTED",
      20_000,
      "forged governance reason",
    );
    expect(relayer.store.get(forged)?.detail).toContain("GovernanceExecutorUnauthorizedOrigin");
    expect(await param.parameter()).toBe(42n);
  });

  it("rejects a bad relayer key configuration with the variable named", () => {
    expect(() => relayerConfigSchema.parse({ ...env, SUANLI_RELAYER_KEY: "0x1234" })).toThrow(
      /SUANLI_RELAYER_KEY|private key/,
    );
    expect(new Wallet(relayerKey).address).toBe(devAccount(9).address);
  });
});
