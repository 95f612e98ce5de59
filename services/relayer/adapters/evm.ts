import { Wallet, type JsonRpcProvider } from "ethers";
import {
  Mailbox__factory,
  MultisigIsm__factory,
  type Mailbox,
  type MultisigIsm,
} from "../../../types/contracts/index.js";
import { chainProvider } from "../../shared/chain.js";
import type { ChainConfig } from "../../shared/config.js";
import { readDispatches } from "../../shared/dispatches.js";
import { decodeEnvelope } from "../../shared/envelope.js";
import { AppError, chainError, decodeRevert } from "../../shared/errors.js";
import { HeadWatcher } from "../../shared/heads.js";
import type {
  ActiveSet,
  ChainGateway,
  Delivery,
  FailedDelivery,
  NewMessage,
  ReceiptOutcome,
} from "../core/types.js";
import { KNOWN_ERRORS } from "./abis.js";
import { Submitter, type RawReceipt } from "./submitter.js";

const MAILBOX = Mailbox__factory.createInterface();
const PROCESSED = MAILBOX.getEvent("Processed").topicHash;
const PROCESS_FAILED = MAILBOX.getEvent("ProcessFailed").topicHash;
const OUT_OF_GAS = /out of gas|gas required exceeds|intrinsic gas too low/i;

/**
 * A chain reached over JSON-RPC: reads Dispatched, queries the ISM, submits `processBatch` through the
 * account's `Submitter` (local nonces, gap repair) and follows the chain's head with one `HeadWatcher`.
 */
export class EvmGateway implements ChainGateway {
  readonly domain: number;
  readonly name: string;
  readonly mailbox: string;
  private readonly chain: ChainConfig;
  private readonly provider: JsonRpcProvider;
  private readonly heads: HeadWatcher;
  private readonly submitter: Submitter;
  private readonly mailboxContract: Mailbox;
  private readonly ism: MultisigIsm;

  constructor(
    chain: ChainConfig,
    privateKey: string,
    pollingMs = 100,
    onRepair?: (what: string, detail: Record<string, unknown>) => void,
  ) {
    this.chain = chain;
    this.domain = chain.domain;
    this.name = chain.name;
    this.mailbox = chain.mailbox;
    this.provider = chainProvider(chain, pollingMs);
    this.heads = new HeadWatcher(this.provider, chain.rpcUrl, pollingMs);
    const wallet = new Wallet(privateKey, this.provider);
    this.submitter = new Submitter(this.provider, wallet, chain.domain, this.heads, onRepair);
    this.mailboxContract = Mailbox__factory.connect(chain.mailbox, wallet);
    this.ism = MultisigIsm__factory.connect(chain.ism, this.provider);
  }

  nextHead(seen: number, maxWaitMs: number): Promise<number> {
    return this.heads.next(seen, maxWaitMs);
  }

  get subscribedToHeads(): boolean {
    return this.heads.subscribedToHeads;
  }

  close(): Promise<void> {
    return this.heads.stop();
  }

  async readDispatches(
    fromBlock: number,
    head?: number,
  ): Promise<{ dispatches: NewMessage[]; nextBlock: number; caughtUp: boolean }> {
    const { dispatches, nextBlock, caughtUp } = await this.call(() =>
      readDispatches(this.provider, this.chain, fromBlock, head),
    );
    return {
      nextBlock,
      caughtUp,
      dispatches: dispatches.map((d) => {
        const envelope = decodeEnvelope(d.message);
        return {
          id: d.messageId,
          origin: envelope.origin,
          destination: envelope.destination,
          nonce: envelope.nonce,
          message: d.message,
        };
      }),
    };
  }

  async activeSets(origin: number): Promise<ActiveSet[]> {
    return this.call(async () => {
      const [current, previousValidUntil, block] = await Promise.all([
        this.ism.currentVersion(origin),
        this.ism.previousValidUntil(origin),
        this.provider.getBlock("latest"),
      ]);
      const versions = [Number(current)];
      if (current > 1n && BigInt(block?.timestamp ?? 0) <= previousValidUntil)
        versions.push(Number(current) - 1);
      return Promise.all(
        versions
          .filter((v) => v > 0)
          .map(async (version) => {
            const [validators, threshold] = await this.ism.validatorSet(origin, version);
            return { version, validators: [...validators], threshold: Number(threshold) };
          }),
      );
    });
  }

