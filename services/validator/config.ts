import { z } from "zod";
import { chainsEnv, host, listEnv, millis, parseConfig, port } from "../shared/config.js";

/** Validator configuration, from the environment (see docs/bridge.md). */
export const validatorConfigSchema = z
  .object({
    SUANLI_BRIDGE_CHAINS: chainsEnv,
    /** Names of the chains this validator attests (default: all). */
    SUANLI_VALIDATOR_ORIGINS: listEnv(z.string()).optional(),
    SUANLI_VALIDATOR_KEY: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/, "expected a 0x-prefixed 32-byte private key")
      .optional(),
    SUANLI_VALIDATOR_KEYSTORE: z.string().min(1).optional(),
    SUANLI_VALIDATOR_KEYSTORE_PASSWORD: z.string().optional(),
    SUANLI_VALIDATOR_DB: z.string().min(1).default(".stack/validator.sqlite"),
    SUANLI_VALIDATOR_HOST: host,
    SUANLI_VALIDATOR_PORT: port.default(8701),
    SUANLI_POLL_MS: millis.default(100),
  })
  .refine((c) => (c.SUANLI_VALIDATOR_KEY === undefined) !== (c.SUANLI_VALIDATOR_KEYSTORE === undefined), {
    message: "set exactly one of SUANLI_VALIDATOR_KEY or SUANLI_VALIDATOR_KEYSTORE",
    path: ["SUANLI_VALIDATOR_KEY"],
  })
  .refine(
    (c) => c.SUANLI_VALIDATOR_KEYSTORE === undefined || c.SUANLI_VALIDATOR_KEYSTORE_PASSWORD !== undefined,
    {
      message: "SUANLI_VALIDATOR_KEYSTORE needs SUANLI_VALIDATOR_KEYSTORE_PASSWORD",
      path: ["SUANLI_VALIDATOR_KEYSTORE_PASSWORD"],
    },
  );

export type ValidatorConfig = z.infer<typeof validatorConfigSchema>;

export function loadValidatorConfig(env: NodeJS.ProcessEnv = process.env): ValidatorConfig {
  return parseConfig(validatorConfigSchema, env);
}
