/**
 * The cross-chain side of `suanli dao` (docs/governance.md), on the SDK's governance functions
 * (services/sdk/actions/governance.ts): SUAN moved between the hub and a region, delegation and votes on a region
 * (`--chain`), a proposal announced to the regions, a region's tally sent to the hub, and a proposal's status
 * with the per-chain tallies and each spoke's cut-off. Commands that wait for the bridge (bridge-tokens,
 * announce, tally) poll the destination chain until the message has landed (`--timeout`, or `--no-wait`).
 */
import type { Command } from "commander";
import { formatUnits, type JsonRpcProvider, type Provider, type Signer } from "ethers";
import type { HubGovernance, RegionGovernance, Support } from "../../sdk/actions/governance.js";
import { connect, record, regionNames, signer } from "../context.js";
import { action, type Opts, type Out, usage } from "../output.js";
import { addressArg, amount, int, uint } from "../parse.js";

export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;

/**
 * The SDK's governance functions, imported when a dao command runs: they load every TypeChain factory, which
 * would otherwise slow every `suanli` invocation (`--help` included) by a third of a second.
 */
export const sdkGovernance = () => import("../../sdk/actions/governance.js");

/** A Governor state's name (Pending, Active, …), with the API's schema imported when a dao command runs. */
export async function stateName(state: bigint): Promise<string | undefined> {
  return (await import("../../api/schemas.js")).ProposalState.options[Number(state)];
}

/** The hub's and every region's governance addresses from the deployment records. */
export function governanceRecords(): { hub: HubGovernance; regions: Record<string, RegionGovernance> } {
  const h = record("hub");
  const need = (chain: string, r: Record<string, unknown>, fields: string[]) => {
    const missing = fields.filter((f) => typeof r[f] !== "string");
    if (missing.length > 0)
      usage(`the deployment record of ${chain} names no ${missing.join(", ")} (cross-chain governance)`);
  };
  need("hub", h, ["governor", "token", "tokenBridge", "votePool"]);
  const regions: Record<string, RegionGovernance> = {};
  for (const name of regionNames()) {
    const r = record(name);
    need(name, r, ["suan", "voteAggregator"]);
    regions[name] = { chainId: Number(r.chainId), suan: r.suan!, voteAggregator: r.voteAggregator! };
  }
  return {
    hub: {
      chainId: Number(h.chainId),
      governor: h.governor!,
      token: h.token!,
      tokenBridge: h.tokenBridge!,
      votePool: h.votePool!,
    },
    regions,
  };
}

/** `--chain`: "hub" or a region of the deployment records. */
export function chainOf(o: Opts): string {
  const chain = (o.chain as string | undefined) ?? "hub";
  const names = ["hub", ...regionNames()];
  if (!names.includes(chain)) usage(`--chain must be one of ${names.join(", ")}, got "${chain}"`);
  return chain;
}

export const chainOption = (c: Command) =>
  c.option("--chain <name>", "hub, or the region chain to act on (east, west, …)", "hub");

function regionOf(chain: string, regions: Record<string, RegionGovernance>, what: string) {
  if (chain === "hub") usage(`${what} needs a region: pass --chain ${Object.keys(regions).join("|")}`);
  return regions[chain]!;
}

async function keyed(chain: string, o: Opts): Promise<{ provider: JsonRpcProvider; signer: Signer }> {
  const provider = await connect(chain);
  return { provider, signer: await signer(provider, o.key as string | undefined) };
}

const words = (v: { against: bigint; for: bigint; abstain: bigint }) =>
  `for ${formatUnits(v.for, 18)}, against ${formatUnits(v.against, 18)}, abstain ${formatUnits(v.abstain, 18)}`;

