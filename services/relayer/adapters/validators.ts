import { z } from "zod";
import type { Attestation } from "../../shared/envelope.js";
import type { SignatureSource } from "../core/types.js";

const responseSchema = z.object({
  validator: z.string(),
  signatures: z.array(z.object({ messageId: z.string(), signature: z.string() })),
});
const CHUNK = 200;
const MAX_SKIP_MS = 10_000;

interface Endpoint {
  url: string;
  /** Consecutive failed or timed-out requests; > 0 means the endpoint is not waited for. */
  failures: number;
  /** When a degraded endpoint may be probed again. */
  probeAt: number;
  probing: boolean;
}

/**
 * Reads signatures from validators' HTTP stores (`GET /v1/signatures?ids=…`), all endpoints in parallel with a
 * short timeout. An endpoint that fails or times out is no longer waited for: it is probed in the background
 * with a growing pause and rejoins once it answers, so a hung validator costs one timeout, not one per step.
 * Nothing an endpoint says is trusted: the relayer recovers every signature's signer itself.
 */
export class HttpSignatureSource implements SignatureSource {
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(
    urls: string[],
    private readonly timeoutMs = 500,
    private readonly now: () => number = Date.now,
  ) {
    this.addEndpoints(urls);
  }

  /** Adds endpoints (e.g. found in `ValidatorAnnounce`); known ones keep their state. */
  addEndpoints(urls: string[]): void {
    for (const raw of urls) {
      const url = raw.replace(/\/$/, "");
      if (!this.endpoints.has(url)) this.endpoints.set(url, { url, failures: 0, probeAt: 0, probing: false });
    }
  }

  /** The endpoints and whether each is currently waited for (for `/health`). */
  status(): { url: string; healthy: boolean; failures: number }[] {
    return [...this.endpoints.values()].map((e) => ({
      url: e.url,
      healthy: e.failures === 0,
      failures: e.failures,
    }));
  }

  async fetch(messageIds: string[]): Promise<Map<string, Attestation[]>> {
    const chunks: string[][] = [];
    for (let i = 0; i < messageIds.length; i += CHUNK) chunks.push(messageIds.slice(i, i + CHUNK));
    const now = this.now();
    const healthy = [...this.endpoints.values()].filter((e) => e.failures === 0);
    for (const e of this.endpoints.values()) {
      if (e.failures > 0 && !e.probing && e.probeAt <= now) void this.probe(e, chunks[0] ?? []);
    }
    const answers = await Promise.all(
      healthy.map(async (e) => {
        const parts = await Promise.all(chunks.map((ids) => this.ask(e.url, ids)));
        this.record(e, parts.every(Boolean));
        return parts;
      }),
    );
    const result = new Map<string, Attestation[]>();
    for (const answer of answers.flat()) {
      if (!answer) continue;
      for (const s of answer.signatures) {
        const list = result.get(s.messageId) ?? [];
        list.push({ validator: answer.validator, signature: s.signature });
        result.set(s.messageId, list);
      }
    }
    return result;
  }

  private async probe(endpoint: Endpoint, ids: string[]): Promise<void> {
    endpoint.probing = true;
    try {
      this.record(endpoint, ids.length === 0 || Boolean(await this.ask(endpoint.url, ids)));
    } finally {
      endpoint.probing = false;
    }
  }

  private record(endpoint: Endpoint, ok: boolean): void {
    if (ok) {
      endpoint.failures = 0;
      return;
    }
    endpoint.failures++;
    endpoint.probeAt = this.now() + Math.min(this.timeoutMs * 2 ** endpoint.failures, MAX_SKIP_MS);
  }

  private async ask(url: string, ids: string[]): Promise<z.infer<typeof responseSchema> | undefined> {
    try {
      const response = await fetch(`${url}/v1/signatures?ids=${ids.join(",")}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) return undefined;
      const parsed = responseSchema.safeParse(await response.json());
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined; // unreachable or too slow: the others may still reach the threshold
    }
  }
}
