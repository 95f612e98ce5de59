/**
 * The API's door to the hub chain: policy and token facts (cached), and the two transactions it relays for
 * buyers — `createJobWithSig` and `cancelWithSig` — paid by the API's own gas key. It never signs for a buyer:
 * it checks the buyer's signatures locally first (so a bad request is a 4xx naming the field, not a reverted
 * transaction), simulates, then sends one transaction at a time.
 */
import {
  type JsonRpcProvider,
  type NonceManager,
  verifyTypedData,
  Signature,
  type TypedDataDomain,
} from "ethers";
import { chainProvider, managedSigner } from "../../shared/chain.js";
import { AppError, chainError, decodeRevert, revertData } from "../../shared/errors.js";
import {
  CANCEL_REQUEST_TYPES,
  JOB_REQUEST_TYPES,
  PERMIT_TYPES,
  jobMarketDomain,
} from "../../shared/typed-data.js";
import {
  type JobMarket,
  JobMarket__factory,
  type TestUSD,
  TestUSD__factory,
} from "../../../types/contracts/index.js";
import type { HubChain } from "../config.js";
import { TIERS, type Market, type SubmitJobRequest } from "../schemas.js";

export interface Policy {
  tierMultiplierBps: number[];
  latencyPenaltyBps: number;
  protocolFeeBps: number;
  settlementGraceSec: number;
}

const ERROR_INTERFACES = [JobMarket__factory.createInterface(), TestUSD__factory.createInterface()];
const POLICY_TTL_MS = 15_000;

const bad = (code: string, message: string, field: string, status = 400, details: object = {}) =>
  new AppError(code, message, { status, details: { field, ...details } });

/** Turns a simulation revert into a client error naming the contract error and its arguments. */
function simulationError(error: unknown): AppError {
  const data = revertData(error);
  if (!data) return chainError(error, ERROR_INTERFACES);
  const revert = decodeRevert(data, ERROR_INTERFACES);
  const conflict = ["JobMarketNonceUsed", "JobMarketInvalidStatus"].includes(revert.name);
  return new AppError("CHAIN_REVERTED", `the chain refuses the request: ${revert.name}`, {
    status: conflict ? 409 : 422,
    details: { revert },
  });
}

export class HubGateway {
  readonly provider: JsonRpcProvider;
  private readonly signer: NonceManager;
  private readonly market: JobMarket;
  private readonly token: TestUSD;
  private queue: Promise<unknown> = Promise.resolve();
  private policyCache?: { at: number; policy: Policy };
  private facts?: Market;

  constructor(
    private readonly hub: HubChain,
    key: string,
  ) {
    this.provider = chainProvider({ name: hub.name, domain: hub.domain, rpcUrl: hub.rpcUrl });
    this.signer = managedSigner(key, this.provider);
    this.market = JobMarket__factory.connect(hub.jobMarket, this.signer);
    this.token = TestUSD__factory.connect(hub.paymentToken, this.provider);
  }

  /** Chain id, contracts, token and policy (read once, policy refreshed every few seconds). */
  async marketFacts(): Promise<Market> {
    if (!this.facts) {
      const [domain, decimals] = await Promise.all([this.token.eip712Domain(), this.token.decimals()]);
      this.facts = {
        chainId: this.hub.domain,
        jobMarket: this.hub.jobMarket,
        paymentToken: {
          address: this.hub.paymentToken,
          name: domain.name,
          version: domain.version,
          decimals: Number(decimals),
        },
        policy: await this.policy(),
        gasRelayer: await this.signer.getAddress(),
      };
    }
    return { ...this.facts, policy: await this.policy() };
  }

  /** The pricing policy in force, cached for a few seconds. */
  async policy(): Promise<Policy> {
    if (this.policyCache && Date.now() - this.policyCache.at < POLICY_TTL_MS) return this.policyCache.policy;
    const p = await this.market.policy();
    const policy = {
      tierMultiplierBps: p.tierMultiplierBps.map(Number),
      latencyPenaltyBps: Number(p.latencyPenaltyBps),
      protocolFeeBps: Number(p.protocolFeeBps),
      settlementGraceSec: Number(p.settlementGraceSec),
    };
    this.policyCache = { at: Date.now(), policy };
    return policy;
  }