/** Polls `done` every 250 ms until true or `timeoutSec` elapse; then a one-line error naming `what`. */
async function until(out: Out, what: string, timeoutSec: number, done: () => Promise<boolean>) {
  out.progress(`waiting for ${what} (up to ${timeoutSec} s)`);
  for (const started = Date.now(); ;) {
    if (await done()) return;
    if (Date.now() - started > timeoutSec * 1000)
      throw new Error(
        `${what} did not happen within ${timeoutSec} s: is the bridge relaying? (suanli bridge status)`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Votes are taken after the snapshot, on the hub and on a region alike: a vote sent at once after `propose`
 * waits out the voting delay (the next block's timestamp is at least the latest one + 1 and, on a node mining
 * on demand, the wall clock).
 */
export async function untilVotingOpens(
  out: Out,
  provider: Provider,
  chain: string,
  snapshot: number,
  timeoutSec: number,
) {
  const nextBlockTime = async () =>
    Math.max(((await provider.getBlock("latest"))?.timestamp ?? 0) + 1, Math.floor(Date.now() / 1000));
  if ((await nextBlockTime()) <= snapshot)
    await until(
      out,
      `the vote to open on ${chain} (snapshot ${snapshot})`,
      Math.max(timeoutSec, snapshot - Math.floor(Date.now() / 1000) + 5),
      async () => (await nextBlockTime()) > snapshot,
    );
}

const waitOptions = (c: Command) =>
  c
    .option("--no-wait", "return once the transaction is mined, without waiting for the bridge")
    .option("--timeout <seconds>", "how long to wait for the bridge", int(1, 3600), 120);

/** `suanli dao delegate --chain <region>`: delegation of regional SUAN. */
export async function delegateOnRegion(out: Out, o: Opts, chain: string, to: string | undefined) {
  const g = await sdkGovernance();
  const region = regionOf(chain, governanceRecords().regions, "delegate");
  const { provider, signer: s } = await keyed(chain, o);
  const delegatee = to ?? (await s.getAddress());
  out.progress(`delegating on ${chain}: waiting for the block`);
  const sent = await g.delegateOn(s, region, delegatee);
  const votes = await g.votesOn(provider, region, delegatee);
  out.result({ chain, delegatee, votes: formatUnits(votes, 18), tx: sent.txHash });
}

/** `suanli dao vote --chain <region>`: a spoke vote, direct or a signed ballot submitted for its voter. */
export async function voteOnRegion(out: Out, o: Opts, chain: string, id: bigint, word: keyof typeof SUPPORT) {
  const g = await sdkGovernance();
  const support: Support = SUPPORT[word];
  const voter = o.voter as string | undefined;
  const signature = o.signature as string | undefined;
  if ((voter === undefined) !== (signature === undefined))
    usage("--voter and --signature go together (a ballot signed with suanli dao sign-vote)");
  if (signature !== undefined && !/^0x[0-9a-fA-F]{130}$/.test(signature))
    usage(`--signature must be a 65-byte 0x hex signature, got "${signature}"`);
  const region = regionOf(chain, governanceRecords().regions, "vote");
  const { provider, signer: s } = await keyed(chain, o);
  if (!(await g.spokeProposal(provider, region, id)).announced)
    await until(
      out,
      `proposal ${id} to be announced on ${chain} (suanli dao announce)`,
      o.timeout as unknown as number,
      async () => (await g.spokeProposal(provider, region, id)).announced,
    );
  const p = await g.spokeProposal(provider, region, id);
  await untilVotingOpens(out, provider, chain, p.snapshot, o.timeout as unknown as number);
  out.progress(`voting on ${chain}: waiting for the block`);
  const sent =
    voter !== undefined
      ? await g.castSpokeVoteBySig(s, region, id, support, voter, signature!)
      : await g.castSpokeVote(s, region, id, support, o.reason as string | undefined);
  const after = await g.spokeProposal(provider, region, id);
  out.result({
    chain,
    proposalId: id,
    support: word,
    regionTally: after.votes,
    cutoff: p.cutoff,
    tx: sent.txHash,
  });
}

export function registerCrosschain(dao: Command, keyOpt: (c: Command) => Command): void {
  keyOpt(
    waitOptions(
      dao
        .command("bridge-tokens")
        .description("move SUAN from the hub to a region (lock-and-mint) or back (burn-and-unlock)"),
    ),
  )
    .requiredOption("--amount <suan>", "SUAN to move", amount(18))
    .option("--from <chain>", "hub, or the region the SUAN leaves", "hub")
    .option("--to <chain>", "the region the SUAN goes to, or hub", "hub")
    .option("--recipient <address>", "who receives it (default: yourself)", addressArg)
    .addHelpText(
      "after",
      "\nExamples:\n  suanli dao bridge-tokens --to east --amount 1000 --key voter\n  suanli dao bridge-tokens --from east --amount 10 --key voter",
    )
    .action(
      action(async (out, o) => {
        const g = await sdkGovernance();
        const { hub, regions } = governanceRecords();
        const from = o.from as string;
        const to = o.to as string;
        const chains = ["hub", ...Object.keys(regions)];
        for (const [flag, c] of [
          ["--from", from],
          ["--to", to],
        ] as const)
          if (!chains.includes(c)) usage(`${flag} must be one of ${chains.join(", ")}, got "${c}"`);
        if ((from === "hub") === (to === "hub"))
          usage(`one side must be the hub and the other a region, got --from ${from} --to ${to}`);
        const value = o.amount as unknown as bigint;
        if (value === 0n) usage("--amount must be more than 0");
        const { provider: source, signer: s } = await keyed(from, o);
        const sender = await s.getAddress();
        const held = await g.suanBalance(
          source,
          from === "hub" ? { token: hub.token } : regions[from]!,
          sender,
        );
        if (held < value)
          throw new Error(
            `${sender} holds ${formatUnits(held, 18)} SUAN on ${from}, less than the ${formatUnits(value, 18)} to move`,
          );
        const recipient = (o.recipient as string | undefined) ?? sender;
        const destination = await connect(to);
        const target = to === "hub" ? { token: hub.token } : regions[to]!;
        const before = await g.suanBalance(destination, target, recipient);
        out.progress(`locking or burning ${formatUnits(value, 18)} SUAN on ${from}: waiting for the block`);
        const sent =
          from === "hub"
            ? await g.bridgeToRegion(s, hub, regions[to]!, recipient, value)
            : await g.bridgeToHub(s, hub, regions[from]!, recipient, value);
        if (o.wait)
          await until(
            out,
            `${formatUnits(value, 18)} SUAN to reach ${recipient} on ${to}`,
            o.timeout as unknown as number,
            async () => (await g.suanBalance(destination, target, recipient)) >= before + value,
          );
        out.result({
          from,
          to,
          recipient,
          amount: formatUnits(value, 18),
          delivered: o.wait === true,
          balanceOnDestination: formatUnits(await g.suanBalance(destination, target, recipient), 18),
          tx: sent.txHash,
        });
      }),
    );

  keyOpt(
    waitOptions(
      dao
        .command("announce <proposalId>")
        .description("send a hub proposal (id, snapshot, cut-off) to the regions' vote aggregators"),
    ),
  )
    .option("--chain <name>", "only this region (default: every region)")
    .addHelpText("after", "\nExample:\n  suanli dao announce 1234… --key voter")
    .action(
      action(async (out, o, [idText]) => {
        const g = await sdkGovernance();
        const id = uint(idText!);
        const { hub, regions } = governanceRecords();
        const only = o.chain === undefined ? undefined : chainOf(o);
        if (only !== undefined) regionOf(only, regions, "announce");
        const names = only === undefined ? Object.keys(regions) : [only];
        const { signer: s } = await keyed("hub", o);
        const txs: Record<string, string> = {};
        for (const name of names) {
          out.progress(`announcing to ${name}: waiting for the block`);
          txs[name] = (await g.announceProposal(s, hub, regions[name]!, id)).txHash;
        }
        const spokes: Record<string, unknown> = {};
        for (const name of names) {
          const provider = await connect(name);
          if (o.wait)
            await until(
              out,
              `the announcement to reach ${name}`,
              o.timeout as unknown as number,
              async () => (await g.spokeProposal(provider, regions[name]!, id)).announced,
            );
          const p = await g.spokeProposal(provider, regions[name]!, id);
          spokes[name] = { announced: p.announced, snapshot: p.snapshot, cutoff: p.cutoff, tx: txs[name] };
        }
        out.result({ proposalId: id, spokes });
      }),
    );

  keyOpt(
    dao
      .command("sign-vote <proposalId> <support>")
      .description("sign a ballot for a region (for anyone to submit with vote --voter --signature)"),
  )
    .requiredOption("--chain <name>", "the region whose aggregator counts the ballot")
    .addHelpText("after", "\nExample:\n  suanli dao sign-vote 1234… for --chain west --key voter --json")
    .action(
      action(async (out, o, [idText, support]) => {
        const g = await sdkGovernance();
        if (!(support! in SUPPORT)) usage(`support must be for, against or abstain, got "${support}"`);
        const id = uint(idText!);
        const chain = chainOf(o);
        const region = regionOf(chain, governanceRecords().regions, "sign-vote");
        const { provider, signer: s } = await keyed(chain, o);
        const ballot = await g.signSpokeBallot(
          s,
          provider,
          region,
          id,
          SUPPORT[support as keyof typeof SUPPORT],
        );
        out.result({ chain, proposalId: id, support, ...ballot });
      }),
    );

  keyOpt(
    waitOptions(
      dao
        .command("tally <proposalId>")
        .description(
          "send a region's tally of a proposal to the hub (anyone may; before the spoke's cut-off and after)",
        ),
    ),
  )
    .requiredOption("--chain <name>", "the region whose tally to send")
    .addHelpText("after", "\nExample:\n  suanli dao tally 1234… --chain east --key voter")
    .action(
      action(async (out, o, [idText]) => {
        const g = await sdkGovernance();
        const id = uint(idText!);
        const chain = chainOf(o);
        const { hub, regions } = governanceRecords();
        const region = regionOf(chain, regions, "tally");
        const { provider, signer: s } = await keyed(chain, o);
        const local = (await g.spokeProposal(provider, region, id)).votes;
        out.progress(`sending ${chain}'s tally: waiting for the block`);
        const sent = await g.sendSpokeTally(s, region, id);
        const hubProvider = await connect("hub");
        const counted = async () =>
          (await g.chainTallies(hubProvider, hub, { [chain]: region }, id)).regions[chain]!;
        if (o.wait)
          await until(out, `the hub to count ${chain}'s tally`, o.timeout as unknown as number, async () => {
            const c = await counted();
            return c.for === local.for && c.against === local.against && c.abstain === local.abstain;
          });
        out.result({ chain, proposalId: id, sent: local, countedOnHub: await counted(), tx: sent.txHash });
      }),
    );

  dao
    .command("status <proposalId>")
    .description("a proposal's state and timing, its tally per chain and each region's cut-off")
    .addHelpText("after", "\nExample:\n  suanli dao status 1234… --json")
    .action(
      action(async (out, _o, [idText]) => {
        const g = await sdkGovernance();
        const id = uint(idText!);
        const { hub, regions } = governanceRecords();
        const hubProvider = await connect("hub");
        const t = await import("../../../types/contracts/index.js");
        const governor = t.SuanliGovernor__factory.connect(hub.governor, hubProvider);
        const snapshot = await governor.proposalSnapshot(id);
        if (snapshot === 0n) usage(`no proposal ${idText} on the hub Governor`);
        const [state, deadline, eta, tallies] = await Promise.all([
          governor.state(id),
          governor.proposalDeadline(id),
          governor.proposalEta(id),
          g.chainTallies(hubProvider, hub, regions, id),
        ]);
        const spokes: Record<string, unknown> = {};
        for (const [name, region] of Object.entries(regions)) {
          const p = await g.spokeProposal(await connect(name), region, id);
          spokes[name] = {
            announced: p.announced,
            cutoff: p.cutoff,
            votedOnRegion: p.votes,
            countedOnHub: tallies.regions[name],
          };
        }
        const data = {
          proposalId: id,
          state: await stateName(state),
          snapshot: Number(snapshot),
          deadline: Number(deadline),
          eta: Number(eta),
          total: tallies.total,
          hub: tallies.hub,
          regions: spokes,
        };
        out.result(data, () =>
          [
            `proposal ${id} (${data.state}); snapshot ${data.snapshot}, hub vote ends ${data.deadline}${data.eta ? `, executable after ${data.eta}` : ""}`,
            `total      ${words(tallies.total)}`,
            `hub        ${words(tallies.hub)}`,
            ...Object.entries(regions).map(([name]) => {
              const s = spokes[name] as {
                announced: boolean;
                cutoff: number;
                votedOnRegion: typeof tallies.hub;
              };
              return s.announced
                ? `${name.padEnd(10)} ${words(tallies.regions[name]!)} counted on the hub; ${words(s.votedOnRegion)} voted there; cut-off ${s.cutoff}`
                : `${name.padEnd(10)} not announced (suanli dao announce ${id} --chain ${name})`;
            }),
          ].join("\n"),
        );
      }),
    );
}
