import { AbiCoder, HDNodeWallet, JsonRpcProvider, Wallet, concat, toBeHex, type Signer } from "ethers";
import net from "node:net";
import { deployBridge as deployBridgeModule } from "../../deploy/bridge.js";
import {
  TestRecipient__factory,
  type Mailbox,
  type MultisigIsm,
  type TestRecipient,
  type ValidatorAnnounce,
} from "../../types/contracts/index.js";
import { addressToBytes32, chainProvider } from "../../services/shared/chain.js";
import type { ChainConfig } from "../../services/shared/config.js";
import { validatorConfigSchema } from "../../services/validator/config.js";
import { startValidator, type RunningValidator } from "../../services/validator/validator.js";

export const DOMAINS = { hub: 31_337, east: 31_338, west: 31_339 } as const;
export type ChainName = keyof typeof DOMAINS;
export const CHAIN_NAMES = Object.keys(DOMAINS) as ChainName[];

/** Hardhat's default funded accounts (the well-known development mnemonic). */
export function devAccount(index: number): HDNodeWallet {
  return HDNodeWallet.fromPhrase(
    "test test test test test test test test test test test junk",
    undefined,
    `m/44'/60'/0'/0/${index}`,
  );
}

export interface LocalChain {
  name: ChainName;
  domain: number;
  url: string;
  provider: JsonRpcProvider;
  /** Stops the chain when this process serves it. */
  close(): Promise<void>;
  /** Deploys and owns the bridge contracts here; the node signs for it (no local nonce bookkeeping). */
  deployer: Signer;
}

/** A chain already served at `url` (e.g. `hardhat node`); `close` is a no-op. */
export async function connectChain(name: ChainName, url: string): Promise<LocalChain> {
  const provider = chainProvider({ name, domain: DOMAINS[name], rpcUrl: url }, 50);
  const deployer = await provider.getSigner(0);
  return { name, domain: DOMAINS[name], url, provider, deployer, close: async () => undefined };
}

export interface BridgeDeployment {
  mailbox: Mailbox;
  ism: MultisigIsm;
  validatorAnnounce: ValidatorAnnounce;
  recipient: TestRecipient;
  fromBlock: number;
}

/**
 * Deploys the bridge with the deploy module (Mailbox + MultisigIsm on every chain, `validators` with threshold
 * `t` for every other origin) plus a TestRecipient per chain. The deployer owns everything.
 */
export async function deployBridge(
  chains: Record<ChainName, LocalChain>,
  validators: string[],
  threshold: number,
  gracePeriod = 3_600,
): Promise<Record<ChainName, BridgeDeployment>> {
  const signers = Object.fromEntries(Object.values(chains).map((c) => [c.name, c.deployer]));
  const deployed = await deployBridgeModule(signers, { validators, threshold, gracePeriodSec: gracePeriod });
  const out = {} as Record<ChainName, BridgeDeployment>;
  for (const chain of Object.values(chains)) {
    const { mailbox, ism, validatorAnnounce, fromBlock } = deployed[chain.name]!;
    const recipient = await new TestRecipient__factory(chain.deployer).deploy(
      await mailbox.getAddress(),
      await chain.deployer.getAddress(),
    );
    await recipient.waitForDeployment();
    out[chain.name] = { mailbox, ism, validatorAnnounce, recipient, fromBlock };
  }
  return out;
}

/** `SUANLI_BRIDGE_CHAINS` for the services. */
export function chainsConfig(
  chains: Record<ChainName, LocalChain>,
  bridge: Record<ChainName, BridgeDeployment>,
  urls: Partial<Record<ChainName, string>> = {},
): ChainConfig[] {
  return CHAIN_NAMES.map((name) => ({
    name,
    domain: chains[name].domain,
    rpcUrl: urls[name] ?? chains[name].url,
    mailbox: bridge[name].mailbox.target as string,
    ism: bridge[name].ism.target as string,
    fromBlock: bridge[name].fromBlock,
    confirmations: 0,
  }));
}

/** The bridge deployed on running chains: contracts, `SUANLI_BRIDGE_CHAINS`, and a funded user per chain. */
export interface BridgedChains {
  bridge: Record<ChainName, BridgeDeployment>;
  chainsJson: string;
  users: Record<ChainName, Signer>;
}

/** Deploys the bridge (validators `keys`, threshold `t`) on `chains`; account 1 of each chain is its user. */
export async function bridgeChains(
  chains: Record<ChainName, LocalChain>,
  keys: { address: string }[],
  threshold = 2,
): Promise<BridgedChains> {
  const bridge = await deployBridge(
    chains,
    keys.map((k) => k.address),
    threshold,
  );
  const users = {} as Record<ChainName, Signer>;
  for (const c of Object.values(chains)) users[c.name] = await c.provider.getSigner(1);
  return { bridge, chainsJson: JSON.stringify(chainsConfig(chains, bridge)), users };
}

