/**
 * The deploy command against three anvil nodes with 1-second blocks: a full deploy completes and leaves a
 * governed, wired network; a deploy killed halfway (SIGKILL of the CLI process) and started again completes
 * without redeploying anything it had confirmed (same addresses, same transactions, nonce count = plan).
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcProvider, zeroPadValue } from "ethers";
import { type Anvil, startAnvil } from "../../deploy/anvil.js";
import type { Journal } from "../../deploy/journal.js";
import { DEV_ACCOUNTS, devWallet } from "../../services/stack/accounts.js";
import {
  JobMarket__factory,
  NodeIndex__factory,
  ReceiptRegistry__factory,
  StakeManager__factory,
} from "../../types/contracts/index.js";
import { hasStackTrace, spawnSuanli, suanli } from "../cli/run.js";

const CHAINS = ["hub", "east", "west"] as const;
const deployer = devWallet(DEV_ACCOUNTS.deployer);
const env = { SUANLI_PRIVATE_KEY: deployer.privateKey };

describe("suanli deploy on three anvil nodes (1-second blocks)", () => {
  const nodes: Anvil[] = [];
  const providers: JsonRpcProvider[] = [];
  let work: string;

  beforeAll(async () => {
    for (const i of CHAINS.keys()) nodes.push(await startAnvil(31_337 + i, 1));
    for (const n of nodes) providers.push(new JsonRpcProvider(n.url, undefined, { cacheTimeout: -1 }));
    work = await mkdtemp(path.join(tmpdir(), "suanli-anvil-deploy-"));
  }, 60_000);
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
  });

  const args = (dir: string) => [
    "deploy",
    "--hub",
    nodes[0]!.url,
    "--region",
    `east=${nodes[1]!.url}`,
    "--region",
    `west=${nodes[2]!.url}`,
    "--validators",
    DEV_ACCOUNTS.validators.map((i) => devWallet(i).address).join(","),
    "--threshold",
    "2",
    "--dir",
    dir,
    "--json",
  ];
  const nonces = () => Promise.all(providers.map((p) => p.getTransactionCount(deployer.address, "latest")));
  const journalOf = (dir: string) =>
    JSON.parse(readFileSync(path.join(dir, "journal.json"), "utf8")) as Journal;

  it("deploys, wires and hands over hub, east and west", async () => {
    const dir = path.join(work, "full");
    const before = await nonces();
    const r = await suanli(args(dir), env);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(hasStackTrace(r)).toBe(false);
    const out = JSON.parse(r.stdout) as {
      transactions: number;
      records: Record<string, Record<string, string>>;
    };
    const after = await nonces();
    // Exactly the planned transactions, no more.
    expect(after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)).toBe(out.transactions);
    const hub = out.records.hub!;
    const jobMarket = JobMarket__factory.connect(hub.jobMarket!, providers[0]!);
    expect(await jobMarket.owner()).toBe(hub.timelock);
    expect(await StakeManager__factory.connect(hub.stakeManager!, providers[0]!).owner()).toBe(hub.timelock);
    for (const [i, name] of (["east", "west"] as const).entries()) {
      const region = out.records[name]!;
      expect(Number(region.chainId)).toBe(31_338 + i);
      expect(await NodeIndex__factory.connect(hub.nodeIndex!, providers[0]!).remote(region.chainId!)).toBe(
        zeroPadValue(region.registry!, 32),
      );
      const receipts = ReceiptRegistry__factory.connect(region.receipts!, providers[i + 1]!);
      expect(await receipts.remote(31_337)).toBe(zeroPadValue(hub.jobMarket!, 32));
      const record = JSON.parse(readFileSync(path.join(dir, `${name}.json`), "utf8")) as Record<
        string,
        string
      >;
      expect(record.receipts).toBe(region.receipts);
    }
    expect(journalOf(dir).completedAt).toBeTruthy();
  }, 240_000);

  it("a deploy killed halfway and started again finishes without redeploying what was confirmed", async () => {
    const dir = path.join(work, "resumed");
    const before = await nonces();
    const child = spawnSuanli(args(dir), env);
    // Kill it (SIGKILL: no clean-up) once some transactions are confirmed and the deployment is not complete.
    let snapshot: Journal | undefined;
    for (let waited = 0; waited < 120_000 && !snapshot; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      if (!existsSync(path.join(dir, "journal.json"))) continue;
      let j: Journal;
      try {
        j = journalOf(dir);
      } catch {
        continue;
      }
      const confirmed = Object.values(j.txs).filter((t) => t.status === "confirmed").length;
      if (confirmed >= 10 && !j.completedAt) {
        child.kill("SIGKILL");
        snapshot = j;
      }
    }
    const exit = await new Promise<string | null>((r) =>
      child.exitCode !== null ? r(String(child.exitCode)) : child.once("exit", (_c, s) => r(s)),
    );
    expect(snapshot, "the deploy finished before it could be killed").toBeDefined();
    expect(exit).toBe("SIGKILL");
    const journalAtKill = journalOf(dir);
    expect(journalAtKill.completedAt).toBeUndefined();
    const confirmedAtKill = Object.entries(journalAtKill.txs).filter(([, t]) => t.status === "confirmed");
    const total = Object.keys(journalAtKill.txs).length;

    const r = await suanli(args(dir), env);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      transactions: number;
      sentThisRun: number;
      records: Record<string, Record<string, string>>;
    };
    // Only what the first run had not signed was sent again; signed bytes were re-broadcast, not re-made.
    expect(out.sentThisRun).toBe(out.transactions - total);
    const final = journalOf(dir);
    for (const [id, tx] of confirmedAtKill) {
      expect(final.txs[id]!.hash).toBe(tx.hash);
      if (tx.address) {
        const [chain, , name] = id.split(":");
        expect(out.records[chain!]![name!]).toBe(tx.address);
      }
    }
    // The deployer's nonces moved by exactly the plan: nothing was deployed twice.
    const after = await nonces();
    expect(after.reduce((a, b) => a + b, 0) - before.reduce((a, b) => a + b, 0)).toBe(out.transactions);
    expect(final.completedAt).toBeTruthy();

    // A third run finds everything confirmed and sends nothing.
    const again = await suanli(args(dir), env);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as { sentThisRun: number }).sentThisRun).toBe(0);
  }, 300_000);
});
