import { z } from "zod";
import { address, host, jsonEnv, millis, port } from "../shared/config.js";

/** The regional coordinator's environment (docs/edge.md lists every variable). */
export const coordinatorConfigSchema = z
  .object({
    SUANLI_COORDINATOR_REGION: z.string().min(1),
    SUANLI_COORDINATOR_RPC_URL: z.url(),
    SUANLI_COORDINATOR_CHAIN_ID: z.coerce.bigint(),
    SUANLI_COORDINATOR_INBOX: address,
    SUANLI_COORDINATOR_REPORTER: address,
    SUANLI_COORDINATOR_KEY: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/)
      .optional(),
    SUANLI_COORDINATOR_KEYSTORE: z.string().min(1).optional(),
    SUANLI_COORDINATOR_KEYSTORE_PASSWORD: z.string().optional(),
    /** The region's agents: JSON [{ "nodeId": "<decimal>", "url": "http://127.0.0.1:9201" }]. */
    SUANLI_COORDINATOR_AGENTS: jsonEnv(
      z.array(z.object({ nodeId: z.string().regex(/^[0-9]{1,78}$/), url: z.url() })).max(64),
    ),
    /** 24 hourly gCO2/kWh values (UTC). */
    SUANLI_COORDINATOR_CARBON_CURVE: jsonEnv(z.array(z.number().int().min(0).max(2000)).length(24)),
    SUANLI_COORDINATOR_EPOCH_MS: millis.default(60_000),
    SUANLI_COORDINATOR_HEARTBEAT_MS: millis.default(1_000),
    SUANLI_COORDINATOR_SILENT_AFTER_MS: millis.default(5_000),
    SUANLI_COORDINATOR_POLL_MS: millis.default(1_000),
    SUANLI_COORDINATOR_DB: z.string().min(1),
    SUANLI_COORDINATOR_HOST: host,
    SUANLI_COORDINATOR_PORT: port.default(0),
  })
  .refine((c) => c.SUANLI_COORDINATOR_KEY !== undefined || c.SUANLI_COORDINATOR_KEYSTORE !== undefined, {
    message: "set SUANLI_COORDINATOR_KEY or SUANLI_COORDINATOR_KEYSTORE (+ _PASSWORD)",
    path: ["SUANLI_COORDINATOR_KEY"],
  });

export type CoordinatorConfig = z.infer<typeof coordinatorConfigSchema>;
