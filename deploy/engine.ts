/**
 * The deploy engine: runs the plan of deploy/plan.ts on JSON-RPC chains, fast and resumable.
 *
 * - Pipelined: the transactions of a chain are signed with consecutive nonces and broadcast together; the
 *   chains run in parallel. A creation whose gas cannot be estimated yet (its constructor calls a contract
 *   still in flight) waits only for the transactions before it.
 * - Resumable: every signed transaction is in the journal (deploy/journal.ts) before it is broadcast. A
 *   restart re-reads the journal, recomputes the same plan from the recorded starting nonces, checks each
 *   recorded transaction against the chain (mined → confirmed; pending → re-broadcast byte for byte) and
 *   sends only the rest. Nothing confirmed is sent again.
 * - Safe: the parameters pass checkParams (deploy/params.ts) for every chain before anything is signed.
 * - Any signer: a wallet (a private key, or a NonceManager around one) signs offline as above; a signer that
 *   cannot sign offline (a node's own account: Hardhat's in-process accounts, `eth_sendTransaction`) is asked to
 *   send each transaction with its planned nonce instead. Such a deployment is journalled by hash only, so a
 *   pending transaction cannot be re-broadcast after an interruption; use a wallet for shared networks.
 * - Without `dir` the journal lives in memory and no records are written (in-process test worlds,
 *   deploy/suanli.ts `deployNetworks`).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { BaseWallet, keccak256, NonceManager, type Signer, type TransactionRequest } from "ethers";
import { AppError } from "../services/shared/errors.js";
import { type Journal, type JournalTx, loadJournal, saveJournal } from "./journal.js";
import { checkParams } from "./params.js";
import { type ChainStart, type PlannedTx, type PlanOptions, planDeployment } from "./plan.js";

export type DeployEvent =
  | { type: "chain"; chain: string; chainId: number; startNonce: number; resumed: boolean }
  | { type: "sent"; chain: string; count: number }
  | { type: "confirmed"; chain: string; confirmed: number; total: number }
  | { type: "done"; chain: string };

export interface DeployOptions extends PlanOptions {
  /** Folder of this deployment: journal.json and the records <chain>.json (none: an in-memory journal). */
  dir?: string;
  /** Signers (with their provider) per chain; one must be named "hub". */
  wallets: Record<string, Signer>;
  onEvent?: (e: DeployEvent) => void;
  /** Poll interval while waiting for receipts (ms). */
  pollMs?: number;
}

export interface DeployResult {
  /** Contract addresses per chain, as in the records. */
  records: Record<string, Record<string, string | number>>;
  /** Transactions of the plan, and how many this run broadcast. */
  transactions: number;
  sent: number;
  /** The journal file (undefined without `dir`). */
  journal?: string;
  /** Block number per chain when the deployment started there (where bridge followers start). */
  fromBlocks: Record<string, number>;
}

const fail = (code: string, message: string, details: Record<string, unknown> = {}): never => {
  throw new AppError(code, message, { status: 400, details });
};

/** The wallet that signs offline behind `signer`, if any (a NonceManager's own counter is not used). */
function offlineSigner(signer: Signer): BaseWallet | undefined {
  const inner = signer instanceof NonceManager ? signer.signer : signer;
  return inner instanceof BaseWallet ? inner : undefined;
}

async function startChain(name: string, signer: Signer, journal: Journal): Promise<ChainStart> {
  const provider = signer.provider!;
  const wallet = { address: await signer.getAddress() };
  const chainId = Number((await provider.getNetwork()).chainId);
  const known = journal.chains[name];
  if (known) {
    if (known.chainId !== chainId) {
      fail(
        "DEPLOY_CHAIN_MISMATCH",
        `${name}: the journal was written for chain ${known.chainId}, RPC serves ${chainId}`,
      );
    }
    if (known.deployer.toLowerCase() !== wallet.address.toLowerCase()) {
      fail(
        "DEPLOY_DEPLOYER_MISMATCH",
        `${name}: the journal's deployer is ${known.deployer}, not ${wallet.address}`,
      );
    }
    return known;
  }
  const [latest, pending, fromBlock] = await Promise.all([
    provider.getTransactionCount(wallet.address, "latest"),
    provider.getTransactionCount(wallet.address, "pending"),
    provider.getBlockNumber(),
  ]);
  if (pending !== latest) {
    fail(
      "DEPLOY_PENDING_TXS",
      `${name}: the deployer ${wallet.address} has ${pending - latest} pending transaction(s)`,
    );
  }
  journal.chains[name] = { chainId, deployer: wallet.address, startNonce: latest, fromBlock };
  return journal.chains[name]!;
}

