/**
 * Starts the off-chain half of the bridge for a set of chains in this process: one validator per key and
 * one relayer, all on 127.0.0.1 with SQLite state under `dataDir`. Used by the local stack (`npm start`) and
 * the cross-chain integration test; production runs each as its own process (services/*\/main.ts).
 */
import path from "node:path";
import { Wallet } from "ethers";
import { ValidatorAnnounce__factory } from "../../types/contracts/index.js";
import { chainProvider } from "../shared/chain.js";
import type { Logger } from "../shared/logger.js";
import { type RelayerChain, relayerConfigSchema } from "../relayer/config.js";
import { type RunningRelayer, startRelayer } from "../relayer/service.js";
import { validatorConfigSchema } from "../validator/config.js";
import { type RunningValidator, startValidator } from "../validator/validator.js";

export interface BridgeServicesOptions {
  /** With `validatorAnnounce`, each validator's URL is announced there (signed by its key, sent by the relayer). */
  chains: RelayerChain[];
  /** Private keys of the validators (they only sign; they need no funds). */
  validatorKeys: string[];
  /** Funded key the relayer pays delivery gas with. */
  relayerKey: string;
  dataDir: string;
  pollMs?: number;
  /** 0 picks free ports. */
  validatorBasePort?: number;
  relayerPort?: number;
  logger?: Logger;
}

export interface BridgeServices {
  validators: RunningValidator[];
  relayer: RunningRelayer;
  stop(): Promise<void>;
}

export async function startBridgeServices(o: BridgeServicesOptions): Promise<BridgeServices> {
  const chainsJson = JSON.stringify(o.chains);
  const poll = String(o.pollMs ?? 100);
  const validators: RunningValidator[] = [];
  for (const [i, key] of o.validatorKeys.entries()) {
    const config = validatorConfigSchema.parse({
      SUANLI_BRIDGE_CHAINS: chainsJson,
      SUANLI_VALIDATOR_KEY: key,
      SUANLI_VALIDATOR_DB: path.join(o.dataDir, `validator-${i}.sqlite`),
      SUANLI_VALIDATOR_PORT: String(o.validatorBasePort ? o.validatorBasePort + i : 0),
      SUANLI_POLL_MS: poll,
    });
    validators.push(await startValidator(config, o.logger?.child({ service: `validator-${i}` })));
  }
  for (const chain of o.chains.filter((c) => c.validatorAnnounce)) {
    const sender = new Wallet(o.relayerKey, chainProvider(chain));
    const announce = ValidatorAnnounce__factory.connect(chain.validatorAnnounce!, sender);
    for (const v of validators) {
      const url = `http://127.0.0.1:${v.port}`;
      // Chains that outlive the stack (`npm start -- --chains external`) may hold this announcement already.
      if ((await announce.latestLocations([v.address]))[0] === url) continue;
      const signature = await v.signAnnouncement(await announce.announcementDigest(url));
      await (await announce.announce(v.address, url, signature)).wait();
    }
  }
  const announced = o.chains.some((c) => c.validatorAnnounce);
  const relayer = await startRelayer(
    relayerConfigSchema.parse({
      SUANLI_BRIDGE_CHAINS: chainsJson,
      // Announced validators are found on chain; otherwise they are listed here.
      SUANLI_VALIDATOR_URLS: announced ? "" : validators.map((v) => `http://127.0.0.1:${v.port}`).join(","),
      SUANLI_RELAYER_KEY: o.relayerKey,
      SUANLI_RELAYER_DB: path.join(o.dataDir, "relayer.sqlite"),
      SUANLI_RELAYER_PORT: String(o.relayerPort ?? 0),
      SUANLI_POLL_MS: poll,
      SUANLI_RELAYER_MAX_BACKOFF_MS: "1000",
    }),
    o.logger?.child({ service: "relayer" }),
  );
  return {
    validators,
    relayer,
    async stop() {
      await relayer.stop();
      await Promise.all(validators.map((v) => v.stop()));
    },
  };
}
