import { createParser, type EventSourceMessage } from "eventsource-parser";
import { TimelineStep } from "../../api/schemas.js";
import { SuanliApiError } from "../errors.js";
import { raise, url, type Transport } from "../transport.js";

export interface FollowOptions {
  signal?: AbortSignal;
  /** Reconnections after a dropped stream (resuming after the last step received). */
  retries?: number;
  retryDelayMs?: number;
}

/**
 * `GET /v1/jobs/:id/events` as an async iterator of timeline steps, ending after the job's terminal step
 * (settled, timed out or cancelled). A dropped connection is resumed with `Last-Event-ID`, so no step is
 * yielded twice or missed.
 */
export async function* follow(
  t: Transport,
  jobId: bigint | string,
  o: FollowOptions = {},
): AsyncGenerator<TimelineStep> {
  let lastId: string | undefined;
  let retries = o.retries ?? 30;
  for (;;) {
    let res: Response;
    try {
      res = await t.fetch(url(t, `v1/jobs/${jobId}/events`), {
        headers: {
          ...t.headers,
          Accept: "text/event-stream",
          ...(lastId ? { "Last-Event-ID": lastId } : {}),
        },
        signal: o.signal,
      });
    } catch (error) {
      if (o.signal?.aborted || retries-- <= 0) throw error;
      await new Promise((r) => setTimeout(r, o.retryDelayMs ?? 500));
      continue;
    }
    if (!res.ok) await raise(res);
    const queue: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (event) => queue.push(event) });
    const decoder = new TextDecoder();
    let ended = false;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        while (queue.length > 0) {
          const event = queue.shift()!;
          if (event.event === "end") {
            ended = true;
            break;
          }
          if (event.event !== "step") continue;
          const step = TimelineStep.safeParse(JSON.parse(event.data));
          if (!step.success) {
            throw new SuanliApiError(200, "RESPONSE_INVALID", "a timeline event does not match the schema", {
              issues: step.error.issues,
            });
          }
          lastId = event.id ?? step.data.id;
          yield step.data;
        }
        if (ended) return;
      }
    } catch (error) {
      if (error instanceof SuanliApiError || o.signal?.aborted || retries-- <= 0) throw error;
    }
    if (ended) return;
    if (retries-- <= 0)
      throw new SuanliApiError(0, "STREAM_CLOSED", `the event stream of job ${jobId} closed early`);
    await new Promise((r) => setTimeout(r, o.retryDelayMs ?? 500));
  }
}