  /** The cached policy without a chain call (undefined before the first read). */
  cachedPolicy(): Policy | undefined {
    return this.policyCache?.policy;
  }

  permitNonce(owner: string): Promise<bigint> {
    return this.token.nonces(owner);
  }

  async now(): Promise<number> {
    return (await this.provider.getBlock("latest"))!.timestamp;
  }

  verifiedOutputCommitment(jobId: bigint): Promise<bigint> {
    return this.market.verifiedOutputCommitment(jobId);
  }

  /** Runs `fn` after every transaction queued before it (one nonce sequence, no gaps). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Sends a transaction; a nonce the node refuses (the local count went stale, e.g. after a reorg dropped
   * the gas account's transactions) resets the count from the chain and sends once more.
   */
  private async send<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      this.signer.reset();
      if (!/nonce/i.test(error instanceof Error ? error.message : String(error))) {
        throw chainError(error, ERROR_INTERFACES);
      }
      try {
        return await fn();
      } catch (again) {
        this.signer.reset();
        throw chainError(again, ERROR_INTERFACES);
      }
    }
  }

  private domain(): TypedDataDomain {
    return jobMarketDomain(BigInt(this.hub.domain), this.hub.jobMarket);
  }

  private async isContract(account: string): Promise<boolean> {
    return (await this.provider.getCode(account)) !== "0x";
  }

  /** Relays a buyer's signed job request with its permit; returns the new job id and transaction. */
  async submitJob(
    req: SubmitJobRequest,
  ): Promise<{ jobId: bigint; txHash: string; blockNumber: number; escrow: bigint }> {
    const spec = {
      resources: req.spec.resources,
      durationSec: req.spec.durationSec,
      tier: TIERS.indexOf(req.spec.tier),
      latencyBoundMs: req.spec.latencyBoundMs,
      deadline: BigInt(req.spec.deadline),
      maxUnitPrice: BigInt(req.spec.maxUnitPrice),
      inputCommitment: BigInt(req.spec.inputCommitment),
    };
    const nonce = BigInt(req.nonce);
    const expiry = BigInt(req.expiry);
    let signer: string;
    try {
      signer = verifyTypedData(
        this.domain(),
        JOB_REQUEST_TYPES,
        { buyer: req.buyer, ...spec, nonce, expiry },
        req.signature,
      );
    } catch {
      throw bad("INVALID_SIGNATURE", "signature is not a valid EIP-712 signature", "signature");
    }
    const buyerIsContract =
      signer.toLowerCase() !== req.buyer.toLowerCase() && (await this.isContract(req.buyer));
    if (signer.toLowerCase() !== req.buyer.toLowerCase() && !buyerIsContract) {
      throw bad(
        "INVALID_SIGNATURE",
        "signature is not the buyer's signature over this request",
        "signature",
        400,
        {
          recovered: signer,
        },
      );
    }
    let permitSig: Signature;
    try {
      permitSig = Signature.from({ v: req.permit.v, r: req.permit.r, s: req.permit.s });
    } catch {
      throw bad("INVALID_PERMIT", "permit v, r, s do not form a signature", "permit");
    }
    return this.serial(async () => {
      const now = await this.now();
      if (req.expiry < now) {
        throw bad("REQUEST_EXPIRED", `the request expired at ${req.expiry} (chain time ${now})`, "expiry");
      }
      if (req.spec.deadline <= now + req.spec.durationSec) {
        throw bad("INVALID_FIELD", "spec.deadline leaves less than durationSec from now", "spec.deadline");
      }
      if (await this.market.nonceUsed(req.buyer, nonce)) {
        throw bad("NONCE_USED", `nonce ${req.nonce} of ${req.buyer} is already used`, "nonce", 409);
      }
      const escrow = await this.market.quote(spec).catch((error: unknown) => {
        throw simulationError(error);
      });
      if (BigInt(req.permit.value) < escrow) {
        throw bad("PERMIT_TOO_SMALL", `permit.value is below the escrow ${escrow}`, "permit.value", 400, {
          escrow: escrow.toString(),
        });
      }
      const facts = await this.marketFacts();
      const permitNonce = await this.token.nonces(req.buyer);
      const permitValid = (() => {
        try {
          const owner = verifyTypedData(
            {
              name: facts.paymentToken.name,
              version: facts.paymentToken.version,
              chainId: BigInt(this.hub.domain),
              verifyingContract: this.hub.paymentToken,
            },
            PERMIT_TYPES,
            {
              owner: req.buyer,
              spender: this.hub.jobMarket,
              value: BigInt(req.permit.value),
              nonce: permitNonce,
              deadline: BigInt(req.permit.deadline),
            },
            permitSig,
          );
          return (
            BigInt(req.permit.deadline) >= BigInt(now) && owner.toLowerCase() === req.buyer.toLowerCase()
          );
        } catch {
          return false;
        }
      })();
      if (!permitValid && (await this.token.allowance(req.buyer, this.hub.jobMarket)) < escrow) {
        throw bad(
          "INVALID_PERMIT",
          "permit is not the buyer's valid permit for this market (spender, value, nonce or deadline differ) and no allowance covers the escrow",
          "permit",
        );
      }
      if ((await this.token.balanceOf(req.buyer)) < escrow) {
        throw bad("INSUFFICIENT_BALANCE", `the buyer holds less than the escrow ${escrow}`, "buyer", 400, {
          escrow: escrow.toString(),
        });
      }
      const args = [spec, req.buyer, nonce, expiry, req.signature, { ...req.permit }] as const;
      await this.market.createJobWithSig.staticCall(...args).catch((error: unknown) => {
        throw simulationError(error);
      });
      const tx = await this.send(() => this.market.createJobWithSig(...args));
      const receipt = await tx.wait();
      const created = receipt!.logs
        .map((log) => this.market.interface.parseLog(log))
        .find((parsed) => parsed?.name === "JobCreated");
      return {
        jobId: created!.args.jobId as bigint,
        txHash: tx.hash,
        blockNumber: receipt!.blockNumber,
        escrow,
      };
    });
  }

  /** Relays a buyer's signed cancel request for an open job. */
  async cancelJob(
    jobId: bigint,
    deadline: number,
    signature: string,
  ): Promise<{ txHash: string; refund: bigint }> {
    return this.serial(async () => {
      const job = await this.market.job(jobId);
      if (job.status === 0n)
        throw new AppError("JOB_NOT_FOUND", `job ${jobId} does not exist`, { status: 404 });
      let signer: string;
      try {
        signer = verifyTypedData(
          this.domain(),
          CANCEL_REQUEST_TYPES,
          { jobId, deadline: BigInt(deadline) },
          signature,
        );
      } catch {
        throw bad("INVALID_SIGNATURE", "signature is not a valid EIP-712 signature", "signature");
      }
      if (signer.toLowerCase() !== job.buyer.toLowerCase() && !(await this.isContract(job.buyer))) {
        throw bad("INVALID_SIGNATURE", "signature is not the job's buyer's cancel request", "signature");
      }
      const now = await this.now();
      if (deadline < now)
        throw bad("REQUEST_EXPIRED", `the cancel request expired at ${deadline}`, "deadline");
      if (job.status !== 1n) {
        throw new AppError(
          "JOB_NOT_OPEN",
          `job ${jobId} is no longer open (only open jobs can be cancelled)`,
          {
            status: 409,
            details: { status: Number(job.status) },
          },
        );
      }
      await this.market.cancelWithSig.staticCall(jobId, deadline, signature).catch((error: unknown) => {
        throw simulationError(error);
      });
      const tx = await this.send(() => this.market.cancelWithSig(jobId, deadline, signature));
      await tx.wait();
      return { txHash: tx.hash, refund: job.escrow };
    });
  }

  close(): void {
    this.provider.destroy();
  }
}
