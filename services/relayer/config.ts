import { z } from "zod";
import { address, chainSchema, host, jsonEnv, listEnv, millis, parseConfig, port } from "../shared/config.js";

const gas = z.coerce.bigint().min(50_000n).max(30_000_000n);

/** A chain as the relayer sees it: optionally the `ValidatorAnnounce` where validators publish their URLs. */
export const relayerChainSchema = chainSchema.extend({ validatorAnnounce: address.optional() });

/** Relayer configuration, from the environment (see docs/bridge.md). */
export const relayerConfigSchema = z
  .object({
    SUANLI_BRIDGE_CHAINS: jsonEnv(
      z
        .array(relayerChainSchema)
        .min(1)
        .refine((c) => new Set(c.map((x) => x.domain)).size === c.length, "domains must be unique"),
    ),
    /** Validator signature stores; more are found in each chain's `ValidatorAnnounce`. */
    SUANLI_VALIDATOR_URLS: listEnv(z.url()).default([]),
    SUANLI_VALIDATOR_TIMEOUT_MS: millis.default(500),
    SUANLI_RELAYER_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected a 0x-prefixed 32-byte private key"),
    SUANLI_RELAYER_DB: z.string().min(1).default(".stack/relayer.sqlite"),
    SUANLI_RELAYER_HOST: host,
    SUANLI_RELAYER_PORT: port.default(8700),
    SUANLI_POLL_MS: millis.default(100),
    SUANLI_RELAYER_BATCH: z.coerce.number().int().min(1).max(1_000).default(200),
    SUANLI_RELAYER_TX_BATCH: z.coerce.number().int().min(1).max(200).default(40),
    SUANLI_RELAYER_MAX_BACKOFF_MS: millis.default(30_000),
    SUANLI_RELAYER_SUBMIT_TIMEOUT_MS: millis.default(60_000),
    SUANLI_RELAYER_GAS_PER_MESSAGE: gas.default(1_000_000n),
    SUANLI_RELAYER_MAX_GAS_PER_MESSAGE: gas.default(8_000_000n),
    SUANLI_RELAYER_EXPECTED_GAS: gas.default(150_000n),
    SUANLI_RELAYER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(6),
    SUANLI_RELAYER_STALL_MS: millis.default(30_000),
  })
  .refine(
    (c) => c.SUANLI_VALIDATOR_URLS.length > 0 || c.SUANLI_BRIDGE_CHAINS.some((x) => x.validatorAnnounce),
    {
      message: "give SUANLI_VALIDATOR_URLS or a validatorAnnounce address in SUANLI_BRIDGE_CHAINS",
      path: ["SUANLI_VALIDATOR_URLS"],
    },
  );

export type RelayerConfig = z.infer<typeof relayerConfigSchema>;
export type RelayerChain = z.infer<typeof relayerChainSchema>;

export function loadRelayerConfig(env: NodeJS.ProcessEnv = process.env): RelayerConfig {
  return parseConfig(relayerConfigSchema, env);
}
