import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { address } from "../shared/config.js";
import { AppError } from "../shared/errors.js";
import type { RelayerChain } from "./config.js";

const recordSchema = z.object({
  name: z.string().min(1),
  chainId: z.number().int().nonnegative(),
  mailbox: address,
  ism: address,
  bridgeFromBlock: z.number().int().nonnegative().default(0),
  validatorAnnounce: address.optional(),
  rpcUrl: z.url().optional(),
});

/**
 * The bridge chains of a deployment, from its records `deploy/deployments/<network>/*.json` (written by
 * `deploy/suanli.ts`). The JSON-RPC URL of chain `<name>` is the record's `rpcUrl`, else
 * `SUANLI_<NAME>_RPC_URL`, else — for the `local` network only — the local stack's port
 * (`SUANLI_STACK_BASE_PORT`, default 8545, plus the chain's rank by chain id: hub, east, west).
 */
export function chainsFromDeployments(dir: string, network: string, env: NodeJS.ProcessEnv): RelayerChain[] {
  if (!existsSync(dir)) {
    throw new AppError("NOT_FOUND", `no deployment records in ${dir} (deploy first, e.g. npm start)`, {
      status: 404,
    });
  }
  const records = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => ({
      file: f,
      parsed: recordSchema.safeParse(JSON.parse(readFileSync(path.join(dir, f), "utf8"))),
    }))
    .filter((r) => r.parsed.success)
    .map((r) => r.parsed.data!)
    .sort((a, b) => a.chainId - b.chainId);
  if (records.length === 0)
    throw new AppError("NOT_FOUND", `no record in ${dir} names a bridge (mailbox, ism)`, { status: 404 });
  const basePort = Number(env.SUANLI_STACK_BASE_PORT ?? 8545);
  return records.map((r, rank) => {
    const rpcUrl =
      r.rpcUrl ??
      env[`SUANLI_${r.name.toUpperCase()}_RPC_URL`] ??
      (network === "local" ? `http://127.0.0.1:${basePort + rank}` : undefined);
    if (!rpcUrl) {
      throw new AppError(
        "CONFIG_INVALID",
        `no JSON-RPC URL for ${r.name}: set SUANLI_${r.name.toUpperCase()}_RPC_URL`,
      );
    }
    return {
      name: r.name,
      domain: r.chainId,
      rpcUrl,
      mailbox: r.mailbox,
      ism: r.ism,
      fromBlock: r.bridgeFromBlock,
      confirmations: 0,
      ...(r.validatorAnnounce ? { validatorAnnounce: r.validatorAnnounce } : {}),
    };
  });
}
