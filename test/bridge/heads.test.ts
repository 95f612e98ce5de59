import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainProvider } from "../../services/shared/chain.js";
import { HeadWatcher } from "../../services/shared/heads.js";
import { DOMAINS } from "./harness.js";

/**
 * A JSON-RPC endpoint over plain HTTP only (no WebSocket upgrade), as many hosted endpoints are: the head
 * watcher falls back to `eth_blockNumber` polls and still wakes its waiters on each new block.
 */
describe("HeadWatcher without a WebSocket endpoint", () => {
  let server: http.Server;
  let url = "";
  let block = 7;
  let polls = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.method !== "POST") {
        res.statusCode = 405; // the WebSocket upgrade request: refused
        return res.end();
      }
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        const calls = JSON.parse(body) as { id: number; method: string } | { id: number; method: string }[];
        const answer = (c: { id: number; method: string }) => {
          if (c.method === "eth_blockNumber") polls++;
          return c.method === "eth_blockNumber"
            ? { jsonrpc: "2.0", id: c.id, result: `0x${block.toString(16)}` }
            : { jsonrpc: "2.0", id: c.id, error: { code: -32601, message: `no ${c.method}` } };
        };
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify(Array.isArray(calls) ? calls.map(answer) : answer(calls)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("falls back to polling and reports each new head", async () => {
    const provider = chainProvider({ name: "hub", domain: DOMAINS.hub, rpcUrl: url }, 20);
    const heads = new HeadWatcher(provider, url, 20);
    try {
      expect(await heads.next(-1, 2_000)).toBe(7);
      const waiting = heads.next(7, 5_000);
      block = 9;
      expect(await waiting).toBe(9);
      // Nothing new: the wait ends at its heartbeat with the same head.
      expect(await heads.next(9, 100)).toBe(9);
      expect(heads.subscribedToHeads).toBe(false);
      expect(polls).toBeGreaterThan(2);
    } finally {
      await heads.stop();
      provider.destroy();
    }
  });
});
