/**
 * Min-cost flow by the primal-dual method: Dijkstra on reduced costs (Johnson potentials) finds the shortest
 * distances, then Dinic-style blocking flows (BFS levels, depth-first pushes) saturate every zero-reduced-cost
 * path before the next Dijkstra.
 * Capacities and costs are non-negative integers (the caller scales costs), which keeps "reduced cost is zero"
 * exact and the resulting flow integral and optimal.
 * Arcs live in typed arrays (grown by doubling) and every per-phase buffer is allocated once: a window's flow
 * runs a few thousand phases, so the per-phase constant is what the window time is made of.
 */
export class MinCostFlow {
  private readonly head: Int32Array;
  private to = new Int32Array(64);
  private next = new Int32Array(64);
  private cap = new Float64Array(64);
  private cost = new Float64Array(64);
  private arcs = 0;
  private readonly potential: Float64Array;
  private readonly dist: Float64Array;
  private readonly done: Uint8Array;
  private readonly level: Int32Array;
  private readonly current: Int32Array;
  private readonly queue: Int32Array;
  private readonly heap: DistHeap;

  constructor(private readonly nodeCount: number) {
    this.head = new Int32Array(nodeCount).fill(-1);
    this.potential = new Float64Array(nodeCount);
    this.dist = new Float64Array(nodeCount);
    this.done = new Uint8Array(nodeCount);
    this.level = new Int32Array(nodeCount);
    this.current = new Int32Array(nodeCount);
    this.queue = new Int32Array(nodeCount);
    this.heap = new DistHeap(nodeCount);
  }

  /** Adds an arc and its residual twin; returns the arc id for `flowOn`. */
  addArc(from: number, to: number, capacity: number, cost: number): number {
    if (!Number.isInteger(cost) || cost < 0)
      throw new Error(`MinCostFlow: cost must be a non-negative integer`);
    if (!Number.isInteger(capacity) || capacity < 0) throw new Error(`MinCostFlow: bad capacity ${capacity}`);
    const id = this.arcs;
    this.push(from, to, capacity, cost);
    this.push(to, from, 0, -cost);
    return id;
  }

  /** Flow currently on an arc returned by `addArc`. */
  flowOn(arc: number): number {
    return arc >= 0 && arc < this.arcs ? (this.cap[arc ^ 1] as number) : 0;
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

  /** Dijkstra on reduced costs; potentials += min(dist, dist[sink]) keeps every residual reduced cost >= 0. */
  private updatePotentials(source: number, sink: number): boolean {
    const { head, next, to, cap, cost, potential, dist, done, heap } = this;
    dist.fill(Number.POSITIVE_INFINITY);
    done.fill(0);
    heap.clear();
    dist[source] = 0;
    heap.push(0, source);
    while (heap.size > 0) {
      const d = heap.topKey();
      const u = heap.pop();
      if (done[u] === 1) continue;
      done[u] = 1;
      if (u === sink) break;
      const pu = potential[u] as number;
      for (let e = head[u] as number; e !== -1; e = next[e] as number) {
        if ((cap[e] as number) <= 0) continue;
        const v = to[e] as number;
        if (done[v] === 1) continue;
        const nd = d + (cost[e] as number) + pu - (potential[v] as number);
        if (nd < (dist[v] as number)) {
          dist[v] = nd;
          heap.push(nd, v);
        }
      }
    }
    const dSink = dist[sink] as number;
    if (dSink === Number.POSITIVE_INFINITY) return false;
    for (let v = 0; v < this.nodeCount; v++) {
      const dv = dist[v] as number;
      potential[v] = (potential[v] as number) + (dv < dSink ? dv : dSink);
    }
    return true;
  }

  /** BFS hop levels over admissible arcs (residual, zero reduced cost); true if the sink is reachable. */
  private levelAdmissible(source: number, sink: number): boolean {
    const { head, next, to, cap, cost, potential, level, queue } = this;
    level.fill(-1);
    level[source] = 0;
    queue[0] = source;
    let tail = 1;
    for (let i = 0; i < tail; i++) {
      const u = queue[i] as number;
      const pu = potential[u] as number;
      const lu = (level[u] as number) + 1;
      for (let e = head[u] as number; e !== -1; e = next[e] as number) {
        const v = to[e] as number;
        if ((cap[e] as number) <= 0 || level[v] !== -1) continue;
        if ((cost[e] as number) + pu - (potential[v] as number) !== 0) continue;
        level[v] = lu;
        queue[tail++] = v;
      }
    }
    return level[sink] !== -1;
  }

  /** Pushes up to `limit` from u to the sink along admissible arcs that go one level down. */
  private augment(u: number, sink: number, limit: number): number {
    if (u === sink) return limit;
    const { next, to, cap, cost, potential, level, current } = this;
    let used = 0;
    const want = (level[u] as number) + 1;
    const pu = potential[u] as number;
    for (let e = current[u] as number; e !== -1; e = next[e] as number) {
      current[u] = e;
      const c = cap[e] as number;
      const v = to[e] as number;
      if (c <= 0 || level[v] !== want || (cost[e] as number) + pu - (potential[v] as number) !== 0) continue;
      const d = this.augment(v, sink, Math.min(limit - used, c));
      if (d > 0) {
        cap[e] = c - d;
        cap[e ^ 1] = (cap[e ^ 1] as number) + d;
        used += d;
        if (used === limit) return used;
      }
    }
    current[u] = -1;
    return used;
  }

  private push(from: number, to: number, capacity: number, cost: number): void {
    if (this.arcs === this.to.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.to = grow(this.to, (n) => new Int32Array(n));
      this.next = grow(this.next, (n) => new Int32Array(n));
      this.cap = grow(this.cap, (n) => new Float64Array(n));
      this.cost = grow(this.cost, (n) => new Float64Array(n));
    }
    const id = this.arcs++;
    this.to[id] = to;
    this.cap[id] = capacity;
    this.cost[id] = cost;
    this.next[id] = this.head[from] as number;
    this.head[from] = id;
  }
}

/** Binary min-heap of (distance, vertex) pairs in typed arrays; lazy deletion bounds it by the pushes per phase. */
class DistHeap {
  private keys: Float64Array;
  private vals: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.vals = new Int32Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.keys[0] as number;
  }

  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      const vals = new Int32Array(this.size * 2);
      keys.set(this.keys);
      vals.set(this.vals);
      this.keys = keys;
      this.vals = vals;
    }
    const { keys, vals } = this;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((keys[p] as number) <= key) break;
      keys[i] = keys[p] as number;
      vals[i] = vals[p] as number;
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }

  /** Removes the minimum and returns its vertex (read its key with `topKey` first). */
  pop(): number {
    const { keys, vals } = this;
    const top = vals[0] as number;
    const n = --this.size;
    const lastKey = keys[n] as number;
    const lastVal = vals[n] as number;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (keys[r] as number) < (keys[l] as number) ? r : l;
        if ((keys[c] as number) >= lastKey) break;
        keys[i] = keys[c] as number;
        vals[i] = vals[c] as number;
        i = c;
      }
      keys[i] = lastKey;
      vals[i] = lastVal;
    }
    return top;
  }
}
