/**
 * The API's read-only views for the dashboard (services/api/routes/dashboard.ts) on local chains: newest jobs
 * and search, DAO proposals with decoded calls and live tallies, bridge lanes without a relayer, record lookup,
 * the static dashboard at `/`, and the errors that name what is wrong.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { id, Wallet } from "ethers";
import { startApi, type RunningApi } from "../../services/api/service.js";
import { SuanliClient } from "../../services/sdk/index.js";
import { devAccount, waitFor } from "../bridge/harness.js";
import { ACTORS, type ApiEnv, startApiEnv, WAIT_MS } from "./env.js";

describe("dashboard views of the API", () => {
  let env: ApiEnv;
  let api: RunningApi;
  let bare: RunningApi;
  const dashboardDir = mkdtempSync(path.join(tmpdir(), "suanli-dashboard-"));

  beforeAll(async () => {
    env = await startApiEnv({ bridge: false });
    writeFileSync(path.join(dashboardDir, "index.html"), "<!doctype html><title>Suanli</title>");
    const hub = env.net.hub;
    api = await startApi(
      env.apiConfig({
        dashboardDir,
        hub: {
          ...env.apiConfig().hub,
          governor: await hub.governor.getAddress(),
          token: await hub.token.getAddress(),
          timelock: await hub.timelock.getAddress(),
        },
      }),
    );
    bare = await startApi(env.apiConfig());
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await bare?.stop();
    await env?.close();
  });

  const get = async (base: RunningApi, route: string) => {
    const res = await fetch(`${base.url}${route}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: never } };
  };

  it("lists the newest jobs first and finds one by id, buyer or region; bad queries are named", async () => {
    const buyer = new Wallet(devAccount(ACTORS.buyer).privateKey);
    await env.fund(buyer.address, 1_000_000n);
    const client = new SuanliClient({ baseUrl: api.url });
    const deadline = (await env.chains.hub.provider.getBlock("latest"))!.timestamp + 3_600;
    const p = { resources: 1, durationSec: 60, tier: "batch" as const, latencyBoundMs: 500, deadline };
    const first = await client.signAndSubmit(buyer, { ...p, maxUnitPrice: 10n });
    const second = await client.signAndSubmit(buyer, { ...p, maxUnitPrice: 11n });
    const all = await get(api, "/v1/jobs");
    expect((all.body.items as { jobId: string }[]).map((j) => j.jobId)).toEqual([second.jobId, first.jobId]);
    const byId = await get(api, `/v1/jobs?q=${first.jobId}`);
    expect((byId.body.items as { jobId: string }[]).map((j) => j.jobId)).toEqual([first.jobId]);
    const byBuyer = await get(api, `/v1/jobs?q=${buyer.address.slice(0, 12)}&limit=1`);
    expect((byBuyer.body.items as { jobId: string }[]).map((j) => j.jobId)).toEqual([second.jobId]);
    expect((await get(api, "/v1/jobs?q=east")).body.items).toEqual([]);
    expect((await get(api, "/v1/jobs?status=settled")).body.items).toEqual([]);
    const bad = await get(api, "/v1/jobs?status=done");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: "VALIDATION_FAILED", details: { in: "query" } } });
    expect((await get(api, "/v1/jobs?limit=201")).body).toMatchObject({
      error: { message: "query limit: at most 200" },
    });
    expect((await get(api, "/v1/jobs?q=a%20b")).status).toBe(400);
    expect((await get(api, "/v1/jobs/")).body).toMatchObject({ error: { code: "NOT_FOUND" } });
  }, 60_000);

  it("reads proposals with their state, decoded calls and a tally that follows the votes", async () => {
    const hub = env.net.hub;
    const voter = env.signer("voter", "hub");
    await (await hub.token.connect(voter).delegate(voter)).wait();
    const target = await hub.modelRegistry.getAddress();
    const calldata = hub.modelRegistry.interface.encodeFunctionData("approveModel", [7n, "m", "1"]);
    const description = "Approve model m 1";
    await (await hub.governor.connect(voter).propose([target], [0n], [calldata], description)).wait();
    const proposalId = await hub.governor.hashProposal([target], [0n], [calldata], id(description));

    const before = await get(api, "/v1/dao");
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      chainId: env.chains.hub.domain,
      governor: await hub.governor.getAddress(),
      proposals: [
        {
          proposalId: proposalId.toString(),
          description,
          descriptionHash: id(description),
          state: "Pending",
          votes: { for: "0", against: "0", abstain: "0" },
          calls: [
            {
              target,
              contract: "ModelRegistry",
              function: "approveModel",
              args: { weightsCommitment: "7", name: "m", version: "1" },
            },
          ],
        },
      ],
    });
    await env.chains.hub.provider.send("evm_increaseTime", [2]); // votes are timestamped (ERC-6372)
    await env.chains.hub.provider.send("evm_mine", []);
    await (await hub.governor.connect(voter).castVote(proposalId, 1)).wait();
    const after = await get(api, "/v1/dao");
    const weight = (await hub.token.getVotes(voter)).toString();
    expect(after.body).toMatchObject({ proposals: [{ state: "Active", votes: { for: weight } }] });

    expect(await get(bare, "/v1/dao")).toMatchObject({
      status: 404,
      body: { error: { code: "DAO_NOT_CONFIGURED" } },
    });
  }, 60_000);

  it("reports every lane without a relayer (empty, relayer unknown) and looks records up by id", async () => {
    const bridge = await get(api, "/v1/bridge");
    expect(bridge.body).toMatchObject({ relayer: null, relayerReachable: false, validators: [] });
    const lanes = bridge.body.lanes as { origin: string; destination: string; delivered: number }[];
    expect(lanes.map((l) => `${l.origin}>${l.destination}`).sort()).toEqual(
      ["east>hub", "east>west", "hub>east", "hub>west", "west>east", "west>hub"].sort(),
    );
    expect(lanes.every((l) => l.delivered === 0)).toBe(true);

    const unreachable = await startApi(env.apiConfig({ relayerUrl: "http://127.0.0.1:9" }));
    try {
      expect((await get(unreachable, "/v1/bridge")).body).toMatchObject({
        relayer: "http://127.0.0.1:9",
        relayerReachable: false,
      });
    } finally {
      await unreachable.stop();
    }

    expect(await get(api, "/v1/records/5")).toMatchObject({
      status: 404,
      body: { error: { code: "RECORD_NOT_FOUND" } },
    });
    expect((await get(api, "/v1/records/x1")).status).toBe(400);
    expect((await get(api, `/v1/records/${2n ** 64n}`)).status).toBe(400);
  });

  it("counts the flow per region and serves the dashboard at / (or says it is not built)", async () => {
    await waitFor(async () => (await get(api, "/v1/activity")).status === 200, WAIT_MS, "activity");
    const activity = await get(api, "/v1/activity");
    expect(activity.body).toMatchObject({
      flow: [
        { region: "east", directives: 0, receipts: 0 },
        { region: "west", directives: 0, receipts: 0 },
      ],
      earnings: [],
    });
    const page = await fetch(`${api.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("<title>Suanli</title>");
    expect(await get(bare, "/")).toMatchObject({
      status: 404,
      body: { error: { code: "DASHBOARD_NOT_BUILT" } },
    });
  });
});
