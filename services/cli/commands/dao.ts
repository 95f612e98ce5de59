/**
 * `suanli dao …`: the Governor on the hub. Proposals are made from templates for the parameters people
 * change, so a voter never hand-encodes calldata; `show` decodes every call back into words. A region's
 * parameters belong to its GovernanceExecutor: the `region-…` templates wrap the region's call in the hub
 * GovernanceDispatcher's `send`, which the Timelock runs and the bridge carries to the region.
 */
import type { Command } from "commander";
import {
  type Contract,
  formatUnits,
  id as keccakText,
  type Interface,
  type Log,
  type ParamType,
  zeroPadValue,
} from "ethers";
import type { Signer } from "ethers";
import { AppError, revertData } from "../../shared/errors.js";
import { SuanliApiError } from "../../sdk/errors.js";
import { connect, record, regionNames, signer } from "../context.js";
import { action, type Opts, type Out, struct, usage } from "../output.js";
import { addressArg, addressList, amount, int, uint } from "../parse.js";
import {
  chainOf,
  chainOption,
  delegateOnRegion,
  governanceRecords,
  registerCrosschain,
  sdkGovernance,
  stateName,
  SUPPORT,
  untilVotingOpens,
  voteOnRegion,
} from "./dao-chains.js";

/** Validity of a region call from its dispatch (the Timelock's execution) until the region must have run it. */
const DEFAULT_VALID_FOR_SEC = 7 * 24 * 3600;

/** Options shared by a hub template and its region twin (`rate-limit` / `region-rate-limit`, …). */
const rateLimitOptions = (c: Command) =>
  c
    .requiredOption("--origin <domain>", "origin chain id", int(1, 4_294_967_295))
    .requiredOption("--kind <n>", "message kind", int(0, 255))
    .requiredOption("--capacity <n>", "", uint)
    .requiredOption("--refill-per-hour <n>", "", uint);
const validatorSetOptions = (c: Command) =>
  c
    .requiredOption("--origin <domain>", "origin chain id", int(1, 4_294_967_295))
    .requiredOption("--validators <addresses>", "comma-separated", addressList)
    .requiredOption("--threshold <n>", "", int(1, 100));
const proofVerifierOptions = (c: Command) =>
  c.requiredOption("--single <address>", "", addressArg).requiredOption("--batch <address>", "", addressArg);

type Types = typeof import("../../../types/contracts/index.js");

/** A region's contracts by address, named and with their interfaces, from its deployment record. */
function regionContracts(t: Types, name: string) {
  const r = record(name);
  const entries: [string | undefined, string, Interface][] = [
    [r.registry, "ComputeRegistry", t.ComputeRegistry__factory.createInterface()],
    [r.inbox, "DirectiveInbox", t.DirectiveInbox__factory.createInterface()],
    [r.receipts, "ReceiptRegistry", t.ReceiptRegistry__factory.createInterface()],
    [r.reporter, "RegionalReporter", t.RegionalReporter__factory.createInterface()],
    [r.mailbox, "Mailbox", t.Mailbox__factory.createInterface()],
    [r.ism, "MultisigIsm", t.MultisigIsm__factory.createInterface()],
  ];
  const known: Record<string, { name: string; iface: Interface }> = {};
  for (const [address, contract, iface] of entries) {
    if (address) known[address.toLowerCase()] = { name: `${name} ${contract}`, iface };
  }
  return { name, record: r, domain: Number(r.chainId), known };
}

async function hubContracts(o: Opts, withSigner: boolean) {
  const t = await import("../../../types/contracts/index.js");
  const hub = record("hub");
  const regions = regionNames().map((name) => regionContracts(t, name));
  const provider = await connect("hub");
  const runner = withSigner ? await signer(provider, o.key as string | undefined) : provider;
  return {
    hub,
    provider,
    runner,
    governor: t.SuanliGovernor__factory.connect(hub.governor!, runner),
    token: t.SuanliToken__factory.connect(hub.token!, runner),
    known: {
      [hub.jobMarket!.toLowerCase()]: { name: "JobMarket", iface: t.JobMarket__factory.createInterface() },
      [hub.stakeManager!.toLowerCase()]: {
        name: "StakeManager",
        iface: t.StakeManager__factory.createInterface(),
      },
      [hub.mailbox!.toLowerCase()]: { name: "hub Mailbox", iface: t.Mailbox__factory.createInterface() },
      [hub.ism!.toLowerCase()]: { name: "hub MultisigIsm", iface: t.MultisigIsm__factory.createInterface() },
      [hub.timelock!.toLowerCase()]: { name: "Timelock", iface: t.SuanliTimelock__factory.createInterface() },
      [hub.directiveHub!.toLowerCase()]: {
        name: "DirectiveHub",
        iface: t.DirectiveHub__factory.createInterface(),
      },
      [hub.nodeIndex!.toLowerCase()]: { name: "NodeIndex", iface: t.NodeIndex__factory.createInterface() },
      ...(hub.governanceDispatcher
        ? {
            [hub.governanceDispatcher.toLowerCase()]: {
              name: "GovernanceDispatcher",
              iface: t.GovernanceDispatcher__factory.createInterface(),
            },
          }
        : {}),
    } as Record<string, { name: string; iface: Interface }>,
    regions,
    jobMarket: t.JobMarket__factory.connect(hub.jobMarket!, runner),
  };
}

