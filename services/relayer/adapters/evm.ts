import { Interface, type JsonRpcProvider, type NonceManager } from "ethers";
import {
  GovernanceExecutor__factory,
  Mailbox__factory,
  MultisigIsm__factory,
  TestRecipient__factory,
  type Mailbox,
  type MultisigIsm,
} from "../../../types/contracts/index.js";
import { chainProvider, managedSigner } from "../../shared/chain.js";
import type { ChainConfig } from "../../shared/config.js";
import { readDispatches } from "../../shared/dispatches.js";
import { decodeEnvelope } from "../../shared/envelope.js";
import { AppError, chainError } from "../../shared/errors.js";
import type { ActiveSet, ChainGateway, NewMessage, ReceiptOutcome } from "../core/types.js";

/** ABIs whose custom errors the relayer decodes: the bridge's, and recipients' it knows. */
export const KNOWN_ERRORS: Interface[] = [
  Mailbox__factory.createInterface(),
  MultisigIsm__factory.createInterface(),
  GovernanceExecutor__factory.createInterface(),
  TestRecipient__factory.createInterface(),
  new Interface(["error Error(string)", "error Panic(uint256)"]),
];

const OUT_OF_GAS = /out of gas|gas required exceeds|intrinsic gas too low/i;

/** A chain reached over JSON-RPC with ethers: reads Dispatched, queries the ISM, submits `process`. */
export class EvmGateway implements ChainGateway {
  readonly domain: number;
  readonly name: string;
  private readonly chain: ChainConfig;
  private readonly provider: JsonRpcProvider;
  private readonly signer: NonceManager;
  private readonly mailbox: Mailbox;
  private readonly ism: MultisigIsm;
  private fees:
    { at: number; value: Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> } | undefined;

  constructor(chain: ChainConfig, privateKey: string, pollingMs = 100) {
    this.chain = chain;
    this.domain = chain.domain;
    this.name = chain.name;
    this.provider = chainProvider(chain, pollingMs);
    this.signer = managedSigner(privateKey, this.provider);
    this.mailbox = Mailbox__factory.connect(chain.mailbox, this.signer);
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
    return this.call(() => this.mailbox.process.estimateGas(metadata, message));
  }

  async submitProcess(metadata: string, message: string, gasLimit: bigint): Promise<string> {
    return this.call(async () => {
      const tx = await this.mailbox.process(metadata, message, { gasLimit, ...(await this.feeData()) });
      return tx.hash;
    });
  }

  async waitForReceipt(txHash: string, timeoutMs: number): Promise<ReceiptOutcome> {
    return this.call(async () => {
      let receipt;
      try {
        receipt = await this.provider.waitForTransaction(txHash, 1, timeoutMs);
      } catch (error) {
        if ((error as { code?: string }).code === "TIMEOUT") return { status: "timeout" } as const;
        throw error;
      }
      if (!receipt) return { status: "timeout" } as const;
      if (receipt.status === 1) return { status: "success" } as const;
      const tx = await this.provider.getTransaction(txHash);
      return {
        status: "reverted",
        gasUsed: receipt.gasUsed,
        gasLimit: tx?.gasLimit ?? receipt.gasUsed,
      } as const;
    });
  }

  async isDelivered(messageId: string): Promise<boolean> {
    return this.call(() => this.mailbox.delivered(messageId));
  }

  async chainTime(): Promise<number> {
    return this.call(async () => (await this.provider.getBlock("latest"))?.timestamp ?? 0);
  }

  resetNonce(): void {
    this.signer.reset();
  }

  /** Fee data, refreshed at most once a second (one RPC per batch rather than per transaction). */
  private feeData(): Promise<{ maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }> {
    if (!this.fees || Date.now() - this.fees.at > 1_000) {
      const value = this.provider.getFeeData().then((f) => ({
        maxFeePerGas: (f.maxFeePerGas ?? f.gasPrice ?? 1_000_000_000n) * 2n,
        maxPriorityFeePerGas: f.maxPriorityFeePerGas ?? 1_000_000n,
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
