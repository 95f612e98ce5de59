import { setTimeout as sleep } from "node:timers/promises";
import type { JsonRpcProvider, NonceManager } from "ethers";
import {
  Mailbox__factory,
  MultisigIsm__factory,
  type Mailbox,
  type MultisigIsm,
} from "../../../types/contracts/index.js";
import { chainProvider, managedSigner } from "../../shared/chain.js";
import type { ChainConfig } from "../../shared/config.js";
import { readDispatches } from "../../shared/dispatches.js";
import { decodeEnvelope } from "../../shared/envelope.js";
import { AppError, chainError, decodeRevert } from "../../shared/errors.js";
import type {
  ActiveSet,
  ChainGateway,
  Delivery,
  FailedDelivery,
  NewMessage,
  ReceiptOutcome,
} from "../core/types.js";
import { KNOWN_ERRORS } from "./abis.js";

const MAILBOX = Mailbox__factory.createInterface();
const PROCESSED = MAILBOX.getEvent("Processed").topicHash;
const PROCESS_FAILED = MAILBOX.getEvent("ProcessFailed").topicHash;
const OUT_OF_GAS = /out of gas|gas required exceeds|intrinsic gas too low/i;

/** A chain reached over JSON-RPC with ethers: reads Dispatched, queries the ISM, submits `process`. */
export class EvmGateway implements ChainGateway {
  readonly domain: number;
  readonly name: string;
  readonly mailbox: string;
  private readonly chain: ChainConfig;
  private readonly provider: JsonRpcProvider;
  private readonly signer: NonceManager;
  private readonly mailboxContract: Mailbox;
  private readonly ism: MultisigIsm;
  private readonly pollingMs: number;
  private readonly waiting = new Map<
    string,
    { resolve: (outcome: ReceiptOutcome) => void; reject: (error: AppError) => void; deadline: number }
  >();
  private receiptPoller: Promise<void> | undefined;
  private fees:
    { at: number; value: Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> } | undefined;

  constructor(chain: ChainConfig, privateKey: string, pollingMs = 100) {
    this.chain = chain;
    this.domain = chain.domain;
    this.name = chain.name;
    this.mailbox = chain.mailbox;
    this.pollingMs = pollingMs;
    this.provider = chainProvider(chain, pollingMs);
    this.signer = managedSigner(privateKey, this.provider);
    this.mailboxContract = Mailbox__factory.connect(chain.mailbox, this.signer);
    this.ism = MultisigIsm__factory.connect(chain.ism, this.provider);
  }

  async readDispatches(fromBlock: number): Promise<{ dispatches: NewMessage[]; nextBlock: number }> {
    const { dispatches, nextBlock } = await this.call(() =>
      readDispatches(this.provider, this.chain, fromBlock),
    );
    return {
      nextBlock,
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
    return this.call(async () => {
      const tx = await this.mailboxContract.process(metadata, message, {
        gasLimit,
        ...(await this.feeData()),
      });
      return tx.hash;
    });
  }

  /**
   * Resolves when the transaction is mined (or after `timeoutMs`). All waits of this chain share one poller
   * that asks for receipts once per new block, so hundreds of transactions in flight cost one round of
   * (JSON-RPC-batched) receipt queries per block rather than one query per transaction per poll.
   */
  waitForReceipt(txHash: string, timeoutMs: number): Promise<ReceiptOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.set(txHash, { resolve, reject, deadline: Date.now() + timeoutMs });
      this.receiptPoller ??= this.pollReceipts().finally(() => (this.receiptPoller = undefined));
    });
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
    return this.call(async () => {
      const tx = await this.mailboxContract.processBatch(
        deliveries.map((d) => d.metadata),
        deliveries.map((d) => d.message),
        deliveries.map((d) => d.gasLimit),
        { gasLimit, ...(await this.feeData()) },
      );
      return tx.hash;
    });
  }

  async isDelivered(messageId: string): Promise<boolean> {
    return this.call(() => this.mailboxContract.delivered(messageId));
  }

  async chainTime(): Promise<number> {
    return this.call(async () => (await this.provider.getBlock("latest"))?.timestamp ?? 0);
  }

  private async pollReceipts(): Promise<void> {
    let seenBlock = -1;
    while (this.waiting.size > 0) {
      try {
        const head = await this.provider.getBlockNumber();
        if (head !== seenBlock) {
          seenBlock = head;
          const hashes = [...this.waiting.keys()];
          const receipts = await Promise.all(hashes.map((h) => this.provider.getTransactionReceipt(h)));
          await Promise.all(
            receipts.map(async (receipt, i) => {
              const waiter = this.waiting.get(hashes[i]!);
              if (!receipt || !waiter) return;
              this.waiting.delete(hashes[i]!);
              if (receipt.status === 1) {
                const mine = receipt.logs.filter(
                  (l) => l.address.toLowerCase() === this.chain.mailbox.toLowerCase(),
                );
                const processed = mine
                  .filter((l) => l.topics[0] === PROCESSED)
                  .map((l) => String(l.topics[1]));
                const failed: FailedDelivery[] = mine
                  .filter((l) => l.topics[0] === PROCESS_FAILED)
                  .map((l) => {
                    const reason = String(MAILBOX.decodeEventLog("ProcessFailed", l.data, l.topics).reason);
                    return { id: String(l.topics[1]), error: failureOf(reason) };
                  });
                return waiter.resolve({ status: "success", processed, failed });
              }
              const tx = await this.provider.getTransaction(receipt.hash);
              waiter.resolve({
                status: "reverted",
                gasUsed: receipt.gasUsed,
                gasLimit: tx?.gasLimit ?? receipt.gasUsed,
              });
            }),
          );
        }
        const now = Date.now();
        for (const [hash, waiter] of this.waiting) {
          if (waiter.deadline <= now) {
            this.waiting.delete(hash);
            waiter.resolve({ status: "timeout" });
          }
        }
      } catch (error) {
        const appError = chainError(error, KNOWN_ERRORS);
        for (const waiter of this.waiting.values()) waiter.reject(appError);
        this.waiting.clear();
      }
      await sleep(this.pollingMs);
    }
  }

  resetNonce(): void {
    this.signer.reset();
  }

  /** Fee data, refreshed at most once a second (one RPC per batch rather than per transaction). */
  private feeData(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    if (!this.fees || Date.now() - this.fees.at > 1_000) {
      const value = this.provider.getFeeData().then((f) => ({
        maxFeePerGas: (f.maxFeePerGas ?? f.gasPrice ?? 1_000_000_000n) * 2n,
        // Twice the suggested tip: deliveries are ordered ahead of ordinary traffic competing for the block.
        maxPriorityFeePerGas: (f.maxPriorityFeePerGas ?? 1_000_000n) * 2n,
      }));
      value.catch(() => (this.fees = undefined));
      this.fees = { at: Date.now(), value };
    }
    return this.fees.value;
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

/** The error of a message that failed inside `processBatch`, from its (cut) revert data. */
function failureOf(data: string): AppError {
  // Empty revert data from the capped self-call is what running out of the message's gas cap looks like.
  if (data === "0x")
    return new AppError("CHAIN_OUT_OF_GAS", "process ran out of its gas cap inside the batch");
  const revert = decodeRevert(data, KNOWN_ERRORS);
  return new AppError("CHAIN_REVERTED", `reverted: ${revert.name}`, { status: 502, details: { revert } });
}