interface Proposal {
  proposalId: bigint;
  proposer: string;
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  voteStart: bigint;
  voteEnd: bigint;
}

async function proposals(h: Awaited<ReturnType<typeof hubContracts>>): Promise<Proposal[]> {
  const from = Number(h.hub.bridgeFromBlock ?? 0);
  const logs = await h.governor.queryFilter(h.governor.filters.ProposalCreated(), from);
  // Positional: a Result's `values` is an Array method, not the event's field of that name.
  return logs.map((l) => {
    const a = (l as Log & { args: unknown[] }).args;
    return {
      proposalId: a[0] as bigint,
      proposer: a[1] as string,
      targets: [...(a[2] as string[])],
      values: [...(a[3] as bigint[])],
      calldatas: [...(a[5] as string[])],
      description: a[8] as string,
      voteStart: a[6] as bigint,
      voteEnd: a[7] as bigint,
    };
  });
}

async function findProposal(h: Awaited<ReturnType<typeof hubContracts>>, idText: string): Promise<Proposal> {
  const id = uint(idText);
  const p = (await proposals(h)).find((x) => x.proposalId === id);
  if (!p) usage(`no proposal ${idText} on the hub Governor`);
  return p!;
}

/** One call in words against the contracts `known` by address: contract, function and named arguments. */
function describeWith(
  known: Record<string, { name: string; iface: Interface }>,
  target: string,
  data: string,
) {
  const k = known[target.toLowerCase()];
  if (!k) return `call ${target} with ${data.slice(0, 10)}… (unknown contract)`;
  const parsed = k.iface.parseTransaction({ data });
  if (!parsed) return `${k.name}: unknown function ${data.slice(0, 10)}`;
  const args = parsed.fragment.inputs.map(
    (input, i) => `${input.name || i}=${JSON.stringify(words(input, parsed.args[i]))}`,
  );
  return `${k.name}.${parsed.name}(${args.join(", ")})`;
}

/**
 * One call of a proposal in words. A GovernanceDispatcher `send` is a call run on a region: it reads as the
 * region, its executor and the region contract's call decoded against the region's deployment record.
 */
function describeCall(h: Awaited<ReturnType<typeof hubContracts>>, target: string, data: string): string {
  const k = h.known[target.toLowerCase()];
  const parsed = k?.name === "GovernanceDispatcher" ? k.iface.parseTransaction({ data }) : null;
  if (!parsed || parsed.name !== "send") return describeWith(h.known, target, data);
  const [domain, executor, inner, , innerData, validFor] = parsed.args as unknown as [
    bigint,
    string,
    string,
    bigint,
    string,
    bigint,
  ];
  const region = h.regions.find((r) => r.domain === Number(domain));
  if (!region)
    return `on unknown region ${domain} (executor ${executor}): call ${inner} with ${innerData.slice(0, 10)}…`;
  const expected = zeroPadValue(region.record.governanceExecutor ?? "0x", 32).toLowerCase();
  const through =
    executor.toLowerCase() === expected
      ? "through its GovernanceExecutor"
      : `through ${executor}, NOT the region's GovernanceExecutor`;
  return `on ${region.name} (${through}, valid ${validFor} s after execution): ${describeWith(region.known, inner, innerData)}`;
}

