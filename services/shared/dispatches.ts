import { AbiCoder, ParamType, toQuantity, type JsonRpcProvider } from "ethers";
import { Mailbox__factory } from "../../types/contracts/index.js";
import type { ChainConfig } from "./config.js";
import { messageIdOf } from "./envelope.js";

const mailboxInterface = Mailbox__factory.createInterface();
const DISPATCHED = mailboxInterface.getEvent("Dispatched").topicHash;
const MAX_RANGE = 2_000;
/** The non-indexed fields of `Dispatched`: `uint32 nonce, bytes message`. */
const DISPATCHED_DATA = [ParamType.from("uint32"), ParamType.from("bytes")];
const coder = AbiCoder.defaultAbiCoder();

interface RawLog {
  data: string;
  topics: string[];
  blockNumber: string;
  removed?: boolean;
}

/** A `Dispatched` event: the id and the envelope it commits to. */
export interface Dispatch {
  messageId: string;
  message: string;
  blockNumber: number;
}

/**
 * Reads the next range of `Dispatched` events from `fromBlock` (inclusive) up to the chain head (`chainHead`
 * when the caller follows it, else read now) minus `confirmations`, at most `MAX_RANGE` blocks. Returns the events, the block to read from next time and whether that is past the head;
 * an event whose id is not the hash of its envelope is dropped (a node lying about logs cannot make a
 * validator sign a forged id).
 */
export async function readDispatches(
  provider: JsonRpcProvider,
  chain: Pick<ChainConfig, "mailbox" | "confirmations">,
  fromBlock: number,
  chainHead?: number,
): Promise<{ dispatches: Dispatch[]; nextBlock: number; caughtUp: boolean }> {
  const head = (chainHead ?? (await provider.getBlockNumber())) - chain.confirmations;
  if (head < fromBlock) return { dispatches: [], nextBlock: fromBlock, caughtUp: true };
  const toBlock = Math.min(head, fromBlock + MAX_RANGE - 1);
  // Raw `eth_getLogs`: ethers' Log objects and `parseLog` cost more than the rest of indexing together.
  const logs = (await provider.send("eth_getLogs", [
    {
      address: chain.mailbox,
      topics: [DISPATCHED],
      fromBlock: toQuantity(fromBlock),
      toBlock: toQuantity(toBlock),
    },
  ])) as RawLog[];
  const dispatches: Dispatch[] = [];
  for (const log of logs) {
    if (log.removed) continue;
    const [, message] = coder.decode(DISPATCHED_DATA, log.data) as unknown as [bigint, string];
    const messageId = messageIdOf(message);
    if (messageId !== log.topics[1]?.toLowerCase()) continue;
    dispatches.push({ messageId, message, blockNumber: Number(log.blockNumber) });
  }
  return { dispatches, nextBlock: toBlock + 1, caughtUp: toBlock === head };
}

/** Finds the `Dispatched` event of `messageId` on a chain (for the manual `relay` command). */
export async function findDispatch(
  provider: JsonRpcProvider,
  chain: Pick<ChainConfig, "mailbox" | "fromBlock">,
  messageId: string,
): Promise<Dispatch | undefined> {
  const logs = await provider.getLogs({
    address: chain.mailbox,
    topics: [DISPATCHED, messageId],
    fromBlock: chain.fromBlock,
    toBlock: "latest",
  });
  const log = logs[0];
  if (!log) return undefined;
  const message = String(mailboxInterface.parseLog(log)?.args.message);
  return messageIdOf(message) === messageId
    ? { messageId, message, blockNumber: log.blockNumber }
    : undefined;
}
