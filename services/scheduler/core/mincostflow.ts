/**
 * Min-cost flow by the primal-dual method: Dijkstra on reduced costs (Johnson potentials) finds the shortest
 * distances, then Dinic-style blocking flows (BFS levels, depth-first pushes) saturate every zero-reduced-cost
 * path before the next Dijkstra.
 * Capacities and costs are non-negative integers (the caller scales costs), which keeps "reduced cost is zero"
 * exact and the resulting flow integral and optimal.
 */
export class MinCostFlow {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly cost: number[] = [];
  private readonly next: number[] = [];
  private readonly potential: Float64Array;
  private readonly level: Int32Array;
  private readonly current: Int32Array;

  constructor(private readonly nodeCount: number) {
    this.head = new Array<number>(nodeCount).fill(-1);
    this.potential = new Float64Array(nodeCount);
    this.level = new Int32Array(nodeCount);
    this.current = new Int32Array(nodeCount);
  }

  /** Adds an arc and its residual twin; returns the arc id for `flowOn`. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (!Number.isInteger(cost) || cost < 0)
      throw new Error(`MinCostFlow: cost must be a non-negative integer`);
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`MinCostFlow: bad capacity ${capacity}`);
    const id = this.to.length;
    this.push(from, to, capacity, cost);
    this.push(to, from, 0, -cost);
    return id;
  }

  /** Flow currently on an arc returned by `addArc`. */
  flowOn(arc: number): number {
    return this.cap[arc ^ 1] ?? 0;
  }

  /** Sends up to `limit` units from source to sink at minimum cost; returns the amount sent. */
  run(source: number, sink: number, limit: number): number {
    let sent = 0;
    while (sent < limit && this.updatePotentials(source, sink)) {
      while (sent < limit && this.levelAdmissible(source, sink)) {
        this.current.set(this.head);
        for (let pushed = 1; pushed > 0 && sent < limit; sent += pushed) {
          pushed = this.augment(source, sink, limit - sent);
        }
      }
    }
    return sent;
  }

  private reducedCost(e: number, u: number, v: number): number {
    return (this.cost[e] ?? 0) + (this.potential[u] ?? 0) - (this.potential[v] ?? 0);
  }

  /** Dijkstra on reduced costs; potentials += min(dist, dist[sink]) keeps every residual reduced cost >= 0. */
  private updatePotentials(source: number, sink: number): boolean {
    const n = this.nodeCount;
    const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const done = new Uint8Array(n);
    const heap = new DistHeap();
    dist[source] = 0;
    heap.push(0, source);
    while (heap.size > 0) {
      const [d, u] = heap.pop();
      if (done[u] === 1) continue;
      done[u] = 1;
      if (u === sink) break;
      for (let e = this.head[u] ?? -1; e !== -1; e = this.next[e] ?? -1) {
        if ((this.cap[e] ?? 0) <= 0) continue;
        const v = this.to[e] ?? 0;
        if (done[v] === 1) continue;
        const nd = d + this.reducedCost(e, u, v);
        if (nd < (dist[v] ?? Number.POSITIVE_INFINITY)) {
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
    }
    const dSink = dist[sink] ?? Number.POSITIVE_INFINITY;
    if (dSink === Number.POSITIVE_INFINITY) return false;
    for (let v = 0; v < n; v++) this.potential[v] = (this.potential[v] ?? 0) + Math.min(dist[v] ?? 0, dSink);
    return true;
  }

  /** BFS hop levels over admissible arcs (residual, zero reduced cost); true if the sink is reachable. */
  private levelAdmissible(source: number, sink: number): boolean {
    this.level.fill(-1);
    this.level[source] = 0;
    const queue = [source];
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i] ?? 0;
      for (let e = this.head[u] ?? -1; e !== -1; e = this.next[e] ?? -1) {
        const v = this.to[e] ?? 0;
        if ((this.cap[e] ?? 0) <= 0 || this.level[v] !== -1 || this.reducedCost(e, u, v) !== 0) continue;
        this.level[v] = (this.level[u] ?? 0) + 1;
        queue.push(v);
      }
    }
    return this.level[sink] !== -1;
  }

  /** Pushes up to `limit` from u to the sink along admissible arcs that go one level down. */
  private augment(u: number, sink: number, limit: number): number {
    if (u === sink) return limit;
    let used = 0;
    const next = (this.level[u] ?? 0) + 1;
    for (let e = this.current[u] ?? -1; e !== -1; e = this.next[e] ?? -1) {
      this.current[u] = e;
      const c = this.cap[e] ?? 0;
      const v = this.to[e] ?? 0;
      if (c <= 0 || this.level[v] !== next || this.reducedCost(e, u, v) !== 0) continue;
      const d = this.augment(v, sink, Math.min(limit - used, c));
      if (d > 0) {
        this.cap[e] = c - d;
        this.cap[e ^ 1] = (this.cap[e ^ 1] ?? 0) + d;
        used += d;
        if (used === limit) return used;
      }
    }
    this.current[u] = -1;
    return used;
  }

  private push(from: number, to: number, capacity: number, cost: number): void {
    this.to.push(to);
    this.cap.push(capacity);
    this.cost.push(cost);
    this.next.push(this.head[from] ?? -1);
    this.head[from] = this.to.length - 1;
  }
}

/** Binary min-heap of (distance, vertex) pairs. */
class DistHeap {
  private readonly keys: number[] = [];
  private readonly vals: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(key: number, val: number): void {
    const keys = this.keys;
    const vals = this.vals;
    let i = keys.length;
    keys.push(key);
    vals.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((keys[p] ?? 0) <= key) break;
      keys[i] = keys[p] ?? 0;
      vals[i] = vals[p] ?? 0;
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }

  pop(): [number, number] {
    const keys = this.keys;
    const vals = this.vals;
    const top: [number, number] = [keys[0] ?? 0, vals[0] ?? 0];
    const lastKey = keys.pop() ?? 0;
    const lastVal = vals.pop() ?? 0;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (keys[r] ?? 0) < (keys[l] ?? 0) ? r : l;
        if ((keys[c] ?? 0) >= lastKey) break;
        keys[i] = keys[c] ?? 0;
        vals[i] = vals[c] ?? 0;
        i = c;
      }
      keys[i] = lastKey;
      vals[i] = lastVal;
    }
    return top;
  }
}
