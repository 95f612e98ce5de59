/**
 * `suanli dao …`: the Governor on the hub. Proposals are made from templates for the parameters people
 * change, so a voter never hand-encodes calldata; `show` decodes every call back into words.
 */
import type { Command } from "commander";
import {
  type Contract,
  formatUnits,
  id as keccakText,
  type Interface,
  type Log,
  type ParamType,
} from "ethers";
import { connect, record, signer } from "../context.js";
import { action, type Opts, type Out, struct, usage } from "../output.js";
import { addressArg, addressList, amount, int, uint } from "../parse.js";

const STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];
const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;

async function hubContracts(o: Opts, withSigner: boolean) {
  const t = await import("../../../types/contracts/index.js");
  const hub = record("hub");
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
    } as Record<string, { name: string; iface: Interface }>,
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

/** One call in words: contract, function and named arguments. */
function describeCall(h: Awaited<ReturnType<typeof hubContracts>>, target: string, data: string): string {
  const k = h.known[target.toLowerCase()];
  if (!k) return `call ${target} with ${data.slice(0, 10)}… (unknown contract)`;
  const parsed = k.iface.parseTransaction({ data });
  if (!parsed) return `${k.name}: unknown function ${data.slice(0, 10)}`;
  const args = parsed.fragment.inputs.map(
    (input, i) => `${input.name || i}=${JSON.stringify(words(input, parsed.args[i]))}`,
  );
  return `${k.name}.${parsed.name}(${args.join(", ")})`;
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
            state: STATES[Number(await h.governor.state(p.proposalId))],
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
          state: STATES[Number(await h.governor.state(p.proposalId))],
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
  keyOpt(dao.command("delegate [to]").description("delegate your SUAN votes (to yourself by default)"))
    .addHelpText("after", "\nExample:\n  suanli dao delegate --key voter")
    .action(
      action(async (out, o, [to]) => {
        const h = await hubContracts(o, true);
        const delegatee = to ? addressArg(to) : await (h.runner as import("ethers").Signer).getAddress();
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
      (c) =>
        c
          .requiredOption("--origin <domain>", "origin chain id", int(1, 4_294_967_295))
          .requiredOption("--validators <addresses>", "comma-separated", addressList)
          .requiredOption("--threshold <n>", "", int(1, 100)),
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
      (c) =>
        c
          .requiredOption("--single <address>", "", addressArg)
          .requiredOption("--batch <address>", "", addressArg),
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
      (c) =>
        c
          .requiredOption("--origin <domain>", "origin chain id", int(1, 4_294_967_295))
          .requiredOption("--kind <n>", "message kind", int(0, 255))
          .requiredOption("--capacity <n>", "", uint)
          .requiredOption("--refill-per-hour <n>", "", uint),
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
  ];
  for (const [name, text, opts, build] of templates) {
    keyOpt(opts(propose.command(name).description(`propose a change of the ${text}`)))
      .requiredOption("--description <text>", "what and why, shown to voters")
      .addHelpText(
        "after",
        `\nExample:\n  suanli dao propose ${name === "fee" ? "fee --bps 300" : `${name} …`} --description "…" --key voter`,
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
          out.result({
            proposalId: event!.args.proposalId as bigint,
            calls: calls.map((c) => describeCall(h, c.target, c.data)),
            tx: r.hash,
          });
        }),
      );
  }
  keyOpt(dao.command("vote <proposalId> <support>").description("vote for, against or abstain"))
    .option("--reason <text>", "reason recorded with the vote")
    .addHelpText("after", "\nExample:\n  suanli dao vote 1234… for --key voter")
    .action(
      action(async (out, o, [idText, support]) => {
        if (!(support! in SUPPORT)) usage(`support must be for, against or abstain, got "${support}"`);
        const h = await hubContracts(o, true);
        const id = uint(idText!);
        const r = await send(
          out,
          "voting",
          h.governor.castVoteWithReason(
            id,
            SUPPORT[support as keyof typeof SUPPORT],
            (o.reason as string) ?? "",
          ),
        );
        out.result({ proposalId: id, support, tx: r.hash });
      }),
    );
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
            state: STATES[Number(await h.governor.state(p.proposalId))],
            tx: r.hash,
          });
        }),
      );
  }
}
