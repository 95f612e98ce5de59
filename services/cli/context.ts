/**
 * Where the CLI finds things, in this order: command options, the environment, then the local stack's
 * manifest (`.stack/<SUANLI_STACK_BASE_PORT>/stack.json`, written by `npm start`).
 *
 *   RPC of chain <name>   SUANLI_<NAME>_RPC_URL, else the stack's chain URL
 *   deployment records    SUANLI_DEPLOYMENTS_DIR, else the stack's .stack/<base>/deployments
 *   REST API              --api, SUANLI_API_URL, else the stack's API port
 *   signing key           --key <keystore name> (keys.ts), else SUANLI_PRIVATE_KEY
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { JsonRpcProvider, Network, type Signer, Wallet } from "ethers";
import { parseBasePort, stackLayout } from "../stack/ports.js";
import { loadKey } from "./keys.js";
import { usage } from "./output.js";

export const ROOT = path.join(import.meta.dirname, "..", "..");

export function layout() {
  let base: number;
  try {
    base = parseBasePort(process.env.SUANLI_STACK_BASE_PORT);
  } catch (error) {
    return usage((error as Error).message);
  }
  return stackLayout(ROOT, base);
}

export interface StackManifest {
  basePort: number;
  chains: Record<string, string>;
  services: Record<string, unknown>;
}

export function manifest(): StackManifest | undefined {
  const file = layout().manifest;
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")) as StackManifest;
}

const envName = (chain: string) => `SUANLI_${chain.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_RPC_URL`;

/** A network given as a URL, or a name resolved through SUANLI_<NAME>_RPC_URL or the stack manifest. */
export function rpcUrl(network: string): string {
  if (/^https?:\/\//.test(network)) return network;
  if (!/^[a-zA-Z][a-zA-Z0-9_-]{0,31}$/.test(network))
    usage(`"${network}" is neither a network name nor an http(s) URL`);
  const fromEnv = process.env[envName(network)];
  if (fromEnv) return fromEnv;
  const fromStack = manifest()?.chains[network];
  if (fromStack) return fromStack;
  return usage(
    `no RPC URL for network "${network}": set ${envName(network)} or start the local stack (npm start)`,
  );
}

/** A provider for `network`, after checking the endpoint answers (5 s) so a dead RPC fails fast and clearly. */
export async function connect(network: string): Promise<JsonRpcProvider> {
  const url = rpcUrl(network);
  let chainId: number;
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(5_000),
    });
    const body = (await res.json()) as { result?: string };
    if (!body.result) throw new Error(`no chain id in the answer (HTTP ${res.status})`);
    chainId = Number(BigInt(body.result));
  } catch (error) {
    const e = error as { cause?: { code?: string }; name?: string; message?: string };
    const why = e.cause?.code ?? (e.name === "TimeoutError" ? "timed out after 5 s" : e.message);
    throw new Error(`cannot reach the ${network} RPC at ${url} (${why})`, { cause: error });
  }
  return new JsonRpcProvider(url, undefined, { staticNetwork: Network.from(chainId), cacheTimeout: -1 });
}

export function deploymentsDir(): string {
  const fromEnv = process.env.SUANLI_DEPLOYMENTS_DIR;
  if (fromEnv) return fromEnv;
  const dir = layout().deploymentsDir;
  if (existsSync(dir)) return dir;
  return usage("no deployment records: set SUANLI_DEPLOYMENTS_DIR or start the local stack (npm start)");
}

/** The deployment record `<chain>.json` (contract addresses and chain id). */
export function record(chain: string): Record<string, string> & { chainId: number } {
  const file = path.join(deploymentsDir(), `${chain}.json`);
  if (!existsSync(file)) usage(`no deployment record for chain "${chain}" (${file})`);
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, string> & { chainId: number };
}

/** Names of the region chains in the deployment records (every record but the hub's). */
export function regionNames(): string[] {
  return readdirSync(deploymentsDir())
    .filter((f) => f.endsWith(".json") && f !== "hub.json" && f !== "journal.json")
    .map((f) => f.slice(0, -5));
}

/** The signing key: `--key <name>` from the keystore, else SUANLI_PRIVATE_KEY. Never from an argument. */
export async function signer(provider: JsonRpcProvider, keyName: string | undefined): Promise<Signer> {
  if (keyName) return (await loadKey(keyName)).connect(provider);
  const raw = process.env.SUANLI_PRIVATE_KEY;
  if (!raw) return usage("no key: pass --key <keystore name> (suanli keys list) or set SUANLI_PRIVATE_KEY");
  if (!/^0x[0-9a-fA-F]{64}$/.test(raw))
    return usage("SUANLI_PRIVATE_KEY is not a 0x-prefixed 32-byte hex key");
  return new Wallet(raw, provider);
}

export function apiUrl(option: string | undefined): string {
  return option ?? process.env.SUANLI_API_URL ?? layout().url("api");
}
