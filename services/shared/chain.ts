import { JsonRpcProvider, Network, NonceManager, Wallet } from "ethers";
import type { ChainConfig } from "./config.js";

/**
 * A provider for one chain: static network (no chain-id probe per call), no request cache (ethers' 250 ms
 * cache returns stale nonces for back-to-back transactions) and fast polling for receipts.
 */
export function chainProvider(
  chain: Pick<ChainConfig, "rpcUrl" | "domain" | "name">,
  pollingMs = 100,
): JsonRpcProvider {
  const network = new Network(chain.name, chain.domain);
  const provider = new JsonRpcProvider(chain.rpcUrl, network, {
    staticNetwork: network,
    cacheTimeout: -1,
    pollingInterval: pollingMs,
  });
  return provider;
}

/** A signer that hands out nonces locally (pipelined transactions); `reset()` after a failed send. */
export function managedSigner(privateKey: string, provider: JsonRpcProvider): NonceManager {
  return new NonceManager(new Wallet(privateKey, provider));
}

/** Left-pads an address to the 32-byte form used in envelopes. */
export function addressToBytes32(address: string): string {
  return `0x${address.toLowerCase().replace(/^0x/, "").padStart(64, "0")}`;
}

/** The address in a left-padded 32-byte value. */
export function bytes32ToAddress(value: string): string {
  return `0x${value.slice(-40)}`;
}
