/**
 * Read-only views the dashboard (dashboard/, docs/dashboard.md) needs beyond the buyers' routes: the newest jobs,
 * the hub ⇄ region flow and providers' earnings from the index, the DAO's proposals read from the hub Governor,
 * the bridge lanes from the relayer's status endpoint and validators' health, and a record id → content lookup
 * for the watermark found in a dropped image. Nothing here writes.
 */
import { Router } from "express";
import { id as keccakText, type Interface, type ParamType } from "ethers";
import { AppError } from "../../shared/errors.js";
import {
  JobMarket__factory,
  ModelRegistry__factory,
  NodeIndex__factory,
  ProvenanceRegistry__factory,
  Reputation__factory,
  SuanliGovernor__factory,
  SuanliTimelock__factory,
  SuanliToken__factory,
} from "../../../types/contracts/index.js";
import type { ApiContext } from "../context.js";
import {
  type Bridge,
  type Dao,
  ProposalState,
  RecentJobsQuery,
  RecordIdParam,
  type RegionFlow,
} from "../schemas.js";
import { parse } from "./validate.js";
import { chainTalliesView } from "../../indexer/views.js";

const STATES = ProposalState.options;
const RELAYER_TIMEOUT_MS = 3_000;

/** A decoded argument with struct fields named and integers as decimal strings. */
function words(type: ParamType, value: unknown): unknown {
  if (type.isTuple()) {
    const v = value as unknown[];
    return Object.fromEntries(type.components.map((c, i) => [c.name || String(i), words(c, v[i])]));
  }
  if (type.isArray()) return [...(value as unknown[])].map((v) => words(type.arrayChildren, v));
  return typeof value === "bigint" ? value.toString() : value;
}

/** The q-th quantile (0..1) of sorted numbers, nearest rank. */
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

