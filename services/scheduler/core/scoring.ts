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

/** grams CO2 per resource-unit-second of running on the node. */
export function gramsPerUnitSecond(node: Node): number {
  return (node.wattsPerUnit * node.carbonIntensity) / 3_600_000;
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
 * SLA risk of the job on this node, in [0, 2]: how close the latency is to its bound (squared, so only a tight
 * margin matters, and only for real-time/interactive work) plus how often the node let jobs time out.
 */
export function slaRisk(job: Job, node: Node, network: Network): number {
  const latencyRisk =
    job.tier === Tier.Batch ? 0 : Math.min(1, latencyMs(job, node, network) / job.latencyBoundMs) ** 2;
  return latencyRisk + timeoutRate(node.reputation);
}

/**
 * Multi-objective cost of one resource-unit-second of the job on the node (lower is better): weighted sum of
 * normalised price, SLA risk, lack of reputation and carbon.
 */
export function unitCost(job: Job, node: Node, network: Network, refs: ScoreRefs, w: PolicyWeights): number {
  return (
    (w.price * node.pricePerSecond) / refs.unitPrice +
    w.slaRisk * slaRisk(job, node, network) +
    w.reputation * (1 - reputationScore(node.reputation)) +
    (w.carbon * gramsPerUnitSecond(node)) / refs.gramsPerUnitSecond
  );
}