/**
 * A validator service in this process polling every 50 ms, its database `db`; `key` is a wallet or the env
 * naming its key (e.g. an encrypted keystore).
 */
export function startTestValidator(
  chainsJson: string,
  key: { privateKey: string } | Record<string, string>,
  db: string,
): Promise<RunningValidator> {
  const keyEnv = "privateKey" in key ? { SUANLI_VALIDATOR_KEY: key.privateKey } : key;
  return startValidator(
    validatorConfigSchema.parse({
      SUANLI_BRIDGE_CHAINS: chainsJson,
      ...keyEnv,
      SUANLI_VALIDATOR_DB: db,
      SUANLI_VALIDATOR_PORT: "0",
      SUANLI_POLL_MS: "50",
    }),
  );
}

/** The relayer's env for a test: these validators, database `db`, dev account `key` pays, 50 ms polling. */
export function testRelayerEnv(
  chainsJson: string,
  validators: { port: number }[],
  db: string,
  key = 9,
): Record<string, string> {
  return {
    SUANLI_BRIDGE_CHAINS: chainsJson,
    SUANLI_VALIDATOR_URLS: validators.map((v) => `http://127.0.0.1:${v.port}`).join(","),
    SUANLI_RELAYER_KEY: devAccount(key).privateKey,
    SUANLI_RELAYER_DB: db,
    SUANLI_RELAYER_PORT: "0",
    SUANLI_POLL_MS: "50",
  };
}

/** A MessageLib body: version 1 ‖ kind ‖ abi.encode(payload). */
export function body(kind: number, payload: string): string {
  return concat([toBeHex(1, 1), toBeHex(kind, 1), payload]);
}

export const KIND = { GOVERNANCE_CALL: 3, RECEIPT_VERIFIED: 19, REGIONAL_REPORT: 20, ASSIGN: 1 } as const;

/** A `GOVERNANCE_CALL` body (MessageLib.GovernanceCall: target, value, data, sequence, expiresAt). */
export function governanceBody(
  target: string,
  data: string,
  sequence: number,
  expiresAt: number,
  value = 0n,
) {
  return body(
    KIND.GOVERNANCE_CALL,
    AbiCoder.defaultAbiCoder().encode(
      ["tuple(address,uint256,bytes,uint64,uint64)"],
      [[target, value, data, sequence, expiresAt]],
    ),
  );
}

/** A unique plain body (regional report kind) tagged with `tag`. */
export function tagged(tag: string | number): string {
  return body(KIND.REGIONAL_REPORT, AbiCoder.defaultAbiCoder().encode(["string"], [String(tag)]));
}

/** A settlement-kind (value-bearing) body tagged with `tag`. */
export function settlement(tag: number): string {
  const receipt = [tag, 1, 1, 2, 3, 100, 1_700_000_000, 5];
  return body(
    KIND.RECEIPT_VERIFIED,
    AbiCoder.defaultAbiCoder().encode(
      ["tuple(uint256,uint256,uint32,uint256,uint256,uint32,uint64,uint32)"],
      [receipt],
    ),
  );
}

/** Dispatches from `from` to the recipient on `to` with a funded sender; resolves once mined. */
export async function dispatch(
  sender: Signer,
  fromMailbox: Mailbox,
  to: { domain: number; recipient: string },
  payload: string,
): Promise<string> {
  const tx = await fromMailbox.connect(sender).dispatch(to.domain, addressToBytes32(to.recipient), payload);
  const receipt = await tx.wait();
  const log = receipt?.logs
    .map((l) => fromMailbox.interface.parseLog(l))
    .find((l) => l?.name === "Dispatched");
  if (!log) throw new Error("no Dispatched event");
  return String(log.args.messageId);
}

/** Polls `condition` until it holds or `timeoutMs` passes. */
export async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A TCP proxy to a JSON-RPC server that can be stopped and restarted on the same port (an RPC outage). */
export class RpcOutage {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: string) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    const { port } = new URL(this.target);
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(port), "127.0.0.1");
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, "127.0.0.1", resolve));
    const address = this.server.address();
    if (address && typeof address === "object") this.port = address.port;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** Fresh validator keys (they need no funds: they only sign). */
export function validatorKeys(n: number): Wallet[] {
  return Array.from({ length: n }, () => new Wallet(Wallet.createRandom().privateKey));
}
