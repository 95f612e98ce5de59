import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { network } from "hardhat";
import { type SlaPricingHarness, SlaPricingHarness__factory } from "../../types/contracts/index.js";
import { type MarketFixture, marketFixture, NODE_PARAMS } from "../helpers/market.js";
import { increaseTime } from "../helpers/chain.js";

const U32 = 2n ** 32n - 1n;
const U128 = 2n ** 128n - 1n;

describe("SlaPricingLib properties", () => {
  let lib: SlaPricingHarness;

  beforeAll(async () => {
    const { ethers } = await network.create("hub");
    const [deployer] = await ethers.getSigners();
    lib = await new SlaPricingHarness__factory(deployer).deploy();
  });

  const u32 = fc.integer({ min: 0, max: Number(U32) });
  const u128 = fc.bigInt({ min: 0n, max: U128 });
  const bps = fc.integer({ min: 0, max: 50_000 });

  it("price is monotone in resources and duration and never overflows, even at the type extremes", async () => {
    await fc.assert(
      fc.asyncProperty(u32, u32, u32, u128, bps, async (r, extra, d, unit, m) => {
        const r2 = Math.min(Number(U32), r + extra);
        const p1 = await lib.price(r, d, unit, m);
        const p2 = await lib.price(r2, d, unit, m);
        const p3 = await lib.price(d, r2, unit, m); // duration monotone by symmetry of the product
        expect(p1).toBe((BigInt(r) * BigInt(d) * unit * BigInt(m)) / 10_000n);
        expect(p2 >= p1).toBe(true);
        expect(p3).toBe(p2);
      }),
      { numRuns: 1_000, examples: [[Number(U32), 0, Number(U32), U128, 50_000]] },
    );
  });

  it("penalty ≤ price, fee ≤ earnings and the split always sums to the escrow", async () => {
    await fc.assert(
      fc.asyncProperty(
        u32,
        u32,
        u128,
        fc.integer({ min: 1, max: 50_000 }),
        u32,
        fc.integer({ min: 1, max: Number(U32) }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.bigInt({ min: 0n, max: 2n ** 200n }),
        async (r, d, unit, m, latency, bound, penaltyBps, feeBps, headroom) => {
          const price = await lib.price(r, d, unit, m);
          const escrow = price + headroom;
          const o = await lib.settle(escrow, price, latency, bound, penaltyBps, feeBps);
          expect(o.penalty <= price).toBe(true);
          expect(o.fee <= price - o.penalty).toBe(true);
          expect(o.providerPay + o.buyerRefund + o.fee).toBe(escrow);
          if (latency <= bound) expect(o.penalty).toBe(0n);
          // Pro rata: more latency never costs the buyer more.
          const worse = await lib.settle(
            escrow,
            price,
            Math.min(Number(U32), latency + 1),
            bound,
            penaltyBps,
            feeBps,
          );
          expect(worse.penalty >= o.penalty).toBe(true);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});

/**
 * Random operation sequences against the whole market on one chain (hub and east peered LocalMessengers).
 * Moves: create, cancel, assign, acknowledge, receipts (prompt, slow, late with a forged finish time, or held
 * in the bridge across the deadline), release or drop of a held receipt, decline, unbond and withdraw during
 * assignments, settleTimedOut, buyer disputes of a latency claim within the dispute window, and waits (seconds,
 * or past the unbonding delay). Invariants: after every move a
 * node's bonded stake covers exactly the slashes its open assignments lock; after every sequence escrow +
 * paid + refunded + fees = deposits, and every job can be settled by anyone after its deadline + grace.
 * `FC_RUNS` sets the number of sequences (CI: 1,000; `npm run soak:properties`: 10,000), `FC_SEED` the seed.
 */
type ReceiptMode = "prompt" | "slow" | "late" | "inflight";
type Op =
  | { kind: "create"; resources: number; duration: number; tier: number; maxUnitPrice: bigint; ttl: number }
  | { kind: "cancel"; job: number }
  | { kind: "assign"; job: number; node: number }
  | { kind: "receipt"; job: number; latency: number; mode: ReceiptMode; extra: number }
  | { kind: "release"; drop: boolean }
  | { kind: "decline"; job: number }
  | { kind: "unbond"; node: number; amount: number }
  | { kind: "withdraw"; node: number; afterDelay: boolean }
  | { kind: "timeout"; job: number }
  | { kind: "dispute"; job: number; latency: number }
  | { kind: "wait"; seconds: number };

const RUNS = Number(process.env.FC_RUNS ?? 1_000);
const SLASH = 100n * 10n ** 18n;
const UNBONDING = 7 * 24 * 3600;
const ALLOWANCE = 30;

const createArb = fc.record({
  kind: fc.constant("create" as const),
  resources: fc.integer({ min: 1, max: 64 }),
  duration: fc.integer({ min: 1, max: 3_600 }),
  tier: fc.integer({ min: 0, max: 2 }),
  // Node asks are 20 and 35: some buyers accept both, some only the cheaper node, some neither.
  maxUnitPrice: fc.bigInt({ min: 18n, max: 40n }),
  ttl: fc.integer({ min: 0, max: 7_200 }),
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: createArb, weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("cancel" as const), job: fc.nat(7) }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant("assign" as const), job: fc.nat(7), node: fc.nat(1) }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("receipt" as const),
      job: fc.nat(7),
      latency: fc.integer({ min: 1, max: 1_000 }),
      mode: fc.constantFrom<ReceiptMode>("prompt", "prompt", "slow", "late", "inflight"),
      extra: fc.integer({ min: 0, max: 120 }),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("release" as const),
      drop: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant("decline" as const), job: fc.nat(7) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("unbond" as const),
      node: fc.nat(1),
      amount: fc.integer({ min: 1, max: 2_000 }),
    }),
    weight: 1,
  },
  {
    // Half the withdrawals first wait out the unbonding delay (with the jobs still assigned).
    arbitrary: fc.record({
      kind: fc.constant("withdraw" as const),
      node: fc.nat(1),
      afterDelay: fc.boolean(),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant("timeout" as const), job: fc.nat(7) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("dispute" as const),
      job: fc.nat(7),
      latency: fc.integer({ min: 1, max: 1_000 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant("wait" as const),
      seconds: fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: 5_000 }), weight: 3 },
        { arbitrary: fc.constant(UNBONDING + 1), weight: 1 },
      ),
    }),
    weight: 2,
  },
);

