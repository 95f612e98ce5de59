import { z } from "zod";
import { chainsEnv, host, listEnv, millis, parseConfig, port } from "../shared/config.js";

/** Relayer configuration, from the environment (see docs/bridge.md). */
export const relayerConfigSchema = z.object({
  SUANLI_BRIDGE_CHAINS: chainsEnv,
  SUANLI_VALIDATOR_URLS: listEnv(z.url()).pipe(z.array(z.url()).min(1, "at least one validator URL")),
  SUANLI_RELAYER_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected a 0x-prefixed 32-byte private key"),
  SUANLI_RELAYER_DB: z.string().min(1).default(".stack/relayer.sqlite"),
  SUANLI_RELAYER_HOST: host,
  SUANLI_RELAYER_PORT: port.default(8700),
  SUANLI_POLL_MS: millis.default(100),
  SUANLI_RELAYER_BATCH: z.coerce.number().int().min(1).max(1_000).default(200),
  SUANLI_RELAYER_TX_BATCH: z.coerce.number().int().min(1).max(200).default(40),
  SUANLI_RELAYER_MAX_BACKOFF_MS: millis.default(30_000),
  SUANLI_RELAYER_SUBMIT_TIMEOUT_MS: millis.default(60_000),
  SUANLI_RELAYER_GAS_MARGIN_PERCENT: z.coerce.number().int().min(0).max(500).default(20),
});

export type RelayerConfig = z.infer<typeof relayerConfigSchema>;

export function loadRelayerConfig(env: NodeJS.ProcessEnv = process.env): RelayerConfig {
  return parseConfig(relayerConfigSchema, env);
}

/** What the manual `relay` command needs: chains, validators and the caller's own key. */
export const relayCommandSchema = relayerConfigSchema.pick({
  SUANLI_BRIDGE_CHAINS: true,
  SUANLI_VALIDATOR_URLS: true,
  SUANLI_RELAYER_KEY: true,
});
