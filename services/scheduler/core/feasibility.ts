import { resourcesFit } from "./resources.js";
import { ANY_NODE, type Job, type Network, type Node, type NodeView } from "./types.js";

/** Whether the node's hardware can run the job ("" = CPU only, "any" = any GPU, ANY_NODE, else an exact model). */
export function hardwareFits(job: Job, node: Node): boolean {
  if (job.gpuModel === ANY_NODE) return true;
  if (job.gpuModel === "") return node.gpuCount === 0;
  if (node.gpuCount === 0) return false;
  return job.gpuModel === "any" || job.gpuModel === node.gpuModel;
}

/** Resource units a node offers: GPUs on a GPU node, cores on a CPU node. */
export function capacityUnits(node: Node): number {
  return node.gpuCount > 0 ? node.gpuCount : node.cpuCores;
}

/** Network round trip from the buyer's region to the node, including the node's access latency. */
export function latencyMs(job: Job, node: Node, network: Network): number {
  const rtt = network.rttMs[job.buyerRegion]?.[node.region];
  if (rtt === undefined) return Number.POSITIVE_INFINITY;
  return rtt + (network.accessMs[node.latencyClass] ?? 0);
}

/**
 * The market's hard rules, which every policy (baselines included) must respect: the node is active and online,
 * has the hardware and free capacity in every dimension (GPU shares without splitting a job across GPUs, host
 * cores, memory), its price is within the buyer's maximum, and it is not excluded for the job.
 */
export function marketFits(job: Job, view: NodeView, excluded?: ReadonlySet<string>): boolean {
  const node = view.node;
  return (
    node.status === "active" &&
    node.online &&
    node.pricePerSecond <= job.maxUnitPrice &&
    hardwareFits(job, node) &&
    !(excluded?.has(node.nodeId) ?? false) &&
    resourcesFit(job, view)
  );
}

/** Seconds left after starting now (plus the start delay) and running the whole job before the deadline. */
export function slackSec(job: Job, now: number, startDelaySec: number): number {
  return job.deadline - (now + startDelaySec + job.durationSec);
}

/** The SLA can be met on this node: latency bound including network latency, and the deadline. */
export function slaFits(job: Job, node: Node, network: Network, now: number, startDelaySec: number): boolean {
  return latencyMs(job, node, network) <= job.latencyBoundMs && slackSec(job, now, startDelaySec) >= 0;
}

/** Market rules and SLA together: what the optimising policy requires of every placement. */
export function feasible(
  job: Job,
  view: NodeView,
  network: Network,
  now: number,
  startDelaySec: number,
  excluded?: ReadonlySet<string>,
): boolean {
  return marketFits(job, view, excluded) && slaFits(job, view.node, network, now, startDelaySec);
}