interface TrackedJob {
  id: bigint;
  status: bigint; // IJobMarket.JobStatus
  node: number; // index into nodes, -1 when none
  deadline: bigint;
  duration: number;
  attempt: number;
}

describe("escrow, stake and liveness over random operation sequences", () => {
  let f: MarketFixture;
  let nodes: bigint[];

  beforeAll(async () => {
    f = await marketFixture();
    nodes = [
      await f.registerAndStake(),
      await f.registerAndStake({ ...NODE_PARAMS, pricePerSecond: 35n, identityCommitment: 8n }),
    ];
    // Each node bonds 2,000 SUAN: unbonding part of it leaves the node placeable for a while.
    const extra = 1_000n * 10n ** 18n;
    for (const node of nodes) {
      await (await f.hub.token.connect(f.signers.voter).transfer(f.signers.provider, extra)).wait();
      await (await f.hub.token.connect(f.signers.provider).approve(f.hub.stakeManager, extra)).wait();
      await (await f.hub.stakeManager.connect(f.signers.provider).stake(node, extra)).wait();
    }
    // Buyers get an hour to dispute a node's latency claim.
    const timelock = await f.hub.timelock.getAddress();
    await f.ethers.provider.send("hardhat_impersonateAccount", [timelock]);
    await f.ethers.provider.send("hardhat_setBalance", [timelock, "0xde0b6b3a7640000"]);
    await (await f.hub.jobMarket.connect(await f.ethers.getSigner(timelock)).setDisputeWindow(3_600)).wait();
    // Plenty of buyer funds for long sequences.
    await (await f.usd.mint(f.signers.buyer, 10n ** 15n)).wait();
    await (
      await f.usd.connect(f.signers.buyer).approve(await f.hub.jobMarket.getAddress(), 2n ** 255n)
    ).wait();
  });

  it(
    `${RUNS} sequences: conservation, locked stake ≤ bonded, every job settleable after deadline + grace`,
    async () => {
      const { hub, usd, signers, ethers, east, eastMessenger } = f;
      const market = await hub.jobMarket.getAddress();
      const treasury = await hub.timelock.getAddress();
      const parties = [signers.buyer, signers.provider, treasury, market] as const;
      const grace = BigInt((await hub.jobMarket.policy()).settlementGraceSec);
      let runs = 0;
      const seen = {
        JobCreated: 0,
        JobAssigned: 0,
        JobSettled: 0,
        JobTimedOut: 0,
        JobCancelled: 0,
        JobDeclined: 0,
        SettlementHeld: 0,
        HeldReleased: 0,
        lateReceipt: 0,
        inFlightWon: 0,
        unbondRefused: 0,
        withdrawn: 0,
      };
      const started = Date.now();

      await fc.assert(
        // Short sequences keep 10,000 of them affordable; each starts with a job to act on.
        fc.asyncProperty(createArb, fc.array(opArb, { minLength: 3, maxLength: 11 }), async (first, rest) => {
          const ops: Op[] = [first, ...rest];
          runs++;
          const snapshot = await ethers.provider.send("evm_snapshot", []);
          try {
            // The clock offset survives evm_revert: mine once so "now" below is the chain's real time.
            await ethers.provider.send("evm_mine", []);
            const start = await Promise.all(parties.map((p) => usd.balanceOf(p)));
            const jobs: TrackedJob[] = [];
            const byId = new Map<bigint, TrackedJob>();
            const held: { job: TrackedJob; acceptedAt: bigint; attempt: number }[] = [];
            let deposits = 0n;
            let paidOut = 0n;
            const heldShares = new Set<bigint>(); // settled jobs with a share held for the dispute window

            const account = async (tx: Promise<{ wait(): Promise<unknown> }>) => {
              const receipt = (await (await tx).wait()) as {
                blockNumber: number;
                logs: { topics: readonly string[]; data: string }[];
              };
              for (const log of receipt.logs) {
                let parsed;
                try {
                  parsed = hub.jobMarket.interface.parseLog(log);
                } catch {
                  parsed = null;
                }
                if (!parsed) continue;
                if (parsed.name in seen) seen[parsed.name as keyof typeof seen]++;
                const j = byId.get(parsed.args.jobId as bigint);
                switch (parsed.name) {
                  case "JobCreated":
                    deposits += parsed.args.escrow;
                    break;
                  case "JobAssigned":
                    j!.status = 2n;
                    j!.node = nodes.indexOf(parsed.args.nodeId);
                    j!.attempt = Number(parsed.args.attempt);
                    break;
                  case "JobSettled":
                    paidOut += parsed.args.providerPay + parsed.args.buyerRefund + parsed.args.fee;
                    j!.status = 3n;
                    break;
                  case "JobTimedOut":
                    paidOut += parsed.args.refund;
                    j!.status = 4n;
                    break;
                  case "JobCancelled":
                    paidOut += parsed.args.refund;
                    j!.status = 5n;
                    break;
                  case "JobDeclined":
                    j!.status = 1n;
                    j!.node = -1;
                    break;
                  case "SettlementHeld":
                    paidOut -= parsed.args.amount;
                    heldShares.add(j!.id);
                    break;
                  case "HeldReleased":
                    paidOut += parsed.args.providerPay + parsed.args.buyerRefund + parsed.args.fee;
                    heldShares.delete(j!.id);
                    break;
                }
              }
              return receipt;
            };
            const attempt = async (tx: () => Promise<{ wait(): Promise<unknown> }>) => {
              try {
                return await account(tx());
              } catch (err) {
                // Operations that are invalid in the current state must revert with a named error, not panic.
                expect(String(err)).not.toMatch(/panic|overflow|underflow|couldn't infer/i);
                return undefined;
              }
            };
            const pick = (status: bigint, index: number) => {
              const live = jobs.filter((j) => j.status === status);
              return live.length === 0 ? undefined : live[index % live.length];
            };
            const blockTime = async (blockNumber: number) =>
              BigInt((await ethers.provider.getBlock(blockNumber))!.timestamp);
            // Locked stake is exactly the slashes of the node's open assignments, and never above its bond.
            const checkStake = async () => {
              for (const [i, node] of nodes.entries()) {
                const open = jobs.filter((j) => j.status === 2n && j.node === i).length;
                const [[bonded], locked] = await Promise.all([
                  hub.stakeManager.stakeOf(node),
                  hub.stakeManager.lockedOf(node),
                ]);
                expect(locked).toBe(BigInt(open) * SLASH);
                expect(bonded >= locked).toBe(true);
              }
            };

            for (const op of ops) {
              switch (op.kind) {
                case "create": {
                  const now = await f.now();
                  const spec = {
                    resources: op.resources,
                    durationSec: op.duration,
                    tier: op.tier,
                    latencyBoundMs: 200,
                    deadline: now + BigInt(op.duration + op.ttl + 3),
                    maxUnitPrice: op.maxUnitPrice,
                    inputCommitment: 42n,
                  };
                  const job: TrackedJob = {
                    id: (await hub.jobMarket.jobCount()) + 1n,
                    status: 1n,
                    node: -1,
                    deadline: spec.deadline,
                    duration: op.duration,
                    attempt: 0,
                  };
                  jobs.push(job);
                  byId.set(job.id, job);
                  await account(hub.jobMarket.connect(signers.buyer).createJob(spec));
                  break;
                }
                case "cancel": {
                  const j = jobs[op.job % Math.max(jobs.length, 1)];
                  if (j) await attempt(() => hub.jobMarket.connect(signers.buyer).cancel(j.id));
                  break;
                }
                case "assign": {
                  const j = pick(1n, op.job) ?? pick(2n, op.job);
                  if (!j) break;
                  await attempt(() =>
                    hub.directiveHub.connect(signers.scheduler).assign(j.id, nodes[op.node]!, j.attempt + 1),
                  );
                  break;
                }
                case "receipt": {
                  const j = pick(2n, op.job);
                  if (!j) break;
                  const a = await east.inbox.assignment(j.id);
                  if (!a.acknowledged)
                    await attempt(() => east.inbox.connect(signers.provider).acknowledge(j.id));
                  if (op.mode === "slow")
                    await increaseTime(ethers.provider, j.duration + ALLOWANCE + op.extra);
                  if (op.mode === "late") {
                    const wait = j.deadline - (await f.now()) + BigInt(ALLOWANCE + 1 + op.extra);
                    if (wait > 0n) await increaseTime(ethers.provider, wait);
                  }
                  const receipt = await f.receiptFor(j.id, nodes[j.node]!, {
                    latencyMs: op.latency,
                    // The late node claims the deadline as its finish time: the region's clock must decide.
                    finishTime: op.mode === "late" ? j.deadline : await f.now(),
                  });
                  if (op.mode === "inflight") await (await eastMessenger.setHeld(true)).wait();
                  const before = j.status;
                  const mined = await attempt(() => f.submitSigned(receipt));
                  if (op.mode === "inflight") {
                    await (await eastMessenger.setHeld(false)).wait();
                    if (mined)
                      held.push({
                        job: j,
                        acceptedAt: await blockTime(mined.blockNumber),
                        attempt: j.attempt,
                      });
                  } else if (mined && before === 2n) {
                    const acceptedAt = await blockTime(mined.blockNumber);
                    const late =
                      acceptedAt > j.deadline + BigInt(ALLOWANCE) || receipt.finishTime > j.deadline;
                    if (late) seen.lateReceipt++;
                    expect(j.status).toBe(late ? 4n : 3n);
                  }
                  break;
                }
                case "release": {
                  const next = held.shift();
                  if (!next) break;
                  const wasLive = next.job.status === 2n && next.job.attempt === next.attempt;
                  const done = await attempt(() => eastMessenger.release());
                  if (!done) {
                    // The hub refused it (the job moved on meanwhile): drop it as a relayer would give up.
                    expect(wasLive).toBe(false);
                    await (await eastMessenger.skip()).wait();
                  } else {
                    // Delivered whenever: judged by the time the region accepted it.
                    const inTime = next.acceptedAt <= next.job.deadline + BigInt(ALLOWANCE);
                    expect(next.job.status).toBe(inTime ? 3n : 4n);
                    if (inTime && (await f.now()) > next.job.deadline) seen.inFlightWon++;
                  }
                  if (op.drop && held.length > 0) {
                    held.shift();
                    await (await eastMessenger.skip()).wait();
                  }
                  break;
                }
                case "decline": {
                  const j = pick(2n, op.job);
                  if (j) await attempt(() => hub.jobMarket.connect(signers.provider).decline(j.id));
                  break;
                }
                case "unbond": {
                  const amount = BigInt(op.amount) * 10n ** 18n;
                  const done = await attempt(() =>
                    hub.stakeManager.connect(signers.provider).requestUnbond(nodes[op.node]!, amount),
                  );
                  if (!done) seen.unbondRefused++;
                  break;
                }
                case "withdraw": {
                  if (op.afterDelay) await increaseTime(ethers.provider, UNBONDING + 1);
                  const done = await attempt(() =>
                    hub.stakeManager.connect(signers.provider).withdraw(nodes[op.node]!),
                  );
                  if (done) seen.withdrawn++;
                  break;
                }
                case "timeout": {
                  const j = jobs[op.job % Math.max(jobs.length, 1)];
                  if (j) await attempt(() => hub.jobMarket.connect(signers.stranger).settleTimedOut(j.id));
                  break;
                }
                case "dispute": {
                  const j = jobs[op.job % Math.max(jobs.length, 1)];
                  if (j) await attempt(() => hub.jobMarket.connect(signers.buyer).dispute(j.id, op.latency));
                  break;
                }
                case "wait":
                  await increaseTime(ethers.provider, op.seconds);
                  break;
              }
              await checkStake();
            }

            const escrowHeld = (await usd.balanceOf(market)) - start[3]!;
            expect(escrowHeld + paidOut).toBe(deposits);
            const now = await Promise.all(parties.map((p) => usd.balanceOf(p)));
            expect(start[0]! - now[0]!).toBe(escrowHeld + (now[1]! - start[1]!) + (now[2]! - start[2]!));

            // Liveness: receipts still in the bridge arrive (or are dropped), and after every deadline and
            // grace period each open or assigned job can be settled by anyone.
            for (let i = 0; i < held.length; i++) {
              if (!(await attempt(() => eastMessenger.release()))) await (await eastMessenger.skip()).wait();
            }
            const lastDeadline = jobs.reduce((m, j) => (j.deadline > m ? j.deadline : m), 0n);
            const wait = lastDeadline + grace + 1n - (await f.now());
            if (wait > 0n) await increaseTime(ethers.provider, wait);
            for (const j of jobs) {
              if (j.status === 1n || j.status === 2n)
                await account(hub.jobMarket.connect(signers.stranger).settleTimedOut(j.id));
            }
            // Held shares are released by anyone once their window has closed.
            await increaseTime(ethers.provider, 3_601);
            for (const id of [...heldShares]) {
              await account(hub.jobMarket.connect(signers.stranger).releaseHeld(id));
            }
            await checkStake();
            expect(await usd.balanceOf(market)).toBe(start[3]);
            expect(paidOut).toBe(deposits);
          } finally {
            await ethers.provider.send("evm_revert", [snapshot]);
          }
        }),
        // A fixed seed keeps CI reproducible; FC_SEED explores others.
        { numRuns: RUNS, seed: Number(process.env.FC_SEED ?? 20_261_203) },
      );
      expect(runs).toBeGreaterThanOrEqual(RUNS);
      console.log(`${runs} sequences in ${((Date.now() - started) / 1000).toFixed(1)} s; exercised:`, seen);
      // The sequences really exercised every move (checked at CI size and above).
      if (RUNS >= 1_000) for (const count of Object.values(seen)) expect(count).toBeGreaterThan(0);
    },
    60_000 + RUNS * 250,
  );
});