/** A decoded argument with struct fields named and integers as decimal strings. */
function words(type: ParamType, value: unknown): unknown {
  if (type.isTuple()) {
    const v = value as unknown[];
    return Object.fromEntries(type.components.map((c, i) => [c.name || String(i), words(c, v[i])]));
  }
  if (type.isArray()) return [...(value as unknown[])].map((v) => words(type.arrayChildren, v));
  return typeof value === "bigint" ? value.toString() : value;
}

const descHash = (description: string) => keccakText(description);

/** Sends a new proposal to every region's vote aggregator (HubVotePool.announce); the bridge delivers it. */
async function announceEverywhere(out: Out, h: Hub, proposalId: bigint): Promise<string[]> {
  const { hub, regions } = governanceRecords();
  const g = await sdkGovernance();
  for (const [name, region] of Object.entries(regions)) {
    out.progress(`announcing to ${name}: waiting for the block`);
    await g.announceProposal(h.runner as Signer, hub, region, proposalId);
  }
  return Object.keys(regions);
}

/**
 * Refuses a hub vote that would carry no weight. The Governor counts fractionally (GovernorCountingFractional):
 * a voter's remaining weight is its votes at the snapshot minus those used, so a voter with none at the snapshot
 * meets `GovernorAlreadyCastVote` although it never voted. Votes count from delegation (to oneself included),
 * checkpointed when the delegation is mined: SUAN held but not delegated before the snapshot does not vote.
 */
async function requireVotingPower(h: Hub, proposalId: bigint, snapshot: number) {
  const voter = await (h.runner as Signer).getAddress();
  // Read in the block the vote would be mined in: the latest one may still be at or before the snapshot.
  let votes: bigint;
  try {
    votes = await h.governor.getVotes(voter, snapshot, { blockTag: "pending" });
  } catch (error) {
    // The node's pending block can still sit at the snapshot second (its clock is not ours): the check is
    // advisory, so the vote goes on and the Governor decides.
    const data = revertData(error);
    if (data !== undefined && h.token.interface.parseError(data)?.name === "ERC5805FutureLookup") return;
    throw error;
  }
  if (votes > 0n) return;
  const at = new Date(snapshot * 1000).toISOString();
  throw new AppError(
    "NO_VOTING_POWER",
    `${voter} had no votes at proposal ${proposalId}'s snapshot (${at}): votes count only from a delegation ` +
      "(suanli dao delegate, to yourself by default) mined before a proposal's snapshot",
    { status: 409, details: { voter, proposalId: proposalId.toString(), snapshot } },
  );
}

async function send(out: Out, what: string, tx: Promise<{ wait(): Promise<unknown> }>) {
  out.progress(`${what}: waiting for the block`);
  return (await (await tx).wait()) as { hash: string; blockNumber: number; logs: Log[] };
}

