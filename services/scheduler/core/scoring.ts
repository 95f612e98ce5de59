import { latencyMs } from "./feasibility.js";
import { Tier, type Job, type Network, type Node, type PolicyWeights, type Reputation } from "./types.js";

/** Laplace-smoothed share of settled jobs that met their SLA: 0.5 for a new node, tends to the true rate. */
export function reputationScore(rep: Reputation): number {
  return (rep.successes + 1) / (rep.successes + rep.slaBreaches + rep.timeouts + 2);
}

/** Share of a node's settled jobs that timed out (acknowledgement missed or node died), smoothed like above. */
export function timeoutRate(rep: Reputation): number {
  return rep.timeouts / (rep.successes + rep.slaBreaches + rep.timeouts + 2);
}

/** Probability that a directive to the node is not acknowledged: learned if known, else the timeout rate. */
export function missRate(node: Node): number {
  return node.learned?.ackMissRate ?? timeoutRate(node.reputation);
}

/** Expected actual over declared run time on the node (learned; 1 when unknown). */
export function slowdown(node: Node): number {
  return node.learned?.slowdown ?? 1;
}

/** grams CO2 per resource-unit-second of running on the node (at `intensity` gCO2/kWh, default the node's). */
export function gramsPerUnitSecond(node: Node, intensity = node.carbonIntensity): number {
  return (node.wattsPerUnit * intensity) / 3_600_000;
}

/**
 * Weight of a missed acknowledgement by tier: a real-time job (90 s of slack) misses its SLA when its first node
 * does not acknowledge within the timeout, an interactive job often does, a batch job only loses time.
 */
const MISS_WEIGHT: Record<Tier, number> = { [Tier.RealTime]: 4, [Tier.Interactive]: 2, [Tier.Batch]: 1 };

/**
 * Share of the carbon weight a tier pays. Moving work in space or time for cleaner power is for batch work, which
 * can go west and wait; real-time and interactive work stays where its latency and price put it, so it does not
 * fill a distant region's small real-time pool to save the few watts of an inference GPU.
 */
const CARBON_SHARE: Record<Tier, number> = { [Tier.RealTime]: 0, [Tier.Interactive]: 0, [Tier.Batch]: 1 };

/** Window context of a cost: deadline risk needs the time; carbon may come from a forecast over the run. */
export interface CostContext {
  readonly now: number;
  readonly startDelaySec: number;
  /** Mean grid intensity expected over the run, gCO2/kWh (default: the node's current intensity). */
  readonly carbonIntensity?: number;
}

/**
 * Normalisers so that the price and carbon terms are dimensionless and O(1): the mean unit price and the mean
 * grams per unit-second of the nodes whose hardware could run the job.
 */
export interface ScoreRefs {
  readonly unitPrice: number;
  readonly gramsPerUnitSecond: number;
}

/**
 * SLA risk of the job on this node: how close the latency is to its bound — 0 up to half the bound (ample margin
 * for jitter), rising quadratically to 1 at the bound, and only for real-time/interactive work — the chance the node misses the acknowledgement (weighted by
 * tier), and — given the window's time — 1 when the node's learned slowdown would make the job finish late.
 */
export function slaRisk(job: Job, node: Node, network: Network, ctx?: CostContext): number {
  const latencyRisk =
    job.tier === Tier.Batch
      ? 0
      : (2 * Math.max(0, Math.min(1, latencyMs(job, node, network) / job.latencyBoundMs) - 0.5)) ** 2;
  const late =
    ctx !== undefined && ctx.now + ctx.startDelaySec + job.durationSec * slowdown(node) > job.deadline
      ? 1
      : 0;
  return latencyRisk + MISS_WEIGHT[job.tier] * missRate(node) + late;
}

/**
 * Multi-objective cost of one (declared) resource-unit-second of the job on the node (lower is better): weighted
 * sum of normalised price, SLA risk, lack of reputation and carbon; price and carbon scale with the node's
 * learned slowdown, as a slow node bills and burns more unit-seconds for the same job.
 */
export function unitCost(
  job: Job,
  node: Node,
  network: Network,
  refs: ScoreRefs,
  w: PolicyWeights,
  ctx?: CostContext,
): number {
  const slow = slowdown(node);
  return (
    (w.price * slow * node.pricePerSecond) / refs.unitPrice +
    w.slaRisk * slaRisk(job, node, network, ctx) +
    w.reputation * (1 - reputationScore(node.reputation)) +
    (CARBON_SHARE[job.tier] * w.carbon * slow * gramsPerUnitSecond(node, ctx?.carbonIntensity)) /
      refs.gramsPerUnitSecond
  );
}
