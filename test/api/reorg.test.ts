/**
 * A reorg of a few blocks on the hub (JSON-RPC node: `evm_snapshot` → blocks → `evm_revert` → other blocks):
 * an indexer at 0 confirmations rolls back the orphaned job and indexes the new branch; one at 3 confirmations
 * never shows the orphaned job at all. Both end identical to a fresh index of the final chain.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Wallet } from "ethers";
import { startApi, type RunningApi } from "../../services/api/service.js";
import { SuanliClient } from "../../services/sdk/index.js";
import { devAccount, waitFor } from "../bridge/harness.js";
import { ACTORS, type ApiEnv, startApiEnv } from "./env.js";

describe("indexer across a hub reorg", () => {
  let env: ApiEnv;
  let fast: RunningApi;
  let safe: RunningApi;

  beforeAll(async () => {
    env = await startApiEnv({ bridge: false });
    fast = await startApi(env.apiConfig());
    safe = await startApi(env.apiConfig({ hub: { ...env.apiConfig().hub, confirmations: 3 } }));
  }, 120_000);

  afterAll(async () => {
    await fast?.stop();
    await safe?.stop();
    await env?.close();
  });

  const rpc = (method: string, params: unknown[] = []) => env.chains.hub.provider.send(method, params);
  const jobStatus = async (api: RunningApi, id: string) => (await fetch(`${api.url}/v1/jobs/${id}`)).status;

  async function submit(buyer: Wallet, maxUnitPrice: bigint) {
    await env.fund(buyer.address, 1_000_000n);
    const deadline = (await env.chains.hub.provider.getBlock("latest"))!.timestamp + 7_200;
    return new SuanliClient({ baseUrl: fast.url }).signAndSubmit(buyer, {
      resources: 1,
      durationSec: 60,
      tier: "batch",
      latencyBoundMs: 500,
      deadline,
      maxUnitPrice,
    });
  }

  it("rolls back an orphaned job and indexes the branch that replaced it", async () => {
    const snapshot = (await rpc("evm_snapshot")) as string;
    const orphan = await submit(new Wallet(devAccount(ACTORS.buyer).privateKey), 7n);
    expect(orphan.jobId).toBe("1");
    await rpc("evm_mine");
    const orphanDoc = await fast.store.job("1");
    expect(orphanDoc?.timeline[0]?.txHash).toBe(orphan.txHash);
    // Two blocks on top: below the safe indexer's three confirmations.
    await new Promise((r) => setTimeout(r, 500));
    expect(await jobStatus(safe, "1")).toBe(404);

    // The branch is replaced by a longer one in which another buyer's job takes id 1.
    expect(await rpc("evm_revert", [snapshot])).toBe(true);
    const other = new Wallet(devAccount(7).privateKey);
    // The API relays onto the new branch; the chain, not the index, decides the job id.
    const replacement = await submit(other, 9n);
    expect(replacement.jobId).toBe("1");
    for (let i = 0; i < 5; i++) await rpc("evm_mine");

    for (const api of [fast, safe]) {
      await waitFor(
        async () => api.store.job("1")?.buyer === other.address,
        30_000,
        "the new branch indexed",
      );
      const doc = api.store.job("1")!;
      expect(doc.timeline.map((s) => s.txHash)).toEqual([replacement.txHash]);
      expect(doc.spec.maxUnitPrice).toBe("9");
    }
    // Identical to a fresh index of the final chain.
    const fresh = await startApi(env.apiConfig());
    try {
      await waitFor(async () => fresh.store.job("1") !== undefined, 30_000, "fresh index");
      expect(fast.store.jobJson("1")).toBe(fresh.store.jobJson("1"));
      expect(safe.store.jobJson("1")).toBe(fresh.store.jobJson("1"));
      expect(fast.store.events("hub")).toEqual(fresh.store.events("hub"));
    } finally {
      await fresh.stop();
    }
  }, 120_000);
});
