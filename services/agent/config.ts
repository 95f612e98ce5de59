import { z } from "zod";
import { address, host, millis, port } from "../shared/config.js";
import { HARDWARE_CLASSES, type HardwareClass } from "./core/energy.js";

const decimal = z.string().regex(/^[0-9]{1,78}$/, "expected a decimal integer");
const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.url().optional());

/** The node agent's environment (docs/edge.md lists every variable). */
export const agentConfigSchema = z
  .object({
    SUANLI_AGENT_RPC_URL: z.url(),
    SUANLI_AGENT_CHAIN_ID: z.coerce.bigint(),
    SUANLI_AGENT_INBOX: address,
    SUANLI_AGENT_RECEIPTS: address,
    SUANLI_AGENT_NODE_ID: decimal,
    /** Operator key from the environment, or an encrypted JSON keystore + its password. */
    SUANLI_AGENT_KEY: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/)
      .optional(),
    SUANLI_AGENT_KEYSTORE: z.string().min(1).optional(),
    SUANLI_AGENT_KEYSTORE_PASSWORD: z.string().optional(),
    /** The secret behind the node's identity commitment (proven receipts, AIGC creator commitment). */
    SUANLI_AGENT_NODE_SECRET: decimal.optional(),
    /** The coordinator whose EIP-191 signature authenticates pushes. */
    SUANLI_AGENT_COORDINATOR: address,
    SUANLI_AGENT_PUSH_MAX_SKEW_SEC: z.coerce.number().int().positive().default(60),
    SUANLI_AGENT_DATA_DIR: z.string().min(1),
    SUANLI_AGENT_HOST: host,
    SUANLI_AGENT_PORT: port.default(0),
    /** Blob store the job inputs are fetched from: GET <base>/v1/blobs/:commitment. */
    SUANLI_AGENT_INPUT_URL: z.url(),
    /** The REST API's base URL: outputs are uploaded with PUT <base>/v1/blobs/:commitment (best effort). */
    SUANLI_AGENT_RESULT_URL: optionalUrl,
    SUANLI_AGENT_RECEIPT_MODE: z.enum(["signed", "proven"]).default("proven"),
    /** Proven receipts finishing within this window go under one proof (ReceiptBatch8 for ≤ 8, ReceiptBatch ≤ 32). */
    SUANLI_AGENT_BATCH_WINDOW_MS: z.coerce.number().int().nonnegative().default(2_000),
    SUANLI_AGENT_HARDWARE: z
      .enum(Object.keys(HARDWARE_CLASSES) as [HardwareClass, ...HardwareClass[]])
      .default("cpu-server"),
    SUANLI_AGENT_WASM_MEMORY_MB: z.coerce.number().int().min(1).max(4096).default(64),
    SUANLI_AGENT_WASM_WALL_MS: millis.default(10_000),
    SUANLI_AGENT_POLL_MS: millis.default(1_000),
    /** Hub access for AIGC provenance (register after settlement); AIGC jobs fail without it. */
    SUANLI_AGENT_HUB_RPC_URL: optionalUrl,
    SUANLI_AGENT_HUB_JOB_MARKET: address.optional(),
    SUANLI_AGENT_HUB_MODELS: address.optional(),
    SUANLI_AGENT_HUB_PROVENANCE: address.optional(),
    /** Hub InferenceRegistry: verified-inference proofs are attested there after settlement (skipped without). */
    SUANLI_AGENT_HUB_INFERENCE: address.optional(),
  })
  .refine((c) => c.SUANLI_AGENT_KEY !== undefined || c.SUANLI_AGENT_KEYSTORE !== undefined, {
    message: "set SUANLI_AGENT_KEY or SUANLI_AGENT_KEYSTORE (+ SUANLI_AGENT_KEYSTORE_PASSWORD)",
    path: ["SUANLI_AGENT_KEY"],
  })
  .refine((c) => c.SUANLI_AGENT_RECEIPT_MODE === "signed" || c.SUANLI_AGENT_NODE_SECRET !== undefined, {
    message: "proven receipts need SUANLI_AGENT_NODE_SECRET",
    path: ["SUANLI_AGENT_NODE_SECRET"],
  });

export type AgentConfig = z.infer<typeof agentConfigSchema>;
