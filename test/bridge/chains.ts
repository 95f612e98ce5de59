import { network } from "hardhat";
import { CHAIN_NAMES, connectChain, type ChainName, type LocalChain } from "./harness.js";

/** Three in-process JSON-RPC chains (automine) on loopback. */
export async function startChains(): Promise<Record<ChainName, LocalChain>> {
  const entries = await Promise.all(
    CHAIN_NAMES.map(async (name) => {
      const server = await network.createServer(name, "127.0.0.1");
      const { port } = await server.listen();
      return [
        name,
        { ...(await connectChain(name, `http://127.0.0.1:${port}`)), close: () => server.close() },
      ] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as Record<ChainName, LocalChain>;
}
