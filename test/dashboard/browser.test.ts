/**
 * The dashboard in a real headless Chromium (Debian's `chromium`, driven by playwright-core; nothing downloaded)
 * against one local world: three JSON-RPC chains, the real bridge, the API serving the freshly built dashboard.
 *
 * - a job submitted through the SDK appears in the list and its page's timeline advances to settled, live (SSE),
 *   without a reload;
 * - an injected EIP-1193 wallet backed by a development key delegates, votes (the tally changes), queues and
 *   executes a DAO proposal (approving the model the provenance record below is proven against);
 * - a watermarked image dropped on the provenance page is traced to its record, model, job and lineage;
 * - axe-core finds no serious or critical violation on any page.
 * Screenshots of every page go to artifacts/dashboard/ (docs/dashboard.md shows the key ones).
 */
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PNG } from "pngjs";
import { JsonRpcProvider, Wallet } from "ethers";
import { build } from "vite";
import { type Browser, chromium, type Page } from "playwright-core";
import { startApi, type RunningApi } from "../../services/api/service.js";
import { aigcJobInput, registerProvenance, SuanliClient } from "../../services/sdk/index.js";
import { signReceipt } from "../../services/shared/typed-data.js";
import { CONTENT_BYTES, contentCommitment, embedWatermark, releaseProver } from "../../services/zk/index.js";
import { devAccount, waitFor } from "../bridge/harness.js";
import { ACTORS, type ApiEnv, startApiEnv } from "../api/env.js";