export function register(program: Command): void {
  const dao = program
    .command("dao")
    .description("DAO governance on the hub: proposals from templates, votes, execution");
  const keyOpt = (c: Command) =>
    c.option("--key <name>", "voter key from the keystore (else SUANLI_PRIVATE_KEY)");

  dao
    .command("proposals")
    .description("every proposal with its state")
    .addHelpText("after", "\nExample:\n  suanli dao proposals --json")
    .action(
      action(async (out, o) => {
        const h = await hubContracts(o, false);
        const rows = [];
        for (const p of await proposals(h)) {
          rows.push({
            proposalId: p.proposalId,
            state: await stateName(await h.governor.state(p.proposalId)),
            description: p.description,
            voteEnd: p.voteEnd,
          });
        }
        out.result(rows);
      }),
    );
  dao
    .command("show <proposalId>")
    .description("a proposal's state, votes and calls decoded into words")
    .addHelpText("after", "\nExample:\n  suanli dao show 1234…")
    .action(
      action(async (out, o, [idText]) => {
        const h = await hubContracts(o, false);
        const p = await findProposal(h, idText!);
        const [against, forVotes, abstain] = await h.governor.proposalVotes(p.proposalId);
        const calls = p.targets.map((t, i) => describeCall(h, t, p.calldatas[i]!));
        const data = {
          proposalId: p.proposalId,
          state: await stateName(await h.governor.state(p.proposalId)),
          description: p.description,
          proposer: p.proposer,
          votes: { for: forVotes, against, abstain },
          voteStart: p.voteStart,
          voteEnd: p.voteEnd,
          calls,
        };
        out.result(data, () =>
          [
            `proposal ${p.proposalId} (${data.state}): ${p.description}`,
            `votes for ${formatUnits(forVotes, 18)}, against ${formatUnits(against, 18)}, abstain ${formatUnits(abstain, 18)}`,
            ...calls.map((c, i) => `  ${i + 1}. ${c}`),
          ].join("\n"),
        );
      }),
    );
  keyOpt(
    chainOption(
      dao
        .command("delegate [to]")
        .description("delegate your SUAN votes on the hub or on a region (to yourself by default)"),
    ),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  suanli dao delegate --key voter\n  suanli dao delegate --chain east --key voter",
    )
    .action(
      action(async (out, o, [to]) => {
        if (to !== undefined) addressArg(to);
        const chain = chainOf(o);
        if (chain !== "hub") return delegateOnRegion(out, o, chain, to);
        const h = await hubContracts(o, true);
        const delegatee = to ?? (await (h.runner as import("ethers").Signer).getAddress());
        const r = await send(out, "delegating", h.token.delegate(delegatee));
        out.result({ delegatee, votes: formatUnits(await h.token.getVotes(delegatee), 18), tx: r.hash });
      }),
    );
  const propose = dao.command("propose").description("make a proposal from a template");
  const templates: [
    string,
    string,
    (c: Command) => Command,
    (h: Awaited<ReturnType<typeof hubContracts>>, o: Opts) => Promise<{ target: string; data: string }[]>,
  ][] = [
    [
      "fee",
      "JobMarket protocol fee",
      (c) => c.requiredOption("--bps <n>", "protocol fee in basis points", int(0, 10_000)),
      async (h, o) => {
        const p = struct(await h.jobMarket.policy());
        return [
          {
            target: h.hub.jobMarket!,
            data: (h.jobMarket.interface as unknown as Interface).encodeFunctionData("setPolicy", [
              { ...p, protocolFeeBps: o.bps },
            ]),
          },
        ];
      },
    ],
    [
      "tier-multipliers",
      "JobMarket tier price multipliers",
      (c) =>
        c
          .requiredOption("--realtime <bps>", "", int(1, 65_535))
          .requiredOption("--interactive <bps>", "", int(1, 65_535))
          .requiredOption("--batch <bps>", "", int(1, 65_535)),
      async (h, o) => {
        const p = struct(await h.jobMarket.policy());
        return [
          {
            target: h.hub.jobMarket!,
            data: (h.jobMarket.interface as unknown as Interface).encodeFunctionData("setPolicy", [
              { ...p, tierMultiplierBps: [o.realtime, o.interactive, o.batch] },
            ]),
          },
        ];
      },
    ],
    [
      "penalty-rate",
      "JobMarket latency penalty",
      (c) => c.requiredOption("--bps <n>", "latency penalty in basis points", int(0, 10_000)),
      async (h, o) => {
        const p = struct(await h.jobMarket.policy());
        return [
          {
            target: h.hub.jobMarket!,
            data: (h.jobMarket.interface as unknown as Interface).encodeFunctionData("setPolicy", [
              { ...p, latencyPenaltyBps: o.bps },
            ]),
          },
        ];
      },
    ],
    [
      "min-stake",
      "StakeManager minimum stake",
      (c) => c.requiredOption("--amount <suan>", "SUAN", amount(18)),
      async (h, o) => [
        {
          target: h.hub.stakeManager!,
          data: h.known[h.hub.stakeManager!.toLowerCase()]!.iface.encodeFunctionData("setMinStake", [
            o.amount,
          ]),
        },
      ],
    ],
    [
      "validator-set",
      "validators the hub accepts for one origin chain",
      validatorSetOptions,
      async (h, o) => [
        {
          target: h.hub.ism!,
          data: h.known[h.hub.ism!.toLowerCase()]!.iface.encodeFunctionData("rotateValidators", [
            o.origin,
            o.validators,
            o.threshold,
          ]),
        },
      ],
    ],
    [
      "verifier",
      "receipt proof verifiers of the JobMarket",
      proofVerifierOptions,
      async (h, o) => [
        {
          target: h.hub.jobMarket!,
          data: h.jobMarket.interface.encodeFunctionData("setProofVerifiers", [
            o.single as string,
            o.batch as string,
          ]),
        },
      ],
    ],
    [
      "rate-limit",
      "bridge rate limit of one lane and message kind into the hub",
      rateLimitOptions,
      async (h, o) => [
        {
          target: h.hub.mailbox!,
          data: h.known[h.hub.mailbox!.toLowerCase()]!.iface.encodeFunctionData("setRateLimit", [
            o.origin,
            o.kind,
            o.capacity,
            o.refillPerHour,
          ]),
        },
      ],
    ],
    ...regionTemplates(),
  ];
  for (const [name, text, opts, build] of templates) {
    const withRegion = (c: Command) =>
      name.startsWith("region-")
        ? c
            .requiredOption("--region <name>", "the region chain (a deployment record's name)")
            .option(
              "--valid-for <seconds>",
              "how long after the proposal's execution the region may still run the call",
              int(1, 30 * 24 * 3600),
              DEFAULT_VALID_FOR_SEC,
            )
        : c;
    keyOpt(withRegion(opts(propose.command(name).description(`propose a change of the ${text}`))))
      .requiredOption("--description <text>", "what and why, shown to voters")
      .option("--no-announce", "do not send the proposal to the regions' vote aggregators")
      .addHelpText(
        "after",
        `\nExample:\n  suanli dao propose ${EXAMPLES[name] ?? `${name} …`} --description "…" --key voter`,
      )
      .action(
        action(async (out, o) => {
          const h = await hubContracts(o, true);
          const calls = await build(h, o);
          const r = await send(
            out,
            "proposing",
            h.governor.propose(
              calls.map((c) => c.target),
              calls.map(() => 0n),
              calls.map((c) => c.data),
              o.description as string,
            ),
          );
          const event = r.logs
            .map((l) => {
              try {
                return h.governor.interface.parseLog(l);
              } catch {
                return null;
              }
            })
            .find((e) => e?.name === "ProposalCreated");
          const proposalId = event!.args.proposalId as bigint;
          let announced: string[] = [];
          let later = {};
          if (o.announce && h.hub.votePool) {
            try {
              announced = await announceEverywhere(out, h, proposalId);
            } catch (error) {
              // The pool announces only once the snapshot is past: with a voting delay longer than the SDK waits
              // (a production DAO's day), it refuses before sending anything; the proposal stands.
              if (!(error instanceof SuanliApiError && error.code === "ANNOUNCE_TOO_EARLY")) throw error;
              later = {
                announceAfter: new Date(Number(error.details.snapshot) * 1000).toISOString(),
                next: `suanli dao announce ${proposalId} (once the vote opens)`,
              };
            }
          }
          out.result({
            proposalId,
            calls: calls.map((c) => describeCall(h, c.target, c.data)),
            announcedTo: announced,
            ...later,
            tx: r.hash,
          });
        }),
      );
  }
  keyOpt(
    chainOption(
      dao
        .command("vote <proposalId> <support>")
        .description("vote for, against or abstain, on the hub or on a region (--chain)"),
    ),
  )
    .option("--reason <text>", "reason recorded with the vote")
    .option(
      "--voter <address>",
      "on a region: submit this voter's signed ballot (suanli dao sign-vote)",
      addressArg,
    )
    .option("--signature <hex>", "the ballot's signature, with --voter")
    .option(
      "--timeout <seconds>",
      "how long to wait for the vote to open (the voting delay) and, on a region, for the announcement",
      int(1, 3600),
      120,
    )
    .addHelpText(
      "after",
      "\nExamples:\n  suanli dao vote 1234… for --key voter\n  suanli dao vote 1234… against --chain east --key voter",
    )
    .action(
      action(async (out, o, [idText, support]) => {
        if (!(support! in SUPPORT)) usage(`support must be for, against or abstain, got "${support}"`);
        const id = uint(idText!);
        const chain = chainOf(o);
        if (chain !== "hub") return voteOnRegion(out, o, chain, id, support as keyof typeof SUPPORT);
        if (o.voter !== undefined || o.signature !== undefined)
          usage("--voter and --signature are for a region's ballot (--chain east|west)");
        const h = await hubContracts(o, true);
        const snapshot = Number(await h.governor.proposalSnapshot(id));
        // An unknown proposal (snapshot 0) is left to the Governor's named error.
        if (snapshot !== 0) {
          await untilVotingOpens(out, h.provider, chain, snapshot, o.timeout as unknown as number);
          await requireVotingPower(h, id, snapshot);
        }
        const r = await send(
          out,
          "voting",
          h.governor.castVoteWithReason(
            id,
            SUPPORT[support as keyof typeof SUPPORT],
            (o.reason as string) ?? "",
          ),
        );
        out.result({ chain, proposalId: id, support, tx: r.hash });
      }),
    );
  registerCrosschain(dao, keyOpt);
  for (const [name, fn] of [
    ["queue", "queue"],
    ["execute", "execute"],
  ] as const) {
    keyOpt(
      dao
        .command(`${name} <proposalId>`)
        .description(
          name === "queue"
            ? "queue a succeeded proposal in the Timelock"
            : "execute a queued proposal after the Timelock delay",
        ),
    )
      .addHelpText("after", `\nExample:\n  suanli dao ${name} 1234… --key voter`)
      .action(
        action(async (out, o, [idText]) => {
          const h = await hubContracts(o, true);
          const p = await findProposal(h, idText!);
          const g = h.governor as unknown as Contract;
          const r = await send(
            out,
            name,
            g[fn]!(p.targets, p.values, p.calldatas, descHash(p.description)) as Promise<{
              wait(): Promise<unknown>;
            }>,
          );
          out.result({
            proposalId: p.proposalId,
            state: await stateName(await h.governor.state(p.proposalId)),
            tx: r.hash,
          });
        }),
      );
  }
}

