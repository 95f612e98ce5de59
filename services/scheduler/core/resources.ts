/**
 * Multi-dimensional resources of a node: GPUs (each with a free share, so fractional jobs can share one GPU but
 * no job spans two), host CPU cores and memory. Every policy and the simulator allocate through `take`, so a
 * placement never exceeds any dimension and whole-GPU boundaries are the same everywhere.
 */
import type { Job, Node, NodeView } from "./types.js";

/** What is free on a node, every dimension. */
export interface Capacity {
  /** Free share of each GPU, 0..1 (empty on a CPU node). */
  readonly gpus: readonly number[];
  /** Free cores (on a GPU node: host cores beside the GPUs). */
  readonly cpu: number;
  readonly memoryMb: number;
}

/** Shares below this are treated as zero (fractions are sums of decimals). */
const EPS = 1e-9;

/** Full free capacity of a node view; dimensions the view does not track are unbounded. */
export function freeOf(view: NodeView): Capacity {
  const n = view.node;
  if (n.gpuCount === 0) {
    return { gpus: [], cpu: view.freeUnits, memoryMb: view.freeMemoryMb ?? Number.POSITIVE_INFINITY };
  }
  const gpus = view.gpuFree ?? Array.from({ length: n.gpuCount }, (_, i) => (i < view.freeUnits ? 1 : 0));
  return {
    gpus,
    cpu: view.freeCpuCores ?? Number.POSITIVE_INFINITY,
    memoryMb: view.freeMemoryMb ?? Number.POSITIVE_INFINITY,
  };
}

/** A view of `node` with `cap` free (the inverse of `freeOf`). */
export function viewOf(node: Node, cap: Capacity): NodeView {
  if (node.gpuCount === 0) {
    return { node, freeUnits: cap.cpu, freeMemoryMb: cap.memoryMb };
  }
  return {
    node,
    freeUnits: cap.gpus.filter((g) => g >= 1 - EPS).length,
    gpuFree: cap.gpus,
    freeCpuCores: cap.cpu,
    freeMemoryMb: cap.memoryMb,
  };
}

/** Full capacity of an idle node. */
export function idleCapacity(node: Node): Capacity {
  return node.gpuCount === 0
    ? { gpus: [], cpu: node.cpuCores, memoryMb: node.memoryMb }
    : { gpus: new Array<number>(node.gpuCount).fill(1), cpu: node.cpuCores, memoryMb: node.memoryMb };
}

/** Units the job occupies on the node: a GPU share or whole GPUs on a GPU node, cores on a CPU node. */
export function unitsOn(job: Job, node: Node): number {
  if (node.gpuCount > 0 && job.gpuFraction !== undefined) return job.gpuFraction;
  return job.resources;
}

/**
 * The GPUs a job would take: a fractional job the best-fitting GPU (least free share that still fits, lowest
 * index on ties); a whole-GPU job the lowest-indexed idle GPUs. Null when it does not fit.
 */
function pickGpus(job: Job, gpus: readonly number[]): number[] | null {
  if (job.gpuFraction !== undefined) {
    let best = -1;
    gpus.forEach((free, i) => {
      if (free + EPS >= (job.gpuFraction ?? 1) && (best === -1 || free < (gpus[best] ?? 1))) best = i;
    });
    return best === -1 ? null : [best];
  }
  const idle: number[] = [];
  for (let i = 0; i < gpus.length && idle.length < job.resources; i++) {
    if ((gpus[i] ?? 0) >= 1 - EPS) idle.push(i);
  }
  return idle.length === job.resources ? idle : null;
}

/** Whether the job fits in `cap` on `node` in every dimension, without splitting across GPUs. */
export function fitsIn(job: Job, node: Node, cap: Capacity): boolean {
  const mem = job.memoryMb ?? 0;
  if (cap.memoryMb + EPS < mem) return false;
  if (node.gpuCount === 0) return cap.cpu >= job.resources;
  if (cap.cpu + EPS < (job.cpuCores ?? 0)) return false;
  return pickGpus(job, cap.gpus) !== null;
}

/** Capacity left after placing the job; throws if it does not fit (callers check `fitsIn` first). */
export function take(job: Job, node: Node, cap: Capacity): Capacity {
  const mem = job.memoryMb ?? 0;
  if (node.gpuCount === 0) {
    if (cap.cpu < job.resources || cap.memoryMb + EPS < mem) throw new Error(`job ${job.jobId} does not fit`);
    return { gpus: [], cpu: cap.cpu - job.resources, memoryMb: cap.memoryMb - mem };
  }
  const picked = pickGpus(job, cap.gpus);
  if (picked === null || cap.cpu + EPS < (job.cpuCores ?? 0) || cap.memoryMb + EPS < mem) {
    throw new Error(`job ${job.jobId} does not fit on node ${node.nodeId}`);
  }
  const share = job.gpuFraction ?? 1;
  const gpus = [...cap.gpus];
  for (const i of picked) gpus[i] = Math.max(0, (gpus[i] ?? 0) - share);
  return { gpus, cpu: cap.cpu - (job.cpuCores ?? 0), memoryMb: cap.memoryMb - mem };
}

/** Capacity after a job on the node ends (the inverse of `take` for the GPUs it was given). */
export function give(job: Job, node: Node, cap: Capacity, gpuIndices: readonly number[]): Capacity {
  const mem = job.memoryMb ?? 0;
  if (node.gpuCount === 0) return { gpus: [], cpu: cap.cpu + job.resources, memoryMb: cap.memoryMb + mem };
  const share = job.gpuFraction ?? 1;
  const gpus = [...cap.gpus];
  for (const i of gpuIndices) gpus[i] = Math.min(1, (gpus[i] ?? 0) + share);
  return { gpus, cpu: cap.cpu + (job.cpuCores ?? 0), memoryMb: cap.memoryMb + mem };
}

/** The GPU indices `take` gives the job (empty on a CPU node); null when it does not fit. */
export function gpusFor(job: Job, node: Node, cap: Capacity): number[] | null {
  if (node.gpuCount === 0) return [];
  return pickGpus(job, cap.gpus);
}

/** Flow quanta per resource unit: the optimiser counts GPUs in eighths so fractional jobs fit the flow. */
export const QUANTA_PER_UNIT = 8;

/** The job's demand in flow quanta on a node of this kind. */
export function quantaOf(job: Job, node: Node): number {
  return Math.ceil(unitsOn(job, node) * QUANTA_PER_UNIT - EPS);
}

/** Free flow quanta of a capacity (GPU shares rounded down to whole quanta; cores on a CPU node). */
export function freeQuanta(node: Node, cap: Capacity): number {
  if (node.gpuCount === 0) return Math.max(0, cap.cpu) * QUANTA_PER_UNIT;
  let q = 0;
  for (const g of cap.gpus) q += Math.floor(g * QUANTA_PER_UNIT + EPS);
  return q;
}

/** Whether the job fits on the view's node in every dimension (fast path for views that track only units). */
export function resourcesFit(job: Job, view: NodeView): boolean {
  if (view.gpuFree === undefined && view.freeCpuCores === undefined && view.freeMemoryMb === undefined) {
    const needed = view.node.gpuCount > 0 && job.gpuFraction !== undefined ? 1 : job.resources;
    return view.freeUnits >= needed;
  }
  return fitsIn(job, view.node, freeOf(view));
}
