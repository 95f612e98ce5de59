/**
 * The whole loop across three chains joined by the real bridge: hub, east and west served as JSON-RPC nodes
 * on loopback, Mailbox + MultisigIsm on each, three validators (threshold 2) and the relayer running, every
 * contract deployed by the deploy engine (deployNetworks). Nothing is delivered by the test itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { id, parseUnits, type Signer, zeroPadValue } from "ethers";
import { deployNetworks } from "../../deploy/suanli.js";
import { SignatureReceiptVerifier__factory, TestUSD__factory } from "../../types/contracts/index.js";
import { signJobWithPermit, signReceipt } from "../../services/shared/typed-data.js";
import {
  decodeJobReceiptSignals,
  identityCommitment,
  jobReceiptInput,
  prove,
  provenReceiptsOf,
  releaseProver,
  toSolidityProof,
} from "../../services/zk/index.js";
import { type ChainName, devAccount, type LocalChain, waitFor } from "../bridge/harness.js";
import { startBridgedWorld } from "../helpers/bridged-world.js";
import { NODE_PARAMS } from "../helpers/market.js";
import { expectRevert } from "../helpers/chain.js";

const SECRET = 0xc0ffeen;
const WAIT_MS = 60_000;

describe("cross-chain lifecycle over the bridge (3 chains, 3 validators, t = 2, relayer)", () => {
  let chains: Record<ChainName, LocalChain>;
  let net: Awaited<ReturnType<typeof deployNetworks>>;
  let close: (() => Promise<void>) | undefined;
  let actor: Record<"buyer" | "provider" | "scheduler" | "voter", Record<ChainName, Signer>>;

  beforeAll(async () => {
    process.env.LOG_LEVEL = "silent";
    ({ chains, net, close } = await startBridgedWorld({
      hub: { schedulers: [devAccount(3).address], tokenHolder: devAccount(4).address },
    }));
    const signer = (i: number) =>
      Object.fromEntries(
        Object.values(chains).map((c) => [c.name, devAccount(i).connect(c.provider)]),
      ) as unknown as Record<ChainName, Signer>;
    actor = { buyer: signer(1), provider: signer(2), scheduler: signer(3), voter: signer(4) };
  });

  afterAll(async () => {
    await close?.();
    await releaseProver();
  });

  async function registerAndStake(region: "east" | "west", identity: bigint) {
    const registry = net.regions[region]!.registry.connect(actor.provider[region]);
    const rcpt = await (await registry.register({ ...NODE_PARAMS, identityCommitment: identity })).wait();
    const nodeId = registry.interface.parseLog(rcpt!.logs.find((l) => l.address === registry.target)!)!.args
      .nodeId as bigint;
    await waitFor(
      async () => (await net.hub.nodeIndex.operatorOf(nodeId)) === (await actor.provider.hub.getAddress()),
      WAIT_MS,
      "NodeRegistered on the hub",
    );
    const stake = parseUnits("1000", 18);
    await (await net.hub.token.connect(actor.voter.hub).transfer(actor.provider.hub, stake)).wait();
    await (await net.hub.token.connect(actor.provider.hub).approve(net.hub.stakeManager, stake)).wait();
    await (await net.hub.stakeManager.connect(actor.provider.hub).stake(nodeId, stake)).wait();
    return nodeId;
  }

  async function openAndAssign(region: "east" | "west", nodeId: bigint, nonce: bigint) {
    const { hub } = net;
    const usd = TestUSD__factory.connect(hub.paymentToken, chains.hub.deployer);
    await (await usd.mint(actor.buyer.hub, 90_000n)).wait();
    const now = BigInt((await chains.hub.provider.getBlock("latest"))!.timestamp);
    const spec = {
      resources: 4,
      durationSec: 600,
      tier: 1,
      latencyBoundMs: 200,
      deadline: now + 3_600n,
      maxUnitPrice: 25n,
      inputCommitment: 42n,
    };
    const market = await hub.jobMarket.getAddress();
    const chainId = BigInt(chains.hub.domain);
    const token = { name: "Test USD", address: hub.paymentToken, nonce: await usd.nonces(actor.buyer.hub) };
    const signed = { chainId, market, token, spec, nonce, expiry: now + 600n, escrow: 90_000n };
    const { signature: sig, permit } = await signJobWithPermit(actor.buyer.hub, signed);
    const buyer = await actor.buyer.hub.getAddress();
    // Anyone relays the signed request: here the scheduler's account pays the gas.
    await (
      await hub.jobMarket
        .connect(actor.scheduler.hub)
        .createJobWithSig(spec, buyer, nonce, now + 600n, sig, permit)
    ).wait();
    const jobId = await hub.jobMarket.jobCount();
    await (await hub.directiveHub.connect(actor.scheduler.hub).assign(jobId, nodeId, 1)).wait();
    const inbox = net.regions[region]!.inbox;
    await waitFor(
      async () => (await inbox.assignment(jobId)).attempt === 1n,
      WAIT_MS,
      "Assign on the region",
    );
    await (await inbox.connect(actor.provider[region]).acknowledge(jobId)).wait();
    return { jobId, usd, spec };
  }

  it("register → stake → signed job → assign → ack → signed receipt → settle, with exact balances", async () => {
    const nodeId = await registerAndStake("east", 123_456_789n);
    const { jobId, usd } = await openAndAssign("east", nodeId, 1n);
    const treasury = await net.hub.timelock.getAddress();
    const before = {
      provider: await usd.balanceOf(actor.provider.hub),
      buyer: await usd.balanceOf(actor.buyer.hub),
      treasury: await usd.balanceOf(treasury),
    };
    const east = net.regions.east!;
    const receipt = {
      jobId,
      nodeId,
      attempt: 1,
      inputCommitment: 42n,
      outputCommitment: 777n,
      latencyMs: 150,
      finishTime: BigInt((await chains.east.provider.getBlock("latest"))!.timestamp),
      energyWh: 1_200,
    };
    const sig = await signReceipt(
      actor.provider.east,
      BigInt(chains.east.domain),
      await east.verifier.getAddress(),
      receipt,
    );
    await (await east.receipts.connect(actor.provider.east).submitReceipt(receipt, sig)).wait();
    await waitFor(
      async () => (await net.hub.jobMarket.job(jobId)).status === 3n,
      WAIT_MS,
      "settlement on the hub",
    );
    expect((await usd.balanceOf(actor.provider.hub)) - before.provider).toBe(70_560n);
    expect((await usd.balanceOf(treasury)) - before.treasury).toBe(1_440n);
    expect((await usd.balanceOf(actor.buyer.hub)) - before.buyer).toBe(18_000n);
  });

  it("a Groth16-proven receipt from west is re-verified by the hub and settles", async () => {
    const nodeId = await registerAndStake("west", identityCommitment(SECRET));
    const { jobId } = await openAndAssign("west", nodeId, 2n);
    const west = net.regions.west!;
    const a = await west.inbox.assignment(jobId);
    const w = {
      secret: SECRET,
      jobId,
      attempt: a.attempt,
      outputCommitment: 4242n,
      latencyBoundMs: a.latencyBoundMs,
      deadline: a.deadline,
      latencyMs: 90n,
      finishTime: BigInt((await chains.west.provider.getBlock("latest"))!.timestamp),
      energyWh: 10n,
      salt: 99n,
    };
    const p = await prove("JobReceipt", jobReceiptInput(w));
    const s = decodeJobReceiptSignals(p.publicSignals);
    const before = await net.hub.jobMarket.creditOf(actor.provider.hub);
    const proven = provenReceiptsOf(s, 1)[0]!;
    await (
      await west.receipts
        .connect(actor.provider.west)
        .submitProvenReceipts(nodeId, [proven], s.metricsDigest, toSolidityProof(p.proof))
    ).wait();
    await waitFor(
      async () => (await net.hub.jobMarket.job(jobId)).status === 3n,
      WAIT_MS,
      "proven settlement",
    );
    // Proven batches credit the payout; the operator pulls it.
    expect((await net.hub.jobMarket.creditOf(actor.provider.hub)) - before).toBe(70_560n);
    expect(await net.hub.jobMarket.verifiedOutputCommitment(jobId)).toBe(4242n);
  });

  it("a DAO proposal on the hub changes a region parameter through Timelock → Dispatcher → Mailbox → GovernanceExecutor", async () => {
    const { hub } = net;
    const east = net.regions.east!;
    const newVerifier = await (
      await new SignatureReceiptVerifier__factory(chains.east.deployer).deploy()
    ).waitForDeployment();
    // Timelock → GovernanceDispatcher (numbers the region's calls) → Mailbox → GovernanceExecutor.
    const dispatcher = net.bridges!.hub!.governanceDispatcher!;
    const target = await dispatcher.getAddress();
    const calldata = dispatcher.interface.encodeFunctionData("send", [
      chains.east.domain,
      zeroPadValue(net.executors.east!, 32),
      await east.receipts.getAddress(),
      0n,
      east.receipts.interface.encodeFunctionData("setVerifier", [await newVerifier.getAddress()]),
      86_400,
    ]);
    const description = "East: switch the receipt verifier";
    const voter = actor.voter.hub;
    await (await hub.token.connect(voter).delegate(voter)).wait();
    await (await hub.governor.connect(voter).propose([target], [0n], [calldata], description)).wait();
    const proposalId = await hub.governor.hashProposal([target], [0n], [calldata], id(description));
    await chains.hub.provider.send("evm_increaseTime", [2]); // votes are timestamped (ERC-6372)
    await chains.hub.provider.send("evm_mine", []);
    await (await hub.governor.connect(voter).castVote(proposalId, 1)).wait();
    await chains.hub.provider.send("evm_increaseTime", [51]); // votes are timestamped (ERC-6372)
    await chains.hub.provider.send("evm_mine", []);
    await (await hub.governor.connect(voter).queue([target], [0n], [calldata], id(description))).wait();
    await chains.hub.provider.send("evm_increaseTime", [3_601]);
    await chains.hub.provider.send("evm_mine", []);
    await (await hub.governor.connect(voter).execute([target], [0n], [calldata], id(description))).wait();
    await waitFor(
      async () => (await east.receipts.verifier()) === (await newVerifier.getAddress()),
      WAIT_MS,
      "the governance call executed on east",
    );
    // The same call straight from an account on east is refused: the region is owned by its executor.
    await expectRevert(
      () => east.receipts.connect(actor.voter.east).setVerifier(newVerifier),
      east.receipts.interface,
      "OwnableUnauthorizedAccount",
    );
  });
});