const EXAMPLES: Record<string, string> = {
  fee: "fee --bps 300",
  "region-verifier": "region-verifier --region east --address 0x…",
  "region-coordinator": "region-coordinator --region west --address 0x…",
};

type Hub = Awaited<ReturnType<typeof hubContracts>>;

/** The region named by `--region`, refused with the names there are. */
function regionOf(h: Hub, o: Opts) {
  const region = h.regions.find((r) => r.name === o.region);
  if (!region) usage(`--region must be one of ${h.regions.map((r) => r.name).join(", ")}, got "${o.region}"`);
  return region!;
}

/** The hub Timelock's call that has the region's GovernanceExecutor run `data` on the region's `contract`. */
function regionCall(h: Hub, o: Opts, contract: string, data: (iface: Interface) => string) {
  const region = regionOf(h, o);
  const target = region.record[contract];
  const executor = region.record.governanceExecutor;
  const dispatcher = h.hub.governanceDispatcher;
  if (!target || !executor || !dispatcher) {
    usage(
      `the deployment records of hub and ${region.name} name no ${contract}/governanceExecutor/governanceDispatcher`,
    );
  }
  const inner = region.known[target!.toLowerCase()]!;
  return {
    target: dispatcher!,
    data: h.known[dispatcher!.toLowerCase()]!.iface.encodeFunctionData("send", [
      region.domain,
      zeroPadValue(executor!, 32),
      target!,
      0n,
      data(inner.iface),
      o.validFor,
    ]),
  };
}