  async estimateProcess(metadata: string, message: string): Promise<bigint> {
    return this.call(() => this.mailboxContract.process.estimateGas(metadata, message));
  }

  async submitProcess(metadata: string, message: string, gasLimit: bigint): Promise<string> {
    const data = MAILBOX.encodeFunctionData("process", [metadata, message]);
    return this.call(() => this.submitter.send({ to: this.mailbox, data, gasLimit }));
  }

  /**
   * Resolves with the transaction's outcome: mined (each message's fate from its logs), replaced at its
   * nonce, dropped by the node, or still unmined after `timeoutMs`. All waits of a chain share the
   * submitter's one check per head.
   */
  async waitForReceipt(txHash: string, timeoutMs: number): Promise<ReceiptOutcome> {
    const fate = await this.call(() => this.submitter.watch(txHash, timeoutMs));
    if (fate.status !== "mined") return fate;
    if (fate.receipt.status === "0x1") return outcomeOf(fate.receipt, this.mailbox);
    const gasUsed = BigInt(fate.receipt.gasUsed);
    return { status: "reverted", gasUsed, gasLimit: fate.gasLimit ?? gasUsed };
  }

  async checkBatch(deliveries: Delivery[]): Promise<(AppError | undefined)[]> {
    const [ok, reasons, gasUsed] = await this.call(() =>
      // Against the pending block: its timestamp is "now", which is what rate-limit refills are measured in.
      this.mailboxContract.processBatch.staticCall(
        deliveries.map((d) => d.metadata),
        deliveries.map((d) => d.message),
        deliveries.map((d) => d.gasLimit),
        { blockTag: "pending" },
      ),
    );
    return ok.map((delivered, i) =>
      delivered || gasUsed[i] === 0n ? undefined : failureOf(reasons[i] ?? "0x"),
    );
  }

  async submitBatch(deliveries: Delivery[], gasLimit: bigint): Promise<string> {
    const data = MAILBOX.encodeFunctionData("processBatch", [
      deliveries.map((d) => d.metadata),
      deliveries.map((d) => d.message),
      deliveries.map((d) => d.gasLimit),
    ]);
    return this.call(() => this.submitter.send({ to: this.mailbox, data, gasLimit }));
  }

  async isDelivered(message: string): Promise<boolean> {
    return this.call(() => this.mailboxContract.delivered(message));
  }

  async chainTime(): Promise<number> {
    return this.call(async () => (await this.provider.getBlock("latest"))?.timestamp ?? 0);
  }

  /** Runs a chain call; any failure becomes an `AppError` with the decoded revert or out-of-gas code. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const appError = chainError(error, KNOWN_ERRORS);
      if (appError.code === "CHAIN_ERROR" && OUT_OF_GAS.test(appError.message)) {
        throw new AppError("CHAIN_OUT_OF_GAS", appError.message, { status: 502, cause: error });
      }
      throw appError;
    }
  }
}

/** Each message's fate in a successful `processBatch` receipt: `Processed` or `ProcessFailed(reason)`. */
function outcomeOf(receipt: RawReceipt, mailbox: string): ReceiptOutcome {
  const mine = receipt.logs.filter((l) => l.address.toLowerCase() === mailbox.toLowerCase());
  const processed = mine.filter((l) => l.topics[0] === PROCESSED).map((l) => String(l.topics[1]));
  const failed: FailedDelivery[] = mine
    .filter((l) => l.topics[0] === PROCESS_FAILED)
    .map((l) => {
      const reason = String(MAILBOX.decodeEventLog("ProcessFailed", l.data, l.topics).reason);
      return { id: String(l.topics[1]), error: failureOf(reason) };
    });
  return { status: "success", processed, failed };
}

/** The error of a message that failed inside `processBatch`, from its (cut) revert data. */
function failureOf(data: string): AppError {
  // Empty revert data from the capped self-call is what running out of the message's gas cap looks like.
  if (data === "0x")
    return new AppError("CHAIN_OUT_OF_GAS", "process ran out of its gas cap inside the batch");
  const revert = decodeRevert(data, KNOWN_ERRORS);
  return new AppError("CHAIN_REVERTED", `reverted: ${revert.name}`, { status: 502, details: { revert } });
}