interface RelayedMessage {
  origin: number;
  destination: number;
  status: string;
  observedAt?: string;
  deliveredAt?: string | null;
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(RELAYER_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

export function createDashboardRouter(ctx: ApiContext): Router {
  // Strict: `/v1/jobs/` is an empty job id (404), not this list.
  const router = Router({ strict: true });
  const { hub } = ctx.config;
  const chainName = (domain: number) =>
    [hub, ...ctx.config.regions].find((c) => c.domain === domain)?.name ?? `domain-${domain}`;

  router.get("/v1/jobs", (req, res) => {
    const q = parse(RecentJobsQuery, req.query, "query");
    const limit = Number(q.limit ?? 50);
    const needle = q.q?.toLowerCase();
    // A search scans the newest 5,000 jobs; enough for a dashboard, bounded for the API.
    const items = ctx.store
      .recentJobs({ status: q.status, limit: needle ? 5_000 : limit })
      .filter((j) =>
        !needle
          ? true
          : /^[0-9]+$/.test(needle)
            ? j.jobId === needle
            : j.buyer.toLowerCase().includes(needle) || j.region === needle,
      )
      .slice(0, limit);
    res.json({ items });
  });

  router.get("/v1/activity", (_req, res) => {
    const flow = new Map<string, RegionFlow>(
      ctx
        .regionNames()
        .map((region) => [region, { region, directives: 0, acknowledged: 0, receipts: 0, settled: 0 }]),
    );
    for (const region of ctx.regionNames()) {
      const f = flow.get(region)!;
      for (const e of ctx.store.events(region)) {
        if (e.kind === "AssignmentReceived") f.directives++;
        else if (e.kind === "AssignmentAcknowledged") f.acknowledged++;
        else if (e.kind === "ReceiptAccepted" || e.kind === "ReceiptProven") f.receipts++;
      }
    }
    const regionOf = new Map(ctx.store.providers().map((p) => [p.nodeId, p.region]));
    const earnings = ctx.store
      .events(hub.name)
      .filter((e) => e.kind === "JobSettled")
      .map((e) => {
        const nodeId = String(e.data.nodeId);
        const region = regionOf.get(nodeId);
        if (region && flow.has(region)) flow.get(region)!.settled++;
        return { nodeId, jobId: String(e.jobId), time: e.time, providerPay: String(e.data.providerPay) };
      });
    res.json({ flow: [...flow.values()], earnings });
  });

  router.get("/v1/dao", async (_req, res) => {
    if (!hub.governor || !hub.token || !hub.timelock) {
      throw new AppError("DAO_NOT_CONFIGURED", "the API knows no governor, token and timelock of the hub", {
        status: 404,
        details: { field: "hub.governor" },
      });
    }
    const provider = ctx.hub.provider;
    const governor = SuanliGovernor__factory.connect(hub.governor, provider);
    const known = new Map<string, { name: string; iface: Interface }>(
      [
        [hub.jobMarket, "JobMarket", JobMarket__factory],
        [hub.nodeIndex, "NodeIndex", NodeIndex__factory],
        [hub.reputation, "Reputation", Reputation__factory],
        [hub.provenanceRegistry, "ProvenanceRegistry", ProvenanceRegistry__factory],
        [hub.modelRegistry, "ModelRegistry", ModelRegistry__factory],
        [hub.governor, "Governor", SuanliGovernor__factory],
        [hub.token, "SuanliToken", SuanliToken__factory],
        [hub.timelock, "Timelock", SuanliTimelock__factory],
      ].map(([address, name, factory]) => [
        (address as string).toLowerCase(),
        { name: name as string, iface: (factory as { createInterface(): Interface }).createInterface() },
      ]),
    );
    const [clock, network, logs] = await Promise.all([
      governor.clock(),
      provider.getNetwork(),
      governor.queryFilter(governor.filters.ProposalCreated(), hub.fromBlock),
    ]);
    const proposals = await Promise.all(
      logs.map(async (log) => {
        // Positional: a Result's `values` is an Array method, not the event's field of that name.
        const a = log.args as unknown as unknown[];
        const id = a[0] as bigint;
        const voteStart = a[6] as bigint;
        const [state, votes, eta, quorum] = await Promise.all([
          governor.state(id),
          governor.proposalVotes(id),
          governor.proposalEta(id),
          governor.quorum(voteStart < clock ? voteStart : clock - 1n),
        ]);
        const targets = [...(a[2] as string[])];
        const values = [...(a[3] as bigint[])];
        const calldatas = [...(a[5] as string[])];
        const description = a[8] as string;
        return {
          proposalId: id.toString(),
          proposer: a[1] as string,
          description,
          descriptionHash: keccakText(description),
          state: STATES[Number(state)]!,
          voteStart: Number(voteStart),
          voteEnd: Number(a[7] as bigint),
          eta: Number(eta),
          votes: { against: votes[0].toString(), for: votes[1].toString(), abstain: votes[2].toString() },
          quorum: quorum.toString(),
          chains: chainTalliesView(
            ctx.store.proposalEvents(id.toString()),
            { against: votes[0], for: votes[1], abstain: votes[2] },
            hub.domain,
            ctx.config.regions,
          ),
          calls: targets.map((target, i) => {
            const k = known.get(target.toLowerCase());
            const parsed = k?.iface.parseTransaction({ data: calldatas[i]! });
            return {
              target,
              value: values[i]!.toString(),
              data: calldatas[i]!,
              contract: k?.name ?? null,
              function: parsed?.name ?? null,
              args: parsed
                ? Object.fromEntries(
                    parsed.fragment.inputs.map((input, j) => [
                      input.name || String(j),
                      words(input, parsed.args[j]),
                    ]),
                  )
                : null,
            };
          }),
        };
      }),
    );
    const body: Dao = {
      chainId: Number(network.chainId),
      governor: hub.governor,
      token: hub.token,
      timelock: hub.timelock,
      clock: Number(clock),
      proposals: proposals.reverse(),
    };
    res.json(body);
  });

  router.get("/v1/bridge", async (_req, res) => {
    const relayer = ctx.config.relayerUrl ?? null;
    let messages: RelayedMessage[] = [];
    let relayerReachable = false;
    if (relayer) {
      try {
        const body = (await getJson(`${relayer}/v1/messages?all=true&limit=1000`)) as {
          messages: RelayedMessage[];
        };
        messages = body.messages;
        relayerReachable = true;
      } catch (error) {
        ctx.logger.warn({ err: error, relayer }, "relayer status unavailable");
      }
    }
    const domains = [hub, ...ctx.config.regions].map((c) => c.domain);
    const lanes = domains.flatMap((origin) =>
      domains
        .filter((d) => d !== origin)
        .map((destination) => {
          const mine = messages.filter((m) => m.origin === origin && m.destination === destination);
          const latencies = mine
            .filter((m) => m.deliveredAt && m.observedAt)
            .map((m) => Date.parse(m.deliveredAt!) - Date.parse(m.observedAt!))
            .sort((x, y) => x - y);
          return {
            origin: chainName(origin),
            destination: chainName(destination),
            delivered: mine.filter((m) => m.status === "delivered").length,
            pending: mine.filter((m) => m.status === "pending" || m.status === "submitted").length,
            parked: mine.filter((m) => m.status === "dead").length,
            latencyMs: latencies.length
              ? {
                  p50: quantile(latencies, 0.5),
                  p90: quantile(latencies, 0.9),
                  p99: quantile(latencies, 0.99),
                  samples: latencies.length,
                }
              : null,
          };
        }),
    );
    const validators = await Promise.all(
      (ctx.config.validatorUrls ?? []).map(async (url) => {
        try {
          const h = (await getJson(`${url}/health`)) as { validator?: string; signatures?: number };
          return { url, healthy: true, detail: `${h.validator ?? "?"}, ${h.signatures ?? 0} signatures` };
        } catch (error) {
          return { url, healthy: false, detail: (error as Error).message };
        }
      }),
    );
    const body: Bridge = { relayer, relayerReachable, lanes, validators };
    res.json(body);
  });

  router.get("/v1/records/:recordId", (req, res) => {
    const recordId = parse(RecordIdParam, req.params.recordId, "path");
    const event = ctx.store
      .events(hub.name)
      .find((e) => e.kind === "RecordRegistered" && String(e.data.recordId) === recordId);
    if (!event) {
      throw new AppError("RECORD_NOT_FOUND", `no provenance record ${recordId} is indexed`, {
        status: 404,
        details: { field: "recordId" },
      });
    }
    res.json({ recordId, contentCommitment: String(event.data.contentCommitment) });
  });

  return router;
}
