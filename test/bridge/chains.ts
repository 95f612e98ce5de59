import { network } from "hardhat";
import type { Mailbox } from "../../types/contracts/index.js";
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

/**
 * Whether the message `messageId` was delivered by `mailbox` (its `Processed` event): for tests that hold only
 * the id (`Mailbox.delivered` takes the envelope, whose origin nonce it looks up).
 */
export async function wasProcessed(mailbox: Mailbox, messageId: string): Promise<boolean> {
  return (await mailbox.queryFilter(mailbox.filters.Processed(messageId))).length > 0;
}
