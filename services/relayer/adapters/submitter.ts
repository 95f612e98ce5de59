import { keccak256, type JsonRpcProvider, type Wallet } from "ethers";
import type { HeadWatcher } from "../../shared/heads.js";

/** A transaction to send from the relayer's account (fees and nonce are the submitter's business). */
export interface TxRequest {
  to: string;
  data: string;
  gasLimit: bigint;
}

export interface Fees {
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/** A mined receipt as JSON-RPC returns it (only what the relayer reads). */
export interface RawReceipt {
  status: string;
  gasUsed: string;
  logs: { address: string; topics: string[]; data: string }[];
}

/** How a watched transaction ended: mined, or its nonce was taken by another one, or the node forgot it. */
export type TxFate =
  | { status: "mined"; receipt: RawReceipt; gasLimit: bigint | undefined }
  | { status: "replaced" }
  | { status: "dropped" }
  | { status: "timeout" };

/** A transaction the submitter sent: every signed version at its nonce and the last one broadcast. */
interface Submission {
  nonce: number;
  request: TxRequest;
  fees: Fees;
  hashes: string[];
  raw: string;
  /** The head when it was last (re)broadcast: it counts as stuck only some heads later. */
  sentHead: number;
}

interface Watch {
  hashes: string[];
  submission: Submission | undefined;
  since: number;
  deadline: number;
  resolve(fate: TxFate): void;
  reject(error: unknown): void;
}

/** Heads a transaction may sit unmined at the account's next nonce before the node is asked whether it knows it. */
const STUCK_HEADS = 1;
/** A replacement must outbid the transaction it replaces (nodes ask for +10 %; this is +50 %). */
const bump = (fees: Fees): Fees => ({
  maxFeePerGas: (fees.maxFeePerGas * 3n) / 2n + 1n,
  maxPriorityFeePerGas: (fees.maxPriorityFeePerGas * 3n) / 2n + 1n,
});
const ALREADY_KNOWN = /already known|already imported|known transaction/i;
const NONCE_USED = /nonce too low|nonce has already been used|nonce.*(?:lower|already)/i;
const UNDERPRICED = /underpriced|replacement|fee too low/i;

/**
 * One account on one chain: hands out nonces locally (transactions are pipelined, several per block), signs
 * and broadcasts raw transactions, and once per head collects receipts and repairs the nonce sequence.
 *
 * Nonces are never re-read while transactions are in flight: a send the node refused gives its nonce back
 * (the next send takes the lowest free nonce first), so no two transactions of ours share a nonce by
 * accident. Per head, the account's mined nonce (`latest`) says which of our transactions can still be
 * mined: one below it without a receipt was **replaced** (its nonce went to another transaction), and the
 * transaction *at* it, when still unmined `STUCK_HEADS` heads after its broadcast, is looked up — a node that
 * no longer knows it (dropped from the mempool, restarted) gets it again, or a replacement at the same nonce
 * with higher fees when the node refuses the original. A nonce at which we hold nothing while later
 * transactions wait (a gap: a send whose nonce was taken but that never reached the node, or a transaction
 * of ours another process knows nothing about) is filled with a 0-value transfer to ourselves. So one lost
 * transaction costs its lane a few blocks, never the submit timeout, and later transactions never wait
 * behind it.
 */
export class Submitter {
  private nextNonce: number | undefined;
  private syncing: Promise<void> | undefined;
  private readonly free: number[] = [];
  /** Nonces being signed or broadcast right now (taken, not yet tracked). */
  private readonly sending = new Set<number>();
  private readonly byNonce = new Map<number, Submission>();
  private readonly watches = new Set<Watch>();
  private gapSeenAt: { nonce: number; head: number } | undefined;
  private checker: Promise<void> | undefined;
  private fees: { at: number; value: Promise<Fees> } | undefined;

  constructor(
    private readonly provider: JsonRpcProvider,
    private readonly wallet: Wallet,
    private readonly chainId: number,
    private readonly heads: HeadWatcher,
    private readonly onRepair: (what: string, detail: Record<string, unknown>) => void = () => undefined,
  ) {}

