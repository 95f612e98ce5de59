import type { JsonRpcProvider } from "ethers";

/** While a subscription delivers heads, a slow poll still runs in case it silently stops. */
const SAFETY_POLL_MS = 1_000;
/** After a WebSocket failure, the next subscription attempt waits this long (polling meanwhile). */
const RESUBSCRIBE_MS = 5_000;

/**
 * The head block number of one chain, shared by everything that waits for new blocks on it. It subscribes
 * to `newHeads` over WebSocket where the endpoint serves it (anvil and `hardhat node` serve ws on their HTTP
 * port; `ws://` is derived from `http://`) and falls back to `eth_blockNumber` polls every `pollMs` when the
 * endpoint refuses the upgrade or the subscription, or the socket closes. Heads only wake waiters: readers
 * still query their ranges over HTTP (and apply their confirmations), so a missed or reorganised head costs
 * at most one poll interval.
 */
export class HeadWatcher {
  private head = -1;
  private waiters = new Set<() => void>();
  private socket: WebSocket | undefined;
  private subscribed = false;
  private retryAt = 0;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly provider: JsonRpcProvider,
    private readonly rpcUrl: string,
    private readonly pollMs: number,
  ) {}

  /** Whether heads currently arrive over a WebSocket subscription (for /health and tests). */
  get subscribedToHeads(): boolean {
    return this.subscribed;
  }

  /** The last head seen (-1 before the first). */
  get latest(): number {
    return this.head;
  }

  /**
   * Resolves with the head once it is above `seen`, or after `maxWaitMs` with whatever it is then (so callers
   * keep a heartbeat). Starts watching on first use.
   */
  async next(seen: number, maxWaitMs: number): Promise<number> {
    this.loop ??= this.run();
    if (this.head > seen) return this.head;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.waiters.add(done);
    });
    return this.head;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.socket?.close();
    this.wake?.();
    for (const w of [...this.waiters]) w();
    await this.loop;
  }

  private advance(head: number): void {
    if (head <= this.head) return;
    this.head = head;
    for (const w of [...this.waiters]) w();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (!this.socket && Date.now() >= this.retryAt) this.subscribe();
      try {
        this.advance(await this.provider.getBlockNumber());
      } catch {
        // The readers see the outage on their own calls; the watcher just tries again.
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.subscribed ? SAFETY_POLL_MS : this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private subscribe(): void {
    if (typeof WebSocket === "undefined" || !/^https?:\/\//.test(this.rpcUrl)) {
      this.retryAt = Number.POSITIVE_INFINITY;
      return;
    }
    const socket = new WebSocket(this.rpcUrl.replace(/^http/, "ws"));
    this.socket = socket;
    const fail = () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.subscribed = false;
      this.retryAt = Date.now() + RESUBSCRIBE_MS;
      socket.close();
      this.wake?.(); // back to polling at once
    };
    socket.addEventListener("open", () =>
      socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["newHeads"] })),
    );
    socket.addEventListener("message", (event) => {
      let message: {
        id?: number;
        result?: unknown;
        error?: unknown;
        params?: { result?: { number?: string } };
      };
      try {
        message = JSON.parse(String(event.data)) as typeof message;
      } catch {
        return fail();
      }
      if (message.id === 1) {
        if (message.error || typeof message.result !== "string") return fail();
        this.subscribed = true;
        return;
      }
      const number = message.params?.result?.number;
      if (number) this.advance(Number(number));
    });
    socket.addEventListener("error", fail);
    socket.addEventListener("close", fail);
  }
}
