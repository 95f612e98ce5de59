/**
 * End to end on the local stack (three JSON-RPC chains, the real bridge, the API): a buyer holding only the SDK
 * and a private key quotes, signs, submits, follows the SSE timeline to settlement, downloads the result and
 * checks it against the settled output commitment; exact balances. The test plays the scheduler (one assign
 * call) and the node (ack, result upload through the SDK, signed receipt).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { id, Wallet } from "ethers";
import { TestUSD__factory } from "../../types/contracts/index.js";
import { startApi, type RunningApi } from "../../services/api/service.js";
import {
  aigcJobInput,
  registerProvenance,
  SuanliClient,
  SuanliApiError,
  type TimelineStep,
} from "../../services/sdk/index.js";
import { signReceipt } from "../../services/shared/typed-data.js";
import { CONTENT_BYTES, contentCommitment, releaseProver } from "../../services/zk/index.js";
import { devAccount, waitFor } from "../bridge/harness.js";
import { expectRevert } from "../helpers/chain.js";
import { ACTORS, type ApiEnv, startApiEnv, WAIT_MS } from "./env.js";

describe("buyer through the SDK, end to end on the local stack", () => {
  let env: ApiEnv;
  let api: RunningApi;
  let client: SuanliClient;
  let nodeId: bigint;
  let settledJob: { jobId: bigint; output: Uint8Array } | undefined;
  const buyer = new Wallet(devAccount(ACTORS.buyer).privateKey); // a bare key: no provider, no ABI
  // An AIGC job's input: its commitment names model 1 and the (salted) prompt, so the buyer can later prove
  // the output's provenance.
  const aigc = aigcJobInput("a quiet harbour at dawn", 7, 1n);

  beforeAll(async () => {
    env = await startApiEnv({ bridge: true });
    nodeId = await env.registerAndStake("east");
    await env.fund(buyer.address, 1_000_000n);
    api = await startApi(env.apiConfig());
    client = new SuanliClient({ baseUrl: api.url });
    await waitFor(
      async () => (await client.providers()).items.length === 1,
      WAIT_MS,
      "node indexed by the API",
    );
  }, 180_000);

  afterAll(async () => {
    await releaseProver();
    await api?.stop();
    await env?.close();
  });

  const params = async () => ({
    resources: 4,
    durationSec: 600,
    tier: "interactive" as const,
    latencyBoundMs: 200,
    deadline: (await env.chains.hub.provider.getBlock("latest"))!.timestamp + 3_600,
    maxUnitPrice: 25n,
    inputCommitment: aigc.inputCommitment,
  });

  it("quote → sign → submit → follow to settlement → verified result, exact balances", async () => {
    const usd = TestUSD__factory.connect(env.net.hub.paymentToken, env.chains.hub.provider);
    const provider = devAccount(ACTORS.provider).address;
    const treasury = await env.net.hub.timelock.getAddress();
    const before = {
      buyer: await usd.balanceOf(buyer.address),
      provider: await usd.balanceOf(provider),
      treasury: await usd.balanceOf(treasury),
    };

    const p = await params();
    const quote = await client.quote(p);
    // 4 units × 600 s × 25 × 1.5 = 90 000 escrowed; the east node asks 20 → expected price 72 000.
    expect(quote.escrow).toBe("90000");
    expect(quote.regions).toEqual([
      expect.objectContaining({
        region: "east",
        feasibleNodes: 1,
        minUnitPrice: "20",
        expectedPrice: "72000",
      }),
    ]);
    expect(quote.typedData.primaryType).toBe("JobRequest");

    const submitted = await client.signAndSubmit(buyer, p, {
      expectedJobMarket: await env.net.hub.jobMarket.getAddress(),
    });
    expect(submitted.escrow).toBe("90000");
    const jobId = BigInt(submitted.jobId);
    expect(await usd.balanceOf(buyer.address)).toBe(before.buyer - 90_000n);

    const steps: TimelineStep[] = [];
    const following = (async () => {
      for await (const step of client.follow(jobId)) steps.push(step);
    })();

    // The scheduler places the job on the east node; the directive crosses the bridge.
    const hub = env.net.hub;
    await (await hub.directiveHub.connect(env.signer("scheduler", "hub")).assign(jobId, nodeId, 1)).wait();
    const east = env.net.regions.east!;
    await waitFor(
      async () => (await east.inbox.assignment(jobId)).attempt === 1n,
      WAIT_MS,
      "directive on east",
    );
    const operator = env.signer("provider", "east");
    await (await east.inbox.connect(operator).acknowledge(jobId)).wait();

    // The node runs the job, uploads the output and signs a receipt committing to it.
    const output = Uint8Array.from({ length: CONTENT_BYTES }, (_, i) => (i * 7 + Number(jobId)) % 256);
    const commitment = contentCommitment(output);
    const nodeClient = new SuanliClient({ baseUrl: api.url });
    expect(await nodeClient.uploadResult(output)).toEqual({
      commitment: commitment.toString(),
      size: CONTENT_BYTES,
      created: true,
    });
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

    await following;
    expect(steps.map((s) => s.type)).toEqual([
      "created",
      "assigned",
      "directive_received",
      "acknowledged",
      "receipt",
      "settled",
    ]);
    const [created, assigned, , , rcpt, settled] = steps;
    expect(created!.txHash).toBe(submitted.txHash);
    expect(assigned!.details).toMatchObject({
      region: "east",
      nodeId: nodeId.toString(),
      attempt: 1,
      price: "72000",
    });
    expect(rcpt!.details).toMatchObject({
      kind: "signed",
      outputCommitment: commitment.toString(),
      latencyMs: 150,
    });
    expect(rcpt!.type === "receipt" && rcpt!.details.proof?.signature).toBe(sig);
    expect(settled!.details).toEqual({
      nodeId: nodeId.toString(),
      providerPay: "70560",
      buyerRefund: "18000",
      fee: "1440",
      penalty: "0",
      outputCommitment: commitment.toString(),
    });

    settledJob = { jobId, output };
    const { bytes, outputCommitment } = await client.result(jobId);
    expect(Buffer.from(bytes).equals(Buffer.from(output))).toBe(true);
    expect(BigInt(outputCommitment)).toBe(await hub.jobMarket.verifiedOutputCommitment(jobId));

    expect((await usd.balanceOf(buyer.address)) - before.buyer).toBe(-72_000n);
    expect((await usd.balanceOf(provider)) - before.provider).toBe(70_560n);
    expect((await usd.balanceOf(treasury)) - before.treasury).toBe(1_440n);

    const job = await client.job(jobId);
    expect(job.status).toBe("settled");
    expect(job.timeline).toEqual(steps);
    const mine = await client.buyerJobs(buyer.address);
    expect(mine.items.map((j) => j.jobId)).toContain(jobId.toString());
    const node = (await client.providers({ region: "east" })).items[0]!;
    expect(node.reputation).toMatchObject({ successes: 1, score: 1 });
  }, 180_000);

  it("a buyer cancels an open job through the SDK: whole escrow back; the timeline ends cancelled", async () => {
    const usd = TestUSD__factory.connect(env.net.hub.paymentToken, env.chains.hub.provider);
    const before = await usd.balanceOf(buyer.address);
    const { jobId } = await client.signAndSubmit(buyer, await params());
    expect(await usd.balanceOf(buyer.address)).toBe(before - 90_000n);
    const stranger = Wallet.createRandom();
    await expect(client.cancel(stranger, jobId)).rejects.toMatchObject({
      status: 400,
      code: "INVALID_SIGNATURE",
    });
    const cancelled = await client.cancel(buyer, jobId);
    expect(cancelled.refund).toBe("90000");
    expect(await usd.balanceOf(buyer.address)).toBe(before);
    const steps: string[] = [];
    for await (const step of client.follow(jobId)) steps.push(step.type);
    expect(steps).toEqual(["created", "cancelled"]);
    await expect(client.cancel(buyer, jobId)).rejects.toMatchObject({ status: 409, code: "JOB_NOT_OPEN" });
    await expect(client.result(jobId)).rejects.toBeInstanceOf(SuanliApiError);
  }, 120_000);

  it("provenance: the settled output registered as AIGC content (DAO-approved model, real proof) is served with its job", async () => {
    expect(settledJob).toBeDefined();
    const { jobId, output } = settledJob!;
    const hub = env.net.hub;
    const provider = env.chains.hub.provider;
    // The DAO approves model 1 (propose → vote → queue → execute on the hub).
    const weights = 4_242n;
    const voter = env.signer("voter", "hub");
    const target = await hub.modelRegistry.getAddress();
    const calldata = hub.modelRegistry.interface.encodeFunctionData("approveModel", [
      weights,
      "suanli-diffusion",
      "1.0",
    ]);
    const description = "Approve suanli-diffusion 1.0";
    await (await hub.token.connect(voter).delegate(voter)).wait();
    await (await hub.governor.connect(voter).propose([target], [0n], [calldata], description)).wait();
    const proposalId = await hub.governor.hashProposal([target], [0n], [calldata], id(description));
    await provider.send("evm_increaseTime", [2]); // votes are timestamped (ERC-6372)
    await provider.send("evm_mine", []);
    await (await hub.governor.connect(voter).castVote(proposalId, 1)).wait();
    await provider.send("evm_increaseTime", [51]); // votes are timestamped (ERC-6372)
    await provider.send("evm_mine", []);
    await (await hub.governor.connect(voter).queue([target], [0n], [calldata], id(description))).wait();
    await provider.send("evm_increaseTime", [3_601]);
    await provider.send("evm_mine", []);
    await (await hub.governor.connect(voter).execute([target], [0n], [calldata], id(description))).wait();

    // Only the job's buyer may register its output: another account's registration is refused.
    const content = contentCommitment(output);
    const contracts = {
      provenanceRegistry: await hub.provenanceRegistry.getAddress(),
      modelRegistry: await hub.modelRegistry.getAddress(),
    };
    await expectRevert(
      () => registerProvenance(voter, contracts, { jobId, content: output, input: aigc.doc }),
      hub.provenanceRegistry.interface,
      "ProvenanceRegistryNotJobBuyer",
    );
    // The buyer proves, with its own key, that the job's output came from model 1 its input named.
    const tx = await registerProvenance(buyer.connect(provider), contracts, {
      jobId,
      content: output,
      input: aigc.doc,
    });
    expect(tx.recordId).toBe(1n);

    await waitFor(
      async () => (await client.provenance(content).catch(() => undefined)) !== undefined,
      WAIT_MS,
      "provenance indexed",
    );
    const p = await client.provenance(content);
    expect(p).toMatchObject({
      contentCommitment: content.toString(),
      recordId: "1",
      modelId: "1",
      model: { name: "suanli-diffusion", version: "1.0", approved: true },
      linkedJobId: jobId.toString(),
      lineage: ["1"],
      parents: [],
      proof: { status: "verified", circuit: "AigcProvenance", txHash: tx.txHash },
    });
    expect(p.job).toMatchObject({
      jobId: jobId.toString(),
      status: "settled",
      outputCommitment: content.toString(),
    });
    await expect(client.provenance(content + 1n)).rejects.toMatchObject({
      status: 404,
      code: "RECORD_NOT_FOUND",
    });
  }, 300_000);
});
