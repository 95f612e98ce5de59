/** Market-wide reads: the market's facts, regions, providers and quotes. */
import { Router } from "express";
import { randomBytes } from "node:crypto";
import { AppError } from "../../shared/errors.js";
import { JOB_REQUEST_TYPES, PERMIT_TYPES } from "../../shared/typed-data.js";
import type { ApiContext } from "../context.js";
import { capacityUnits, defaultMaxUnitPrice, price, regionQuotes } from "../core/quote.js";
import { ProvidersQuery, QuoteQuery, TIERS, type Provider, type Quote } from "../schemas.js";
import { parse } from "./validate.js";

export function createMarketRouter(ctx: ApiContext): Router {
  const router = Router();

  router.get("/v1/market", async (_req, res) => {
    res.json(await ctx.hub.marketFacts());
  });

  router.get("/v1/regions", (_req, res) => {
    const providers = ctx.store.providers();
    const busy = ctx.store.busyNodes();
    const items = ctx.regionNames().map((name) => {
      const nodes = providers.filter((p) => p.region === name);
      const active = nodes.filter((p) => p.status === "active");
      const busyNodes = active.filter((p) => busy.has(p.nodeId));
      const totalUnits = active.reduce((sum, p) => sum + capacityUnits(p), 0);
      const freeUnits = active
        .filter((p) => !busy.has(p.nodeId))
        .reduce((sum, p) => sum + capacityUnits(p), 0);
      const prices = active.map((p) => BigInt(p.pricePerSecond)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const weighted = active.reduce((sum, p) => sum + p.carbonIntensity * capacityUnits(p), 0);
      const domain = ctx.config.regions.find((r) => r.name === name)?.domain ?? nodes[0]?.domain ?? 0;
      return {
        name,
        domain,
        nodes: { total: nodes.length, active: active.length, busy: busyNodes.length },
        capacity: { totalUnits, freeUnits },
        price: prices.length
          ? { min: prices[0]!.toString(), max: prices[prices.length - 1]!.toString() }
          : null,
        carbonIntensityNow: totalUnits > 0 ? Math.round((weighted / totalUnits) * 100) / 100 : null,
      };
    });
    res.json({ items });
  });

  router.get("/v1/providers", (req, res) => {
    const q = parse(ProvidersQuery, req.query, "query");
    if (q.region && !ctx.regionNames().includes(q.region)) {
      throw new AppError("UNKNOWN_REGION", `no region named ${q.region}`, {
        status: 404,
        details: { field: "region", regions: ctx.regionNames() },
      });
    }
    const limit = Number(q.limit ?? 50);
    const [afterDomain, afterIdx] = (q.cursor ?? "0:0").split(":").map(BigInt) as [bigint, bigint];
    const after = (afterDomain << 64n) | afterIdx;
    const fits = (p: Provider) =>
      (!q.region || p.region === q.region) &&
      (!q.gpuModel || p.gpuModel === q.gpuModel) &&
      (!q.minGpus || p.gpuCount >= Number(q.minGpus)) &&
      (!q.minCpuCores || p.cpuCores >= Number(q.minCpuCores)) &&
      (!q.maxPrice || BigInt(p.pricePerSecond) <= BigInt(q.maxPrice)) &&
      (!q.minReputation || p.reputation.score >= Number(q.minReputation)) &&
      (!q.maxCarbon || p.carbonIntensity <= Number(q.maxCarbon));
    const matching = ctx.store.providers().filter((p) => (!q.cursor || BigInt(p.nodeId) > after) && fits(p));
    const items = matching.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor =
      matching.length > limit && last
        ? `${BigInt(last.nodeId) >> 64n}:${BigInt(last.nodeId) & 0xffffffffffffffffn}`
        : null;
    res.json({ items, nextCursor });
  });

  router.get("/v1/quotes", async (req, res) => {
    const q = parse(QuoteQuery, req.query, "query");
    const facts = await ctx.hub.marketFacts();
    const now = ctx.now();
    const base = {
      resources: Number(q.resources),
      durationSec: Number(q.durationSec),
      latencyBoundMs: Number(q.latencyBoundMs),
      deadline: Number(q.deadline),
    };
    for (const field of ["resources", "durationSec", "latencyBoundMs"] as const) {
      if (base[field] === 0) {
        throw new AppError("VALIDATION_FAILED", `query ${field}: must be at least 1`, {
          status: 400,
          details: { in: "query", issues: [{ field, message: "must be at least 1" }] },
        });
      }
    }
    if (base.deadline <= now + base.durationSec) {
      throw new AppError("VALIDATION_FAILED", "query deadline: must leave at least durationSec from now", {
        status: 400,
        details: { in: "query", issues: [{ field: "deadline", message: `chain time is ${now}` }] },
      });
    }
    const providers = ctx.store.providers();
    const maxUnitPrice =
      q.maxUnitPrice !== undefined ? BigInt(q.maxUnitPrice) : defaultMaxUnitPrice(base, providers, now);
    if (maxUnitPrice === undefined || maxUnitPrice === 0n) {
      throw new AppError(
        "NO_FEASIBLE_NODE",
        "no active node can run this job; name a maxUnitPrice to quote anyway",
        {
          status: 422,
          details: { field: "maxUnitPrice" },
        },
      );
    }
    const multiplier = facts.policy.tierMultiplierBps[TIERS.indexOf(q.tier)]!;
    const escrow = price(base.resources, base.durationSec, maxUnitPrice, multiplier);
    if (escrow === 0n) {
      throw new AppError("ZERO_ESCROW", "the job prices to zero; raise resources, duration or maxUnitPrice", {
        status: 422,
        details: { field: "maxUnitPrice" },
      });
    }
    const spec = {
      ...base,
      tier: q.tier,
      maxUnitPrice: maxUnitPrice.toString(),
      inputCommitment: q.inputCommitment ?? "0",
    };
    const expiry = now + ctx.config.quoteTtlSec;
    const domain = {
      name: "Suanli JobMarket",
      version: "1",
      chainId: facts.chainId,
      verifyingContract: facts.jobMarket,
    };
    const quote: Quote = {
      spec,
      escrow: escrow.toString(),
      regions: regionQuotes({ ...base, maxUnitPrice }, providers, multiplier, now, ctx.config.wattsPerUnit),
      typedData: {
        domain,
        types: { JobRequest: JOB_REQUEST_TYPES.JobRequest },
        primaryType: "JobRequest",
        message: {
          buyer: q.buyer ?? null,
          ...base,
          tier: TIERS.indexOf(q.tier),
          maxUnitPrice: spec.maxUnitPrice,
          inputCommitment: spec.inputCommitment,
          nonce: BigInt(`0x${randomBytes(16).toString("hex")}`).toString(),
          expiry,
        },
      },
      permit: q.buyer
        ? {
            domain: {
              name: facts.paymentToken.name,
              version: facts.paymentToken.version,
              chainId: facts.chainId,
              verifyingContract: facts.paymentToken.address,
            },
            types: { Permit: PERMIT_TYPES.Permit },
            primaryType: "Permit",
            message: {
              owner: q.buyer,
              spender: facts.jobMarket,
              value: escrow.toString(),
              nonce: (await ctx.hub.permitNonce(q.buyer)).toString(),
              deadline: expiry.toString(),
            },
          }
        : null,
    };
    res.json(quote);
  });

  return router;
}
