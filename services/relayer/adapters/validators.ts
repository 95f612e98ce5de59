import { z } from "zod";
import type { Attestation } from "../../shared/envelope.js";
import type { SignatureSource } from "../core/types.js";

const responseSchema = z.object({
  validator: z.string(),
  signatures: z.array(z.object({ messageId: z.string(), signature: z.string() })),
});
const CHUNK = 200;

/**
 * Reads signatures from validators' HTTP stores (`GET /v1/signatures?ids=…`). A validator that is down or
 * answers garbage is skipped; the ISM checks every signature anyway, so a lying validator costs nothing.
 */
export class HttpSignatureSource implements SignatureSource {
  constructor(
    private readonly urls: string[],
    private readonly timeoutMs = 2_000,
  ) {}

  async fetch(messageIds: string[]): Promise<Map<string, Attestation[]>> {
    const result = new Map<string, Attestation[]>();
    const chunks: string[][] = [];
    for (let i = 0; i < messageIds.length; i += CHUNK) chunks.push(messageIds.slice(i, i + CHUNK));
    const answers = await Promise.all(this.urls.flatMap((url) => chunks.map((ids) => this.ask(url, ids))));
    for (const answer of answers) {
      if (!answer) continue;
      for (const s of answer.signatures) {
        const list = result.get(s.messageId) ?? [];
        list.push({ validator: answer.validator, signature: s.signature });
        result.set(s.messageId, list);
      }
    }
    return result;
  }

  private async ask(url: string, ids: string[]): Promise<z.infer<typeof responseSchema> | undefined> {
    try {
      const response = await fetch(`${url.replace(/\/$/, "")}/v1/signatures?ids=${ids.join(",")}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) return undefined;
      const parsed = responseSchema.safeParse(await response.json());
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined; // validator unreachable: the others may still reach the threshold
    }
  }
}