const ignorable = (error: unknown) =>
  /already known|known transaction|nonce too low|nonce has already been used|already imported/i.test(
    (error as Error).message ?? "",
  );

async function broadcast(signer: Signer, raw: string): Promise<void> {
  if (raw === "") return; // sent by the node's own account: nothing to replay
  try {
    await signer.provider!.broadcastTransaction(raw);
  } catch (error) {
    if (!ignorable(error)) throw error;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Estimates a creation with a margin; undefined when it cannot be estimated in the current state. */
async function estimateCreation(wallet: ChainSigner, tx: PlannedTx): Promise<bigint | undefined> {
  try {
    const gas = await wallet.provider.estimateGas({ from: wallet.address, data: tx.data });
    return (gas * 13n) / 10n + 50_000n;
  } catch {
    return undefined;
  }
}

/** A chain's signer with its address and provider resolved, and its offline wallet when it has one. */
interface ChainSigner {
  signer: Signer;
  address: string;
  provider: NonNullable<Signer["provider"]>;
  offline?: BaseWallet;
}

class ChainRun {
  private sentThisRun = 0;

  constructor(
    private readonly name: string,
    private readonly wallet: ChainSigner,
    private readonly txs: PlannedTx[],
    private readonly journal: Journal,
    private readonly save: () => void,
    private readonly o: DeployOptions,
  ) {}

  get sent() {
    return this.sentThisRun;
  }

  private entry(tx: PlannedTx): JournalTx | undefined {
    return this.journal.txs[tx.id];
  }

  private async nonce(): Promise<number> {
    return this.wallet.provider.getTransactionCount(this.wallet.address, "latest");
  }

  /** Marks confirmed every journalled transaction below the chain's nonce; fails on a revert or a foreign tx. */
  private async confirmMined(): Promise<number> {
    const latest = await this.nonce();
    const open = this.txs.filter((t) => t.nonce < latest && this.entry(t)?.status !== "confirmed");
    const receipts = await Promise.all(
      open.map(async (t) => {
        const e = this.entry(t);
        if (!e) {
          return fail(
            "DEPLOY_NONCE_TAKEN",
            `${this.name}: nonce ${t.nonce} of ${this.wallet.address} was used by a transaction this deployment did not send (step ${t.id})`,
          );
        }
        return { t, e, r: await this.wallet.provider.getTransactionReceipt(e.hash) };
      }),
    );
    let changed = false;
    for (const { t, e, r } of receipts) {
      if (!r) {
        fail(
          "DEPLOY_NONCE_TAKEN",
          `${this.name}: nonce ${t.nonce} was mined but not with the journalled transaction ${e.hash} (step ${t.id})`,
        );
      }
      if (r!.status !== 1) fail("DEPLOY_REVERTED", `${this.name}: step ${t.id} reverted (tx ${e.hash})`);
      e.status = "confirmed";
      e.block = r!.blockNumber;
      changed = true;
    }
    if (changed) this.save();
    return latest;
  }

  private async fees(): Promise<Partial<TransactionRequest>> {
    const fee = await this.wallet.provider.getFeeData();
    if (fee.maxFeePerGas !== null && fee.maxPriorityFeePerGas !== null) {
      return { type: 2, maxFeePerGas: fee.maxFeePerGas, maxPriorityFeePerGas: fee.maxPriorityFeePerGas };
    }
    return { type: 0, gasPrice: fee.gasPrice ?? undefined };
  }

  /** Waits until the chain's nonce reaches `target`, confirming receipts as they come. */
  private async waitFor(target: number): Promise<void> {
    let last = -1;
    let quietSince = Date.now();
    for (;;) {
      const latest = await this.confirmMined();
      const confirmed = this.txs.filter((t) => this.entry(t)?.status === "confirmed").length;
      if (latest !== last) {
        this.o.onEvent?.({ type: "confirmed", chain: this.name, confirmed, total: this.txs.length });
        last = latest;
        quietSince = Date.now();
      }
      if (latest >= target) return;
      if (Date.now() - quietSince > 60_000) {
        // A node may drop transactions (restart, eviction): send the journalled bytes again.
        for (const t of this.txs) {
          const e = this.entry(t);
          if (t.nonce >= latest && e) await broadcast(this.wallet.signer, e.raw);
        }
        quietSince = Date.now();
      }
      await sleep(this.o.pollMs ?? 250);
    }
  }

  async run(): Promise<void> {
    const latest = await this.confirmMined();
    const end = this.txs.length === 0 ? latest : this.txs[this.txs.length - 1]!.nonce + 1;
    // Journalled but not mined: the same bytes again (a no-op if the node still holds them).
    const resend = this.txs.filter((t) => t.nonce >= latest && this.entry(t));
    for (const t of resend) await broadcast(this.wallet.signer, this.entry(t)!.raw);
    const fresh = this.txs.filter((t) => !this.entry(t));
    if (fresh.length > 0) {
      const fees = await this.fees();
      const chainId = this.journal.chains[this.name]!.chainId;
      const estimates = await Promise.all(
        fresh.map((t) =>
          t.to === undefined ? estimateCreation(this.wallet, t) : Promise.resolve(t.gasLimit),
        ),
      );
      let batch: { t: PlannedTx; raw: string; hash: string; request: TransactionRequest }[] = [];
      const record = (t: PlannedTx, hash: string, raw: string) => {
        this.journal.txs[t.id] = {
          chain: this.name,
          nonce: t.nonce,
          dataHash: keccak256(t.data),
          hash,
          raw,
          status: "sent",
          ...(t.address ? { address: t.address } : {}),
        };
      };
      const flush = async () => {
        if (batch.length === 0) return;
        if (this.wallet.offline) {
          for (const b of batch) record(b.t, b.hash, b.raw);
          this.save();
          for (const b of batch) await broadcast(this.wallet.signer, b.raw);
        } else {
          for (const b of batch) {
            const response = await this.wallet.signer.sendTransaction(b.request);
            record(b.t, response.hash, "");
          }
          this.save();
        }
        this.sentThisRun += batch.length;
        this.o.onEvent?.({ type: "sent", chain: this.name, count: batch.length });
        batch = [];
      };
      for (const [i, t] of fresh.entries()) {
        let gasLimit = estimates[i];
        if (gasLimit === undefined) {
          // The constructor needs contracts still in flight: send what is signed, wait for it, estimate again.
          await flush();
          await this.waitFor(t.nonce);
          gasLimit = await estimateCreation(this.wallet, t);
          if (gasLimit === undefined) {
            fail("DEPLOY_REVERTED", `${this.name}: step ${t.id} would revert (gas estimation failed)`);
          }
        }
        const request: TransactionRequest = {
          ...fees,
          chainId,
          nonce: t.nonce,
          to: t.to ?? null,
          data: t.data,
          gasLimit,
          value: 0n,
        };
        const raw = this.wallet.offline ? await this.wallet.offline.signTransaction(request) : "";
        batch.push({ t, raw, hash: raw ? keccak256(raw) : "", request });
      }
      await flush();
    }
    await this.waitFor(end);
    this.o.onEvent?.({ type: "done", chain: this.name });
  }
}

/** Records per chain: name, chain id, every planned address, the bridge's start block (regions: hub, owner). */
function records(
  plan: ReturnType<typeof planDeployment>,
  journal: Journal,
): Record<string, Record<string, string | number>> {
  const hubDomain = journal.chains.hub!.chainId;
  const out: Record<string, Record<string, string | number>> = {};
  for (const [name, contracts] of Object.entries(plan.contracts)) {
    const c = journal.chains[name]!;
    const base = {
      name,
      chainId: c.chainId,
      domain: c.chainId,
      messenger: contracts.mailbox!,
      bridgeFromBlock: c.fromBlock,
    };
    out[name] =
      name === "hub"
        ? { ...base, ...contracts }
        : { ...base, hubDomain, owner: contracts.governanceExecutor!, ...contracts };
  }
  return out;
}

/** Runs (or resumes) the deployment named by `o.dir` and writes `<dir>/<chain>.json` when complete. */
export async function deploy(o: DeployOptions): Promise<DeployResult> {
  if (!o.wallets.hub) fail("DEPLOY_NO_HUB", "a deployment needs a chain named hub");
  const journal = o.dir
    ? loadJournal(o.dir, path.basename(o.dir))
    : { version: 1 as const, name: "in-memory", chains: {}, txs: {} };
  for (const name of Object.keys(journal.chains)) {
    if (!o.wallets[name])
      fail("DEPLOY_CHAIN_MISSING", `the journal has chain ${name}; give it again to resume`);
  }
  const names = Object.keys(o.wallets);
  const signers: Record<string, ChainSigner> = {};
  for (const n of names) {
    const signer = o.wallets[n]!;
    if (!signer.provider) fail("DEPLOY_NO_PROVIDER", `${n}: the signer has no provider`);
    signers[n] = {
      signer,
      address: await signer.getAddress(),
      provider: signer.provider!,
      offline: offlineSigner(signer),
    };
  }
  const starts = await Promise.all(names.map((n) => startChain(n, o.wallets[n]!, journal)));
  // Before anything is signed: development parameters only where every chain is a development chain.
  for (const s of starts) checkParams(o.params, s.chainId, o.settlementLimit);
  const byName = Object.fromEntries(names.map((n, i) => [n, starts[i]!]));
  const plan = planDeployment(byName, o);
  for (const txs of Object.values(plan.txs)) {
    for (const t of txs) {
      const e = journal.txs[t.id];
      if (e && (e.nonce !== t.nonce || e.dataHash !== keccak256(t.data))) {
        fail(
          "DEPLOY_PLAN_CHANGED",
          `step ${t.id} differs from the journal (options changed since it was written); use a new deployment name`,
        );
      }
    }
  }
  const dir = o.dir;
  const save = dir ? () => saveJournal(dir, journal) : () => undefined;
  save();
  for (const [i, name] of names.entries()) {
    o.onEvent?.({
      type: "chain",
      chain: name,
      chainId: starts[i]!.chainId,
      startNonce: starts[i]!.startNonce,
      resumed: plan.txs[name]!.some((t) => journal.txs[t.id]),
    });
  }
  const runs = names.map((n) => new ChainRun(n, signers[n]!, plan.txs[n]!, journal, save, o));
  await Promise.all(runs.map((r) => r.run()));

  // Every planned contract must now hold code.
  for (const [name, contracts] of Object.entries(plan.contracts)) {
    const provider = o.wallets[name]!.provider!;
    const codes = await Promise.all(Object.values(contracts).map((a) => provider.getCode(a)));
    const empty = Object.keys(contracts).filter((_, i) => codes[i] === "0x");
    if (empty.length > 0) {
      fail("DEPLOY_NO_CODE", `${name}: no code at ${empty.join(", ")} after the deployment`);
    }
  }
  const out = records(plan, journal);
  if (dir) {
    mkdirSync(dir, { recursive: true });
    for (const [name, record] of Object.entries(out)) {
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(record, null, 2) + "\n");
    }
  }
  journal.completedAt ??= new Date().toISOString();
  save();
  return {
    records: out,
    transactions: Object.values(plan.txs).reduce((n, t) => n + t.length, 0),
    sent: runs.reduce((n, r) => n + r.sent, 0),
    ...(dir ? { journal: path.join(dir, "journal.json") } : {}),
    fromBlocks: Object.fromEntries(names.map((n) => [n, journal.chains[n]!.fromBlock])),
  };
}
