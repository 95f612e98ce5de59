/**
 * Pricing and feasibility for quotes: pure functions over the indexed providers and the market's policy
 * (no I/O). The price formula is `SlaPricingLib.price`; escrow is the price at the buyer's maximum unit price.
 */
import type { JobSpec, Provider, RegionQuote } from "../schemas.js";
import type { z } from "zod";

/** Expected access latency of a node's latency class (IComputeRegistry: 0 edge < 10 ms … 3 best effort). */
export const ACCESS_LATENCY_MS = [10, 50, 200, Number.POSITIVE_INFINITY] as const;

/** `SlaPricingLib.price`: resources × durationSec × unitPrice × tierMultiplierBps / 10 000 (rounded down). */
export function price(
  resources: number,
  durationSec: number,
  unitPrice: bigint,
  multiplierBps: number,
): bigint {
  return (BigInt(resources) * BigInt(durationSec) * unitPrice * BigInt(multiplierBps)) / 10_000n;
}

/** Resource units a node offers: GPUs on a GPU node, cores on a CPU node (as the scheduler counts them). */
export const capacityUnits = (p: Pick<Provider, "gpuCount" | "cpuCores">): number =>
  p.gpuCount > 0 ? p.gpuCount : p.cpuCores;

export interface QuoteInput {
  resources: number;
  durationSec: number;
  latencyBoundMs: number;
  deadline: number;
  /** Undefined: any ask. */
  maxUnitPrice?: bigint;
}

/** Whether `node` can run the job at all: active, big enough, fast enough, cheap enough, in time. */
export function feasible(q: QuoteInput, node: Provider, now: number): boolean {
  return (
    node.status === "active" &&
    capacityUnits(node) >= q.resources &&
    (ACCESS_LATENCY_MS[node.latencyClass] ?? Number.POSITIVE_INFINITY) <= q.latencyBoundMs &&
    (q.maxUnitPrice === undefined || BigInt(node.pricePerSecond) <= q.maxUnitPrice) &&
    q.deadline >= now + q.durationSec
  );
}

/** Grams of CO2 for the job on a node: intensity (g/kWh) × resources × watts per unit × hours. */
export function carbonGrams(q: QuoteInput, node: Provider, wattsPerUnit: number): number {
  const kWh = (q.resources * wattsPerUnit * q.durationSec) / 3_600_000;
  return Math.round(node.carbonIntensity * kWh * 1_000) / 1_000;
}

/** Per feasible region: node count and the cheapest node's price, carbon and latency; cheapest region first. */
export function regionQuotes(
  q: QuoteInput,
  providers: readonly Provider[],
  multiplierBps: number,
  now: number,
  wattsPerUnit: number,
): z.infer<typeof RegionQuote>[] {
  const byRegion = new Map<string, Provider[]>();
  for (const p of providers) {
    if (!feasible(q, p, now)) continue;
    byRegion.set(p.region, [...(byRegion.get(p.region) ?? []), p]);
  }
  const out = [...byRegion.entries()].map(([region, nodes]) => {
    const best = nodes.reduce((a, b) =>
      BigInt(b.pricePerSecond) < BigInt(a.pricePerSecond) ||
      (b.pricePerSecond === a.pricePerSecond && b.carbonIntensity < a.carbonIntensity)
        ? b
        : a,
    );
    return {
      region,
      domain: best.domain,
      feasibleNodes: nodes.length,
      minUnitPrice: best.pricePerSecond,
      expectedPrice: price(q.resources, q.durationSec, BigInt(best.pricePerSecond), multiplierBps).toString(),
      expectedCarbonGrams: carbonGrams(q, best, wattsPerUnit),
      expectedLatencyMs: ACCESS_LATENCY_MS[best.latencyClass] ?? 0,
    };
  });
  return out.sort((a, b) => (BigInt(a.expectedPrice) < BigInt(b.expectedPrice) ? -1 : 1));
}

/** The highest ask among feasible nodes: the default maximum unit price, so every one of them qualifies. */
export function defaultMaxUnitPrice(
  q: QuoteInput,
  providers: readonly Provider[],
  now: number,
): bigint | undefined {
  let max: bigint | undefined;
  for (const p of providers) {
    if (!feasible({ ...q, maxUnitPrice: undefined }, p, now)) continue;
    const ask = BigInt(p.pricePerSecond);
    if (max === undefined || ask > max) max = ask;
  }
  return max;
}

export type { JobSpec };