const ROOT = path.join(import.meta.dirname, "..", "..");
const SHOTS = path.join(ROOT, "artifacts", "dashboard");
const CHROMIUM = process.env.SUANLI_CHROMIUM ?? "/usr/bin/chromium";
const UI_MS = 30_000;
const skipReason = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM} (install Debian's chromium package or set SUANLI_CHROMIUM)`;
if (skipReason) console.warn(`dashboard browser tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== undefined)("dashboard in headless Chromium", () => {
  let env: ApiEnv;
  let api: RunningApi;
  let client: SuanliClient;
  let browser: Browser;
  let page: Page;
  let nodeId: bigint;
  let settled: { jobId: bigint; output: Uint8Array } | undefined;
  const buyer = new Wallet(devAccount(ACTORS.buyer).privateKey);
  // The job's input names model 1 (approved by the DAO test), so its buyer can register the output's provenance.
  const aigc = aigcJobInput("a quiet harbour at dawn", 7, 1n);
  const voterKey = devAccount(ACTORS.voter).privateKey;

  /** axe-core over the current page: the serious and critical violations, by rule id and node count. */
  async function axe(): Promise<string[]> {
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
    const violations = await page.evaluate(async () => {
      const w = globalThis as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
      };
      return (await w.axe.run()).violations;
    });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
  }
  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  /** Drops `bytes` as a PNG file on the provenance page's drop zone, as a user's drag and drop does. */
  const drop = (bytes: Uint8Array, name: string) =>
    page.getByTestId("dropzone").evaluate(
      (zone, [data, fileName]) => {
        const g = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          DragEvent: new (type: string, init: object) => unknown;
          File: new (parts: unknown[], name: string, o: object) => unknown;
        };
        const transfer = new g.DataTransfer();
        transfer.items.add(
          new g.File([new Uint8Array(data as number[])], fileName as string, { type: "image/png" }),
        );
        zone.dispatchEvent(
          new g.DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }) as Event,
        );
      },
      [[...bytes], name] as const,
    );
  const go = async (hash: string, heading: string) => {
    await page.evaluate(
      (h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h),
      hash,
    );
    await page.getByRole("heading", { level: 1, name: heading }).waitFor({ timeout: UI_MS });
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const outDir = path.join(ROOT, "artifacts", "dashboard-dist");
    await build({
      configFile: path.join(ROOT, "dashboard", "vite.config.ts"),
      build: { outDir },
      logLevel: "error",
    });
    env = await startApiEnv({ bridge: true });
    nodeId = await env.registerAndStake("east");
    await env.fund(buyer.address, 1_000_000n);
    const hub = env.net.hub;
    const bridge = env.bridge!;
    api = await startApi(
      env.apiConfig({
        dashboardDir: outDir,
        relayerUrl: `http://127.0.0.1:${bridge.relayer.port}`,
        validatorUrls: bridge.validators.map((v) => `http://127.0.0.1:${v.port}`),
        hub: {
          ...env.apiConfig().hub,
          governor: await hub.governor.getAddress(),
          token: await hub.token.getAddress(),
          timelock: await hub.timelock.getAddress(),
        },
      }),
    );
    client = new SuanliClient({ baseUrl: api.url });
    await waitFor(async () => (await client.providers()).items.length === 1, UI_MS, "node indexed");

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // The injected wallet: EIP-1193 `request` answered in Node by a development key on the hub's JSON-RPC.
    const rpc = new JsonRpcProvider(env.chains.hub.url, undefined, { cacheTimeout: -1 });
    const wallet = new Wallet(voterKey, rpc);
    await page.exposeFunction("__walletRequest", async (method: string, params: unknown[]) => {
      if (method === "eth_requestAccounts" || method === "eth_accounts") return [wallet.address];
      if (method === "eth_sendTransaction") {
        const tx = params[0] as { from: string; to: string; data: string };
        if (tx.from.toLowerCase() !== wallet.address.toLowerCase()) throw new Error("unknown account");
        return (await wallet.sendTransaction({ to: tx.to, data: tx.data })).hash;
      }
      return rpc.send(method, params);
    });
    await page.addInitScript(() => {
      const w = globalThis as unknown as {
        ethereum: unknown;
        __walletRequest(m: string, p: unknown[]): Promise<unknown>;
      };
      w.ethereum = {
        request: ({ method, params }: { method: string; params?: unknown[] }) =>
          w.__walletRequest(method, params ?? []),
      };
    });
    await page.goto(`${api.url}/`);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await releaseProver();
    await api?.stop();
    await env?.close();
  });

  it("keyboard: the first Tab reaches the skip link, which moves focus to the content; Tab and Enter navigate", async () => {
    await page.getByRole("heading", { level: 1, name: "Regions" }).waitFor({ timeout: UI_MS });
    const focused = () =>
      page.evaluate(() => {
        const el = (
          globalThis as unknown as { document: { activeElement: { id: string; textContent: string } } }
        ).document.activeElement;
        return `${el.id}|${el.textContent?.slice(0, 20)}`;
      });
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("|Skip to content");
    await page.keyboard.press("Enter");
    expect((await focused()).startsWith("main|")).toBe(true);
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
    await page.getByRole("link", { name: "Regions" }).focus();
    await page.keyboard.press("Tab");
    expect(await focused()).toBe("|Jobs");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Jobs" }).waitFor({ timeout: UI_MS });
    expect(await page.getByRole("link", { name: "Jobs" }).getAttribute("aria-current")).toBe("page");
    await go("#/regions", "Regions");
  });

  it("regions and providers: nodes, capacity, carbon, flow; no serious accessibility violation", async () => {
    await page.getByRole("heading", { level: 1, name: "Regions" }).waitFor({ timeout: UI_MS });
    const east = page.getByRole("row", { name: /^east/ }).first();
    await expect.poll(() => east.textContent(), { timeout: UI_MS }).toContain("1 / 1");
    expect(await axe()).toEqual([]);
    await go("#/providers", "Providers");
    await page.getByRole("rowheader", { name: nodeId.toString() }).waitFor({ timeout: UI_MS });
    expect(await axe()).toEqual([]);
  });

  it("a job submitted through the SDK appears and its timeline advances to settled without a reload", async () => {
    await go("#/jobs", "Jobs");
    await page.evaluate(() => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true));
    const deadline = (await env.chains.hub.provider.getBlock("latest"))!.timestamp + 3_600;
    const submitted = await client.signAndSubmit(buyer, {
      resources: 4,
      durationSec: 600,
      tier: "interactive",
      latencyBoundMs: 200,
      deadline,
      maxUnitPrice: 25n,
      inputCommitment: aigc.inputCommitment,
    });
    const jobId = BigInt(submitted.jobId);
    const link = page.getByRole("link", { name: `Job ${jobId}`, exact: true });
    await link.waitFor({ timeout: UI_MS });
    expect(await axe()).toEqual([]);
    await shot("jobs");
    await link.click();
    const status = page.getByTestId("job-status");
    await expect.poll(() => status.textContent(), { timeout: UI_MS }).toBe("created");

    // The scheduler places it; the directive crosses the bridge; the node acknowledges, uploads, signs.
    const hub = env.net.hub;
    const east = env.net.regions.east!;
    await (await hub.directiveHub.connect(env.signer("scheduler", "hub")).assign(jobId, nodeId, 1)).wait();
    await waitFor(async () => (await east.inbox.assignment(jobId)).attempt === 1n, UI_MS, "directive");
    await expect.poll(() => status.textContent(), { timeout: UI_MS }).toBe("directive_received");
    const operator = env.signer("provider", "east");
    await (await east.inbox.connect(operator).acknowledge(jobId)).wait();
    const output = Uint8Array.from({ length: CONTENT_BYTES }, (_, i) => (i * 7 + Number(jobId)) % 256);
    const commitment = contentCommitment(output);
    await client.uploadResult(output);
    const receipt = {
      jobId,
      nodeId,
      attempt: 1,
      inputCommitment: aigc.inputCommitment,
      outputCommitment: commitment,
      latencyMs: 150,
      finishTime: BigInt((await env.chains.east.provider.getBlock("latest"))!.timestamp),
      energyWh: 1_200,
    };
    const sig = await signReceipt(
      operator,
      BigInt(env.chains.east.domain),
      await east.verifier.getAddress(),
      receipt,
    );
    await (await east.receipts.connect(operator).submitReceipt(receipt, sig)).wait();

    await expect.poll(() => status.textContent(), { timeout: UI_MS }).toBe("settled");
    const steps = await page
      .getByTestId("timeline")
      .locator("li")
      .evaluateAll((lis) => lis.map((li) => li.getAttribute("data-step")));
    expect(steps).toEqual([
      "created",
      "assigned",
      "directive_received",
      "acknowledged",
      "receipt",
      "settled",
    ]);
    expect(await page.getByTestId("provider-pay").textContent()).toBe("70,560");
    expect(await page.getByTestId("proof").textContent()).toContain("EIP-712 signed receipt");
    expect(await page.getByTestId("live").textContent()).toBe("ended");
    expect(
      await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    expect(await axe()).toEqual([]);
    await shot("job");
    settled = { jobId, output };
  });

  it("regions and providers after settlement: the flow counted, the pay is the node's earnings", async () => {
    await go("#/regions", "Regions");
    const flow = page.locator("table", { hasText: "Messages between the hub and each region" });
    await expect
      .poll(async () => flow.getByRole("row", { name: /^east/ }).locator("td").allTextContents(), {
        timeout: UI_MS,
      })
      .toEqual(["1", "1", "1", "1"]);
    await shot("regions");
    await go("#/providers", "Providers");
    const row = page.getByRole("row", { name: new RegExp(`^${nodeId}`) });
    await expect.poll(async () => row.locator("td").last().textContent(), { timeout: UI_MS }).toBe("70,560");
    expect(await page.locator("figcaption").textContent()).toContain(`node ${nodeId} 70560`);
    await shot("providers");
  });

  it("bridge: lanes with delivered messages and latency, three healthy validators", async () => {
    await go("#/bridge", "Bridge");
    const lane = page.getByRole("row", { name: /^hub → east/ });
    await expect
      .poll(async () => Number((await lane.locator("td").first().textContent()) ?? 0), {
        timeout: UI_MS,
      })
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByRole("cell", { name: "healthy", exact: true }).count()).toBe(3);
    expect(await axe()).toEqual([]);
    await shot("bridge");
  });

  it("DAO with an injected wallet: delegate, vote (the tally changes), queue, execute", async () => {
    const hub = env.net.hub;
    const provider = env.chains.hub.provider;
    await go("#/dao", "DAO");
    await page.getByText("No proposal yet.").waitFor({ timeout: UI_MS });
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByTestId("account").waitFor({ timeout: UI_MS });
    await page.getByRole("button", { name: "Delegate to myself" }).click();
    const weight = await hub.token.balanceOf(devAccount(ACTORS.voter).address);
    await expect
      .poll(() => page.getByTestId("my-votes").textContent(), { timeout: UI_MS })
      .toBe(`${(weight / 10n ** 18n).toLocaleString("en-US")} SUAN`);

    // Someone proposes approving the model the provenance record will be proven against.
    const target = await hub.modelRegistry.getAddress();
    const calldata = hub.modelRegistry.interface.encodeFunctionData("approveModel", [
      4_242n,
      "suanli-diffusion",
      "1.0",
    ]);
    const proposer = env.signer("buyer", "hub");
    await (
      await hub.governor.connect(proposer).propose([target], [0n], [calldata], "Approve suanli-diffusion 1.0")
    ).wait();
    await provider.send("evm_increaseTime", [2]); // votes are timestamped (ERC-6372)
    await provider.send("evm_mine", []);
    const proposal = page.locator("article.proposal").first();
    await expect.poll(() => proposal.getByTestId("state").textContent(), { timeout: UI_MS }).toBe("Active");
    expect(
      await proposal.locator("code", { hasText: "ModelRegistry.approveModel(" }).textContent(),
    ).toContain('name="suanli-diffusion"');
    expect(await proposal.getByTestId("for").textContent()).toBe("0 SUAN");
    await proposal.getByRole("button", { name: "Vote for" }).click();
    await expect
      .poll(() => proposal.getByTestId("for").textContent(), { timeout: UI_MS })
      .toBe(`${(weight / 10n ** 18n).toLocaleString("en-US")} SUAN`);
    // Per chain: the vote was cast on the hub; no region has counted anything.
    await expect
      .poll(() => proposal.getByTestId("hub-for").textContent(), { timeout: UI_MS })
      .toBe(`${(weight / 10n ** 18n).toLocaleString("en-US")} SUAN`);
    expect(await proposal.getByTestId("east-for").textContent()).toBe("0 SUAN");
    expect(await proposal.getByTestId("west-against").textContent()).toBe("0 SUAN");
    expect(await axe()).toEqual([]);
    await shot("dao");

    await provider.send("evm_increaseTime", [51]);
    await provider.send("evm_mine", []);
    await expect
      .poll(() => proposal.getByTestId("state").textContent(), { timeout: UI_MS })
      .toBe("Succeeded");
    await proposal.getByRole("button", { name: "Queue" }).click();
    await expect.poll(() => proposal.getByTestId("state").textContent(), { timeout: UI_MS }).toBe("Queued");
    await provider.send("evm_increaseTime", [3_601]);
    await provider.send("evm_mine", []);
    await proposal.getByRole("button", { name: "Execute" }).click();
    await expect.poll(() => proposal.getByTestId("state").textContent(), { timeout: UI_MS }).toBe("Executed");
    expect((await hub.modelRegistry.model(1n)).approved).toBe(true);
  });

  it("read-only without a wallet: proposals and tallies shown, no wallet buttons", async () => {
    const bare = await browser.newPage();
    try {
      await bare.goto(`${api.url}/#/dao`);
      await bare.getByText("No browser wallet found: the page is read-only.").waitFor({ timeout: UI_MS });
      await bare.locator("article.proposal").first().getByTestId("state").waitFor({ timeout: UI_MS });
      expect(await bare.getByRole("button").count()).toBe(0);
    } finally {
      await bare.close();
    }
  });

  it("an image dropped on the provenance page is traced to its record, model, job and lineage", async () => {
    expect(settled).toBeDefined();
    const { jobId, output } = settled!;
    const hub = env.net.hub;
    const content = contentCommitment(output);
    // The job's buyer proves, with its own key, that the output came from the model its input named.
    const { recordId } = await registerProvenance(
      buyer.connect(env.chains.hub.provider),
      {
        provenanceRegistry: await hub.provenanceRegistry.getAddress(),
        modelRegistry: await hub.modelRegistry.getAddress(),
      },
      { jobId, content: output, input: aigc.doc },
    );
    expect(await hub.provenanceRegistry.recordOf(content)).toBe(recordId);
    await waitFor(
      async () => (await client.provenance(content).catch(() => undefined)) !== undefined,
      UI_MS,
      "indexed",
    );

    // A picture published with the record id in its pixels (160×96, a gradient).
    const png = new PNG({ width: 160, height: 96 });
    for (let i = 0; i < 160 * 96; i++) png.data.set([(i % 160) + 40, ((i / 160) | 0) + 60, 128, 255], i * 4);
    const marked = embedWatermark(PNG.sync.write(png), recordId);

    await go("#/provenance", "Provenance");
    await drop(marked, "generated.png");
    await page.getByTestId("record").waitFor({ timeout: UI_MS });
    expect(await page.getByTestId("record-id").textContent()).toBe(recordId.toString());
    expect(await page.getByTestId("model").textContent()).toBe("suanli-diffusion 1.0 (approved)");
    expect(await page.getByTestId("linked-job").textContent()).toBe(`Job ${jobId} (settled)`);
    expect(await page.getByTestId("lineage").textContent()).toBe(recordId.toString());
    expect(await axe()).toEqual([]);
    await shot("provenance");

    // An image without a watermark is reported as such, not guessed.
    await drop(PNG.sync.write(png), "plain.png");
    await expect
      .poll(() => page.getByTestId("trace-status").textContent(), { timeout: UI_MS })
      .toBe("plain.png: no watermark found");
  });
});
