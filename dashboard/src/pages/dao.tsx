/**
 * DAO: the hub Governor's proposals with state, tallies (in all and per chain: hub, each region, with the spokes'
 * cut-offs) and decoded calls — read-only for everyone; with an EIP-1193 wallet: delegate, vote, queue, execute.
 */
import { useState } from "preact/hooks";
import { api, type Dao, short, tokens } from "../api";
import { usePoll } from "../hooks";
import { connect, GOVERNOR, injected, read, send, TOKEN } from "../wallet";

type Proposal = Dao["proposals"][number];
type RegionTally = Proposal["chains"]["regions"][number];

/** Spoke votes cast on a region the hub has not counted yet (its tally not sent or not delivered), in SUAN. */
function pending(r: RegionTally): string | undefined {
  const sum = (v: RegionTally["votedOnRegion"]) => BigInt(v.for) + BigInt(v.against) + BigInt(v.abstain);
  const waiting = sum(r.votedOnRegion) - sum(r.countedOnHub);
  return waiting > 0n ? tokens(waiting) : undefined;
}
/** GovernorCountingSimple's support values. */
const SUPPORT = { Against: 0, For: 1, Abstain: 2 } as const;

export function DaoPage() {
  const [tick, setTick] = useState(0);
  const dao = usePoll(api.dao, 4_000, [tick]);
  const [account, setAccount] = useState<string>();
  const [votes, setVotes] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const [message, setMessage] = useState<string>();
  const wallet = injected();
  const d = dao.data;

  const refreshVotes = async (who: string) => {
    if (!wallet || !d) return;
    const [v] = await read(wallet, d.token, TOKEN, "getVotes", [who]);
    setVotes(String(v));
  };
  const act = async (label: string, run: () => Promise<string>) => {
    setBusy(label);
    setMessage(undefined);
    try {
      const hash = await run();
      setMessage(`${label}: done (tx ${short(hash)})`);
      setTick((t) => t + 1);
      if (account) await refreshVotes(account);
    } catch (e) {
      setMessage(`${label} failed: ${(e as Error).message}`);
    } finally {
      setBusy(undefined);
    }
  };
  const onConnect = async () => {
    if (!wallet || !d) return;
    try {
      const c = await connect(wallet);
      if (c.chainId !== d.chainId) {
        setMessage(`the wallet is on chain ${c.chainId}; the hub is chain ${d.chainId}`);
        return;
      }
      setAccount(c.account);
      await refreshVotes(c.account);
    } catch (e) {
      setMessage(`connect failed: ${(e as Error).message}`);
    }
  };
  const calls = (p: Proposal) =>
    [
      p.calls.map((c) => c.target),
      p.calls.map((c) => c.value),
      p.calls.map((c) => c.data),
      p.descriptionHash,
    ] as const;

  return (
    <section aria-labelledby="dao-h">
      <h1 id="dao-h">DAO</h1>
      {dao.error && <p role="alert">Cannot load the DAO: {dao.error}</p>}
      {d && (
        <p>
          Governor <code>{d.governor}</code> on chain {d.chainId}, clock block {d.clock}.
        </p>
      )}
      <div class="wallet">
        {!wallet && <p>No browser wallet found: the page is read-only.</p>}
        {wallet && !account && (
          <button type="button" onClick={onConnect} disabled={!d}>
            Connect wallet
          </button>
        )}
        {account && d && (
          <p>
            Connected as <code data-testid="account">{account}</code>; votes{" "}
            <span data-testid="my-votes">{votes === undefined ? "…" : tokens(votes)}</span>{" "}
            <button
              type="button"
              disabled={!!busy}
              onClick={() =>
                act("Delegate to myself", () => send(wallet!, account, d.token, TOKEN, "delegate", [account]))
              }
            >
              Delegate to myself
            </button>
          </p>
        )}
        <p role="status" data-testid="dao-message">
          {busy ? `${busy}…` : message}
        </p>
      </div>
      {d && d.proposals.length === 0 && <p>No proposal yet.</p>}
      {(d?.proposals ?? []).map((p) => (
        <article
          key={p.proposalId}
          class="proposal"
          data-proposal={p.proposalId}
          aria-labelledby={`p-${p.proposalId}`}
        >
          <h2 id={`p-${p.proposalId}`}>{p.description || "(no description)"}</h2>
          <p>
            <span class="state" data-testid="state">
              {p.state}
            </span>{" "}
            · id <code title={p.proposalId}>{short(p.proposalId)}</code> · by <code>{short(p.proposer)}</code>{" "}
            · voting blocks {p.voteStart}–{p.voteEnd}
            {p.eta > 0 && ` · executable after ${new Date(p.eta * 1000).toISOString()}`}
          </p>
          <table>
            <caption>Tally (quorum {tokens(p.quorum)})</caption>
            <tbody>
              <tr>
                <th scope="row">For</th>
                <td data-testid="for">{tokens(p.votes.for)}</td>
              </tr>
              <tr>
                <th scope="row">Against</th>
                <td data-testid="against">{tokens(p.votes.against)}</td>
              </tr>
              <tr>
                <th scope="row">Abstain</th>
                <td data-testid="abstain">{tokens(p.votes.abstain)}</td>
              </tr>
            </tbody>
          </table>
          <table class="chains" data-testid="chain-tallies">
            <caption>Per chain (regions: what the hub counted from their tallies)</caption>
            <thead>
              <tr>
                <th scope="col">Chain</th>
                <th scope="col">For</th>
                <th scope="col">Against</th>
                <th scope="col">Abstain</th>
                <th scope="col">Spoke cut-off</th>
              </tr>
            </thead>
            <tbody>
              <tr data-chain="hub">
                <th scope="row">hub</th>
                <td data-testid="hub-for">{tokens(p.chains.hub.for)}</td>
                <td data-testid="hub-against">{tokens(p.chains.hub.against)}</td>
                <td data-testid="hub-abstain">{tokens(p.chains.hub.abstain)}</td>
                <td>—</td>
              </tr>
              {p.chains.regions.map((r) => (
                <tr key={r.name} data-chain={r.name}>
                  <th scope="row">{r.name}</th>
                  <td data-testid={`${r.name}-for`}>{tokens(r.countedOnHub.for)}</td>
                  <td data-testid={`${r.name}-against`}>{tokens(r.countedOnHub.against)}</td>
                  <td data-testid={`${r.name}-abstain`}>{tokens(r.countedOnHub.abstain)}</td>
                  <td>
                    {r.cutoff === null
                      ? "not announced"
                      : new Date(r.cutoff * 1000).toISOString().replace(".000Z", "Z")}
                    {pending(r) && ` · ${pending(r)} voted there, tally not counted yet`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Calls</h3>
          <ol>
            {p.calls.map((c, i) => (
              <li key={i}>
                {c.contract && c.function ? (
                  <code>
                    {c.contract}.{c.function}(
                    {Object.entries(c.args ?? {})
                      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
                      .join(", ")}
                    )
                  </code>
                ) : (
                  <code>
                    call {c.target} with {c.data.slice(0, 10)}… (unknown contract)
                  </code>
                )}
                {c.value !== "0" && ` sending ${c.value} wei`}
              </li>
            ))}
          </ol>
          {account && d && (
            <p class="actions">
              {p.state === "Active" &&
                (["For", "Against", "Abstain"] as const).map((label) => (
                  <button
                    key={label}
                    type="button"
                    disabled={!!busy}
                    onClick={() =>
                      act(`Vote ${label}`, () =>
                        send(wallet!, account, d.governor, GOVERNOR, "castVote", [
                          p.proposalId,
                          SUPPORT[label],
                        ]),
                      )
                    }
                  >
                    Vote {label.toLowerCase()}
                  </button>
                ))}
              {p.state === "Succeeded" && (
                <button
                  type="button"
                  disabled={!!busy}
                  onClick={() =>
                    act("Queue", () => send(wallet!, account, d.governor, GOVERNOR, "queue", [...calls(p)]))
                  }
                >
                  Queue
                </button>
              )}
              {p.state === "Queued" && (
                <button
                  type="button"
                  disabled={!!busy}
                  onClick={() =>
                    act("Execute", () =>
                      send(wallet!, account, d.governor, GOVERNOR, "execute", [...calls(p)]),
                    )
                  }
                >
                  Execute
                </button>
              )}
            </p>
          )}
        </article>
      ))}
    </section>
  );
}
