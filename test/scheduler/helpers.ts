import {
  Tier,
  type Job,
  type Network,
  type Node,
  type NodeView,
  type PlacementInput,
} from "../../services/scheduler/core/types.js";
import { DEFAULT_WEIGHTS } from "../../services/scheduler/core/types.js";

export const NOW = 1_800_000_000;

export const NET: Network = {
  rttMs: {
    east: { east: 5, west: 45 },
    west: { east: 45, west: 5 },
  },
  accessMs: [1, 3, 8, 20],
};

export function job(over: Partial<Job> = {}): Job {
  return {
    jobId: "j1",
    resources: 2,
    durationSec: 600,
    tier: Tier.Batch,
    latencyBoundMs: 5000,
    deadline: NOW + 7200,
    maxUnitPrice: 100,
    buyerRegion: "east",
    gpuModel: "",
    submittedAt: NOW,
    ...over,
  };
}

export function node(over: Partial<Node> = {}): Node {
  return {
    nodeId: "n1",
    region: "east",
    operator: "op",
    cpuCores: 16,
    memoryMb: 65536,
    gpuModel: "",
    gpuCount: 0,
    latencyClass: 0,
    energySource: "grid",
    carbonIntensity: 500,
    pricePerSecond: 10,
    status: "active",
    online: true,
    reputation: { successes: 10, slaBreaches: 0, timeouts: 0 },
    stake: 1,
    wattsPerUnit: 10,
    ...over,
  };
}

export function view(n: Node, freeUnits = n.gpuCount || n.cpuCores): NodeView {
  return { node: n, freeUnits };
}

export function input(jobs: Job[], nodes: NodeView[], over: Partial<PlacementInput> = {}): PlacementInput {
  return { now: NOW, jobs, nodes, network: NET, weights: DEFAULT_WEIGHTS, startDelaySec: 15, ...over };
}