  get address(): string {
    return this.wallet.address;
  }

  /** Signs and broadcasts `request` at the next nonce; returns its hash. Throws when the node refuses it. */
  async send(request: TxRequest): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const nonce = await this.take();
      this.sending.add(nonce);
      let signed: { raw: string; fees: Fees } | undefined;
      try {
        const fees = await this.feeData();
        signed = { raw: await this.sign(request, nonce, fees), fees };
        await this.broadcast(signed.raw);
      } catch (error) {
        const refusal = signed ? messageOf(error) : "";
        // Our count was behind (a send whose answer was lost did reach the node): skip past it and retry.
        if (attempt < 2 && NONCE_USED.test(refusal)) {
          this.sending.delete(nonce);
          await this.resync();
          continue;
        }
        // Refused as a replacement: the nonce holds a transaction we do not track; the gap repair handles it.
        if (!UNDERPRICED.test(refusal)) this.free.push(nonce);
        this.sending.delete(nonce);
        throw error;
      }
      const hash = keccak256(signed.raw);
      this.byNonce.set(nonce, { nonce, request, ...signed, hashes: [hash], sentHead: this.heads.latest });
      this.sending.delete(nonce);
      return hash;
    }
  }

  /**
   * Resolves with the transaction's fate. `txHash` may be one this process never sent (after a restart): it
   * is then followed by hash alone, and reported `dropped` once the node no longer knows it.
   */
  watch(txHash: string, timeoutMs: number): Promise<TxFate> {
    const submission = [...this.byNonce.values()].find((s) => s.hashes.includes(txHash));
    return new Promise((resolve, reject) => {
      this.watches.add({
        hashes: submission?.hashes ?? [txHash],
        submission,
        since: this.heads.latest,
        deadline: Date.now() + timeoutMs,
        resolve,
        reject,
      });
      this.checker ??= this.checkLoop().finally(() => (this.checker = undefined));
    });
  }

  private async take(): Promise<number> {
    if (this.nextNonce === undefined) await this.resync();
    if (this.free.length > 0) {
      this.free.sort((a, b) => a - b);
      return this.free.shift()!;
    }
    return this.nextNonce!++;
  }

  private resync(): Promise<void> {
    this.syncing ??= this.provider
      .getTransactionCount(this.wallet.address, "pending")
      .then((n) => {
        this.nextNonce = Math.max(this.nextNonce ?? 0, n);
        for (let i = this.free.length - 1; i >= 0; i--) if (this.free[i]! < n) this.free.splice(i, 1);
      })
      .finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private sign(request: TxRequest, nonce: number, fees: Fees): Promise<string> {
    return this.wallet.signTransaction({
      type: 2,
      chainId: this.chainId,
      nonce,
      to: request.to,
      data: request.data,
      gasLimit: request.gasLimit,
      value: 0n,
      ...fees,
    });
  }

  private async broadcast(raw: string): Promise<void> {
    try {
      await this.provider.send("eth_sendRawTransaction", [raw]);
    } catch (error) {
      if (!ALREADY_KNOWN.test(messageOf(error))) throw error;
    }
  }

  private async checkLoop(): Promise<void> {
    let seen = -1;
    while (this.watches.size > 0) {
      try {
        seen = await this.heads.next(seen, 1_000);
        await this.check(seen);
      } catch (error) {
        for (const w of this.watches) w.reject(error);
        this.watches.clear();
      }
    }
  }

  /** One round per head: the mined nonce first, then receipts (a receipt after the count is never missed). */
  private async check(head: number): Promise<void> {
    const mined = await this.provider.getTransactionCount(this.wallet.address, "latest");
    const watches = [...this.watches];
    const receipts = await Promise.all(
      watches.map(async (w) => {
        for (const hash of w.hashes) {
          const receipt = (await this.provider.send("eth_getTransactionReceipt", [
            hash,
          ])) as RawReceipt | null;
          if (receipt) return receipt;
        }
        return null;
      }),
    );
    const now = Date.now();
    for (const [i, w] of watches.entries()) {
      const receipt = receipts[i];
      let fate: TxFate | undefined;
      if (receipt) fate = { status: "mined", receipt, gasLimit: w.submission?.request.gasLimit };
      else if (w.submission && w.submission.nonce < mined) fate = { status: "replaced" };
      else if (!w.submission && head - w.since >= STUCK_HEADS && !(await this.known(w.hashes[0]!)))
        fate = { status: "dropped" };
      else if (w.deadline <= now) fate = { status: "timeout" };
      if (!fate) continue;
      this.watches.delete(w);
      if (w.submission) this.byNonce.delete(w.submission.nonce);
      w.resolve(fate);
    }
    for (const nonce of this.byNonce.keys()) if (nonce < mined) this.byNonce.delete(nonce);
    for (let i = this.free.length - 1; i >= 0; i--) if (this.free[i]! < mined) this.free.splice(i, 1);
    // A failed repair is tried again on the next head; it never fails the watches.
    await this.repair(mined, head).catch((error: unknown) =>
      this.onRepair("nonce repair failed; retried on the next head", {
        nonce: mined,
        error: messageOf(error),
      }),
    );
  }

  /** Re-sends or replaces the transaction at the account's next nonce, or fills a gap there. */
  private async repair(mined: number, head: number): Promise<void> {
    const waitingAbove = [...this.byNonce.keys()].some((n) => n > mined);
    const atNonce = this.byNonce.get(mined);
    if (atNonce) {
      this.gapSeenAt = undefined;
      if (head - atNonce.sentHead < STUCK_HEADS || (await this.known(atNonce.hashes.at(-1)!))) return;
      atNonce.sentHead = head;
      try {
        await this.provider.send("eth_sendRawTransaction", [atNonce.raw]);
        this.onRepair("re-sent a dropped transaction", { nonce: mined, tx: atNonce.hashes.at(-1) });
      } catch (error) {
        // Known after all, or mined meanwhile (the lookup raced the block): nothing to repair.
        if (ALREADY_KNOWN.test(messageOf(error)) || NONCE_USED.test(messageOf(error))) return;
        const fees = bump(atNonce.fees);
        const raw = await this.sign(atNonce.request, mined, fees);
        await this.broadcast(raw);
        Object.assign(atNonce, { fees, raw });
        atNonce.hashes.push(keccak256(raw));
        this.onRepair("replaced a lost transaction at its nonce", { nonce: mined, tx: keccak256(raw) });
      }
      return;
    }
    if (!waitingAbove || this.sending.has(mined)) {
      this.gapSeenAt = undefined;
      return;
    }
    // Seen on two heads in a row (a send in progress gets one head to land).
    if (this.gapSeenAt?.nonce !== mined) {
      this.gapSeenAt = { nonce: mined, head };
      return;
    }
    if (head === this.gapSeenAt.head) return;
    const index = this.free.indexOf(mined);
    if (index >= 0) this.free.splice(index, 1);
    // Twice the current fees: outbids a transaction of ours at this nonce that we no longer track.
    const fees = bump(bump(await this.feeData()));
    const filler = { to: this.wallet.address, data: "0x", gasLimit: 21_000n };
    const raw = await this.sign(filler, mined, fees);
    await this.broadcast(raw);
    this.byNonce.set(mined, {
      nonce: mined,
      request: filler,
      fees,
      hashes: [keccak256(raw)],
      raw,
      sentHead: head,
    });
    this.gapSeenAt = undefined;
    this.onRepair("filled a nonce gap", { nonce: mined, tx: keccak256(raw) });
  }

  private async known(hash: string): Promise<boolean> {
    return (await this.provider.send("eth_getTransactionByHash", [hash])) !== null;
  }

  /** Fee data, refreshed at most once a second (one RPC per batch rather than per transaction). */
  private feeData(): Promise<Fees> {
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
}

function messageOf(error: unknown): string {
  let text = "";
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === "object"; depth++) {
    const { message } = current as { message?: unknown };
    if (typeof message === "string") text += ` ${message}`;
    current =
      (current as { error?: unknown; cause?: unknown }).error ?? (current as { cause?: unknown }).cause;
  }
  return text || String(error);
}
