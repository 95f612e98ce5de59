import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Attestation } from "../../shared/envelope.js";
import type { SignatureSource } from "../core/types.js";

const responseSchema = z.object({
  validator: z.string(),
  signatures: z.array(z.object({ messageId: z.string(), signature: z.string() })),
});
const CHUNK = 200;
const MAX_SKIP_MS = 10_000;
const CACHE_LIMIT = 100_000;

interface Endpoint {
  url: string;
  /** Answered its last request within the wait: steps wait for it (up to the timeout). */
  fast: boolean;
  /** Consecutive failed requests; a failing endpoint is asked again only from `probeAt` on. */
  failures: number;
  probeAt: number;
  inflight: Promise<void> | undefined;
  /** Signatures it served, by message id: a late answer still counts in the next step. */
  cache: Map<string, Attestation>;
}

/**
 * Reads signatures from validators' HTTP stores (`GET /v1/signatures?ids=…`), every endpoint in parallel.
 * A step waits at most `timeoutMs`, and only for endpoints that answered in time before: a slow endpoint's
 * answer lands in its cache and counts in the next step, a hung one costs one wait and is then not waited for
 * (at most one request in flight per endpoint), a failing one is probed again with a growing pause.
 * Nothing an endpoint says is trusted: the relayer recovers every signature's signer itself.
 */
export class HttpSignatureSource implements SignatureSource {
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(
    urls: string[],
    private readonly timeoutMs = 500,
    private readonly now: () => number = Date.now,
    /** How long a request may take at all before it counts as failed. */
    private readonly requestTimeoutMs = Math.max(10 * timeoutMs, 5_000),
  ) {
    this.addEndpoints(urls);
  }

  /** Adds endpoints (e.g. found in `ValidatorAnnounce`); known ones keep their state. */
  addEndpoints(urls: string[]): void {
    for (const raw of urls) {
      const url = raw.replace(/\/$/, "");
      if (!this.endpoints.has(url))
        this.endpoints.set(url, {
          url,
          fast: true,
          failures: 0,
          probeAt: 0,
          inflight: undefined,
          cache: new Map(),
        });
    }
  }

  /** The endpoints and whether each is currently waited for (for `/health`). */
  status(): { url: string; healthy: boolean; failures: number }[] {
    return [...this.endpoints.values()].map((e) => ({ url: e.url, healthy: e.fast, failures: e.failures }));
  }

  async fetch(messageIds: string[]): Promise<Map<string, Attestation[]>> {
    const now = this.now();
    for (const e of this.endpoints.values()) {
      if (e.inflight || (e.failures > 0 && e.probeAt > now)) continue;
      const missing = messageIds.filter((id) => !e.cache.has(id));
      if (missing.length > 0) e.inflight = this.request(e, missing).finally(() => (e.inflight = undefined));
    }
    const waited = [...this.endpoints.values()].filter((e) => e.fast && e.inflight);
    await Promise.race([Promise.all(waited.map((e) => e.inflight)), sleep(this.timeoutMs)]);
    for (const e of waited) if (e.inflight) e.fast = false; // too slow this time: not waited for until it answers
    const result = new Map<string, Attestation[]>();
    for (const id of messageIds) {
      const found = [...this.endpoints.values()].flatMap((e) => {
        const a = e.cache.get(id);
        return a ? [a] : [];
      });
      if (found.length > 0) result.set(id, found);
    }
    return result;
  }

  private async request(endpoint: Endpoint, ids: string[]): Promise<void> {
    const started = this.now();
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
    const answers = await Promise.all(chunks.map((chunk) => this.ask(endpoint.url, chunk)));
    if (answers.every(Boolean)) {
      if (endpoint.cache.size > CACHE_LIMIT) endpoint.cache.clear();
      for (const answer of answers)
        for (const s of answer!.signatures)
          endpoint.cache.set(s.messageId, { validator: answer!.validator, signature: s.signature });
      endpoint.failures = 0;
      endpoint.fast = this.now() - started <= this.timeoutMs;
      return;
    }
    endpoint.failures++;
    endpoint.fast = false;
    endpoint.probeAt = this.now() + Math.min(this.timeoutMs * 2 ** endpoint.failures, MAX_SKIP_MS);
  }

  private async ask(url: string, ids: string[]): Promise<z.infer<typeof responseSchema> | undefined> {
    try {
      const response = await fetch(`${url}/v1/signatures?ids=${ids.join(",")}`, {
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      if (!response.ok) return undefined;
      const parsed = responseSchema.safeParse(await response.json());
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined; // unreachable or hung: the others may still reach the threshold
    }
  }
}
