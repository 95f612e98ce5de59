import { z } from "zod";
import { hex32 } from "../../shared/config.js";
import type { Attestation } from "../../shared/envelope.js";
import type { SignatureSource } from "../core/types.js";

const responseSchema = z.object({
  validator: z.string(),
  signatures: z.array(
    z.object({
      messageId: z.string(),
      signature: z.string(),
      proof: z.array(hex32).max(32).optional(),
    }),
  ),
});
const CHUNK = 200;
const MAX_SKIP_MS = 10_000;
const CACHE_LIMIT = 100_000;
/** Requests in flight per endpoint: new ids are asked for without waiting for a slow answer, boundedly. */
const MAX_INFLIGHT = 4;

interface Endpoint {
  url: string;
  /** Answered its last request within the wait: steps wait for it (up to the timeout). */
  fast: boolean;
  /** Consecutive failed requests; a failing endpoint is asked again only from `probeAt` on. */
  failures: number;
  probeAt: number;
  /** Requests in flight (at most `MAX_INFLIGHT`) and the ids they ask for: an id is asked once at a time. */
  inflight: Set<Promise<void>>;
  asking: Set<string>;
  /** Signatures it served, by message id: a late answer still counts in the next step. */
  cache: Map<string, Attestation>;
}

/**
 * Reads signatures from validators' HTTP stores (`GET /v1/signatures?ids=…`), every endpoint in parallel.
 * A step returns as soon as the caller's `enough` holds for every id (a quorum of verified signers), else
 * waits at most `timeoutMs`, and only for endpoints that answered in time before: a slow endpoint's
 * answer lands in its cache and counts in the next step, a hung one costs one wait and is then not waited for
 * (at most `MAX_INFLIGHT` requests in flight per endpoint, each id asked once at a time), a failing one is
 * probed again with a growing pause.
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
          inflight: new Set(),
          asking: new Set(),
          cache: new Map(),
        });
    }
  }

  /** The endpoints and whether each is currently waited for (for `/health`). */
  status(): { url: string; healthy: boolean; failures: number }[] {
    return [...this.endpoints.values()].map((e) => ({ url: e.url, healthy: e.fast, failures: e.failures }));
  }

  async fetch(
    messageIds: string[],
    enough: (messageId: string, offered: Attestation[]) => boolean = () => false,
  ): Promise<Map<string, Attestation[]>> {
    const now = this.now();
    const offered = (id: string) =>
      [...this.endpoints.values()].flatMap((e) => {
        const a = e.cache.get(id);
        return a ? [a] : [];
      });
    // Ids whose quorum the caches already hold are asked of no one.
    const open = messageIds.filter((id) => !enough(id, offered(id)));
    const waited: { endpoint: Endpoint; done: Promise<void> }[] = [];
    for (const e of this.endpoints.values()) {
      if (e.inflight.size >= MAX_INFLIGHT || (e.failures > 0 && e.probeAt > now)) continue;
      const missing = open.filter((id) => !e.cache.has(id) && !e.asking.has(id));
      if (missing.length === 0) continue;
      for (const id of missing) e.asking.add(id);
      const request: Promise<void> = this.request(e, missing).finally(() => {
        e.inflight.delete(request);
        for (const id of missing) e.asking.delete(id);
      });
      e.inflight.add(request);
      if (e.fast) waited.push({ endpoint: e, done: request });
    }
    // Every endpoint is asked at once; the step ends when all waited ones answered, when every id has its
    // quorum (the others' answers still land in their caches), or after the timeout.
    const answered = new Set<Endpoint>();
    const timedOut = await new Promise<boolean>((resolve) => {
      if (waited.length === 0) return resolve(false);
      const timer = setTimeout(() => resolve(true), this.timeoutMs);
      for (const w of waited)
        void w.done.then(() => {
          answered.add(w.endpoint);
          if (answered.size === waited.length || open.every((id) => enough(id, offered(id)))) {
            clearTimeout(timer);
            resolve(false);
          }
        });
    });
    // Too slow this time: not waited for until it answers in time again.
    if (timedOut) for (const w of waited) if (!answered.has(w.endpoint)) w.endpoint.fast = false;
    const result = new Map<string, Attestation[]>();
    for (const id of messageIds) {
      const found = offered(id);
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
          endpoint.cache.set(s.messageId, {
            validator: answer!.validator,
            signature: s.signature,
            ...(s.proof ? { proof: s.proof } : {}),
          });
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