/** Templates of calls run on a region (through the hub's GovernanceDispatcher and the bridge). */
function regionTemplates(): [
  string,
  string,
  (c: Command) => Command,
  (h: Hub, o: Opts) => Promise<{ target: string; data: string }[]>,
][] {
  return [
    [
      "region-verifier",
      "receipt signature verifier of a region's ReceiptRegistry",
      (c) => c.requiredOption("--address <address>", "the new IReceiptVerifier on the region", addressArg),
      async (h, o) => [regionCall(h, o, "receipts", (i) => i.encodeFunctionData("setVerifier", [o.address]))],
    ],
    [
      "region-proof-verifiers",
      "Groth16 receipt verifiers of a region's ReceiptRegistry",
      proofVerifierOptions,
      async (h, o) => [
        regionCall(h, o, "receipts", (i) => i.encodeFunctionData("setProofVerifiers", [o.single, o.batch])),
      ],
    ],
    [
      "region-coordinator",
      "coordinator allowed to send a region's RegionalReports",
      (c) => c.requiredOption("--address <address>", "the coordinator's account", addressArg),
      async (h, o) => [
        regionCall(h, o, "reporter", (i) => i.encodeFunctionData("setCoordinator", [o.address])),
      ],
    ],
    [
      "region-validator-set",
      "validators a region accepts for one origin chain",
      validatorSetOptions,
      async (h, o) => [
        regionCall(h, o, "ism", (i) =>
          i.encodeFunctionData("rotateValidators", [o.origin, o.validators, o.threshold]),
        ),
      ],
    ],
    [
      "region-rate-limit",
      "bridge rate limit of one lane and message kind into a region",
      rateLimitOptions,
      async (h, o) => [
        regionCall(h, o, "mailbox", (i) =>
          i.encodeFunctionData("setRateLimit", [o.origin, o.kind, o.capacity, o.refillPerHour]),
        ),
      ],
    ],
  ];
}
