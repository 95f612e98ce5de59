/** Time-ordered event queue (binary heap); ties break by insertion order, so runs are deterministic. */
export class EventQueue<T> {
  private readonly items: { time: number; seq: number; value: T }[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(time: number, value: T): void {
    const items = this.items;
    const item = { time, seq: this.seq++, value };
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p] as (typeof items)[number];
      if (!before(item, parent)) break;
      items[i] = parent;
      i = p;
    }
    items[i] = item;
  }

  /** Time of the earliest event, or +Infinity when empty. */
  peekTime(): number {
    return this.items[0]?.time ?? Number.POSITIVE_INFINITY;
  }

  pop(): { time: number; value: T } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined) return undefined;
    const n = items.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(items[r] as typeof last, items[l] as typeof last) ? r : l;
        const child = items[c] as typeof last;
        if (!before(child, last)) break;
        items[i] = child;
        i = c;
      }
      items[i] = last;
    }
    return { time: top.time, value: top.value };
  }
}

function before(a: { time: number; seq: number }, b: { time: number; seq: number }): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
