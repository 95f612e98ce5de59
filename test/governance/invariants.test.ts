/**
 * Must-show 3 of issue 18: random sequences of bridging (both ways, messages delivered in any order), transfers,
 * delegation, votes on every chain, tallies and waits, across three chains. Each sequence starts from the same
 * chain states (EVM snapshots) with a new proposal announced to both spokes. Checked after every sequence:
 * - supply: the hub supply never changes; the lockbox holds exactly what the regions hold plus what is in
 *   flight; once everything is delivered each region's supply equals what the hub locked for it; a mint or an
 *   unlock is never refused (nothing lost or stuck);
 * - votes: the weight each voter was counted with (VoteCast events) is their checkpointed votes at the hub
 *   snapshot on that chain; no account is counted for more than its snapshot votes summed over the chains;
 *   the hub tally equals the direct hub votes plus the delivered spoke tallies, and a spoke tally counted on
 *   the hub never exceeds the spoke's own.
 * `FC_RUNS` sets the number of sequences (CI: 12; `npm run soak:gov`: 5,000), `FC_SEED` the seed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { id } from "ethers";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { interopAddress } from "../../services/shared/interop.js";
import { GAS, governanceWorld, type GovernanceWorld, type Name, type Relayed, SUAN } from "./world.js";

const RUNS = Number(process.env.FC_RUNS ?? 12);
const REGIONS = ["east", "west"] as const;
type Region = (typeof REGIONS)[number];
const HOLDERS = [1, 2, 3, 4];

type Op =
  | { kind: "out"; holder: number; region: Region; amount: number }
  | { kind: "back"; holder: number; region: Region; amount: number }
  | { kind: "transfer"; chain: Name; from: number; to: number; amount: number }
  | { kind: "delegate"; chain: Name; holder: number; to: number }
  | { kind: "vote"; chain: Name; holder: number; support: number }
  | { kind: "tally"; region: Region }
  | { kind: "deliver"; pick: number }
  | { kind: "wait"; seconds: number };

const holder = fc.constantFrom(...HOLDERS);
const region = fc.constantFrom(...REGIONS);
const chain = fc.constantFrom<Name>("hub", "east", "west");
const amount = fc.integer({ min: 1, max: 400 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("out" as const), holder, region, amount }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("back" as const), holder, region, amount }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant("transfer" as const), chain, from: holder, to: holder, amount }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant("delegate" as const), chain, holder, to: holder }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("vote" as const),
      chain,
      holder,
      support: fc.integer({ min: 0, max: 2 }),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant("tally" as const), region }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant("deliver" as const), pick: fc.nat(7) }), weight: 5 },
  {
    arbitrary: fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 15 }) }),
    weight: 2,
  },
);

interface InFlight {
  m: Relayed;
  kind: "mint" | "unlock" | "tally";
  region: Region;
  amount: bigint;
}

describe("cross-chain governance invariants over random sequences", () => {
  let w: GovernanceWorld;
  let start: Record<Name, string>;
  let startCursor: Record<Name, number>;
  const addr = (i: number) => w.chains.hub.signers[i]!.address;

  beforeAll(async () => {
    w = await governanceWorld();
    const deployer = w.chains.hub.signers[0]!;
    for (const i of HOLDERS) {
      await (await w.net.hub.token.connect(deployer).transfer(addr(i), SUAN(1_000))).wait();
      await (await w.net.hub.token.connect(w.on("hub", addr(i))).delegate(addr(i))).wait();
      for (const r of REGIONS) {
        await (await w.gov.regions[r]!.token.connect(w.on(r, addr(i))).delegate(addr(i))).wait();
      }
    }
    // Some SUAN already on the regions before any proposal.
    for (const [i, r] of [
      [1, "east"],
      [2, "west"],
      [3, "east"],
    ] as const) {
      await w.bridgeToRegion(w.on("hub", addr(i)), r, addr(i), SUAN(300));
    }
    await w.relay();
    await w.elapse(1);
    start = Object.fromEntries(
      await Promise.all(
        (["hub", "east", "west"] as const).map(async (n) => [
          n,
          (await w.chains[n].provider.send("evm_snapshot", [])) as string,
        ]),
      ),
    ) as Record<Name, string>;
    startCursor = w.cursor();
  }, 120_000);

  /** Sends a transaction; false when it reverts (a refusal, which the invariants then must survive). */
  async function attempt(send: () => Promise<{ wait(): Promise<unknown> }>): Promise<boolean> {
    try {
      await (await send()).wait();
      return true;
    } catch {
      return false;
    }
  }

  async function runSequence(ops: Op[]) {
    const { net, gov } = w;
    const inflight: InFlight[] = [];
    const track = async (kind: InFlight["kind"], r: Region, value: bigint) => {
      for (const m of await w.collect()) inflight.push({ m, kind, region: r, amount: value });
    };
    const deliver = async (f: InFlight) => {
      const ok = await attempt(() => w.deliver(f.m));
      // A mint or an unlock is never refused; a stale or late tally may be.
      if (f.kind !== "tally") expect(ok, `${f.kind} ${f.m.messageId} refused`).toBe(true);
    };

    const target = [await net.hub.token.getAddress()];
    const calldata = [net.hub.token.interface.encodeFunctionData("name")];
    await (
      await net.hub.governor.connect(w.on("hub", addr(1))).propose(target, [0n], calldata, "fuzz")
    ).wait();
    const proposalId = await net.hub.governor.hashProposal(target, [0n], calldata, id("fuzz"));
    await w.elapse(2); // the snapshot is past: the pool can announce
    for (const r of REGIONS) await (await gov.hub.votePool.announce(proposalId, CHAIN_IDS[r])).wait();
    await w.relay();
    const snapshot = await net.hub.governor.proposalSnapshot(proposalId);

    for (const op of ops) {
      switch (op.kind) {
        case "out": {
          const who = w.on("hub", addr(op.holder));
          const value = SUAN(op.amount);
          await attempt(() => net.hub.token.connect(who).approve(gov.hub.tokenBridge, value));
          if (
            await attempt(() =>
              gov.hub.tokenBridge
                .connect(who)
                .crosschainTransfer(interopAddress(CHAIN_IDS[op.region], who.address), value, {
                  gasLimit: GAS,
                }),
            )
          )
            await track("mint", op.region, value);
          break;
        }
        case "back": {
          const who = w.on(op.region, addr(op.holder));
          const value = SUAN(op.amount);
          if (
            await attempt(() =>
              gov.regions[op.region]!.token.connect(who).crosschainTransfer(
                interopAddress(CHAIN_IDS.hub, who.address),
                value,
                { gasLimit: GAS },
              ),
            )
          )
            await track("unlock", op.region, value);
          break;
        }
        case "transfer": {
          const token = op.chain === "hub" ? net.hub.token : gov.regions[op.chain]!.token;
          await attempt(() =>
            token
              .connect(w.on(op.chain, addr(op.from)))
              .transfer(addr(op.to), SUAN(op.amount), { gasLimit: GAS }),
          );
          break;
        }
        case "delegate": {
          const token = op.chain === "hub" ? net.hub.token : gov.regions[op.chain]!.token;
          await attempt(() =>
            token.connect(w.on(op.chain, addr(op.holder))).delegate(addr(op.to), { gasLimit: GAS }),
          );
          break;
        }
        case "vote": {
          const voter = w.on(op.chain, addr(op.holder));
          if (op.chain === "hub")
            await attempt(() => net.hub.governor.connect(voter).castVote(proposalId, op.support));
          else
            await attempt(() =>
              gov.regions[op.chain as Region]!.aggregator.connect(voter).castVote(proposalId, op.support),
            );
          break;
        }
        case "tally":
          if (await attempt(() => gov.regions[op.region]!.aggregator.sendTally(proposalId)))
            await track("tally", op.region, 0n);
          break;
        case "deliver":
          if (inflight.length > 0) await deliver(inflight.splice(op.pick % inflight.length, 1)[0]!);
          break;
        case "wait":
          await w.elapse(op.seconds);
          break;
      }
    }

    // Supply, with messages still in flight: the lockbox holds what the regions hold plus what is in flight.
    const hubSupply = await net.hub.token.totalSupply();
    expect(hubSupply).toBe(net.hub.params.token.supply);
    const lockbox = await net.hub.token.balanceOf(gov.hub.tokenBridge);
    let regionsHold = 0n;
    for (const r of REGIONS) {
      const supply = await gov.regions[r]!.token.totalSupply();
      const pending = inflight
        .filter((f) => f.region === r && f.kind !== "tally")
        .reduce((s, f) => s + f.amount, 0n);
      expect(await gov.hub.tokenBridge.lockedFor(CHAIN_IDS[r])).toBe(supply + pending);
      regionsHold += supply + pending;
    }
    expect(lockbox).toBe(regionsHold);

    // Votes: counted weights (events) against checkpointed snapshot votes on each chain.
    const counted = new Map<string, bigint>();
    const add = (who: string, v: bigint) => counted.set(who, (counted.get(who) ?? 0n) + v);
    let direct = [0n, 0n, 0n];
    const hubVotes = await net.hub.governor.queryFilter(net.hub.governor.filters.VoteCast());
    const pool = (await gov.hub.votePool.getAddress()).toLowerCase();
    for (const e of hubVotes) {
      if (e.args.proposalId !== proposalId || e.args.voter.toLowerCase() === pool) continue;
      expect(e.args.weight).toBe(await net.hub.token.getPastVotes(e.args.voter, snapshot));
      add(e.args.voter, e.args.weight);
      direct = direct.map((v, i) => (i === Number(e.args.support) ? v + e.args.weight : v));
    }
    const expected = [...direct];
    for (const r of REGIONS) {
      const agg = gov.regions[r]!.aggregator;
      const spoke = [0n, 0n, 0n];
      for (const e of await agg.queryFilter(agg.filters.VoteCast())) {
        if (e.args.proposalId !== proposalId) continue;
        expect(e.args.weight).toBe(await gov.regions[r]!.token.getPastVotes(e.args.voter, snapshot));
        add(e.args.voter, e.args.weight);
        spoke[Number(e.args.support)]! += e.args.weight;
      }
      expect([...(await agg.proposalVotes(proposalId))]).toEqual(spoke);
      const atHub = [...(await gov.hub.votePool.spokeVotes(proposalId, CHAIN_IDS[r]))];
      atHub.forEach((v, i) => expect(v <= spoke[i]!).toBe(true));
      atHub.forEach((v, i) => (expected[i]! += v));
    }
    const [against, forVotes, abstain] = await net.hub.governor.proposalVotes(proposalId);
    expect([against, forVotes, abstain]).toEqual(expected);
    for (const [who, weight] of counted) {
      let bound = await net.hub.token.getPastVotes(who, snapshot);
      for (const r of REGIONS) bound += await gov.regions[r]!.token.getPastVotes(who, snapshot);
      expect(weight <= bound, `${who} counted ${weight} > ${bound}`).toBe(true);
    }

    // Nothing stuck: deliver what is left; every region's supply then equals what the hub locked for it.
    for (const f of inflight.splice(0)) await deliver(f);
    for (const r of REGIONS) {
      expect(await gov.hub.tokenBridge.lockedFor(CHAIN_IDS[r])).toBe(
        await gov.regions[r]!.token.totalSupply(),
      );
    }
  }

  it(`holds over ${RUNS} random sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        try {
          await runSequence(ops);
        } finally {
          for (const n of ["hub", "east", "west"] as const) {
            await w.chains[n].provider.send("evm_revert", [start[n]]);
            start[n] = (await w.chains[n].provider.send("evm_snapshot", [])) as string;
          }
          w.setCursor(startCursor);
        }
      }),
      {
        numRuns: RUNS,
        seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined,
        endOnFailure: true,
      },
    );
  }, 3_600_000);
});
