/**
 * HTTP transport of the SDK: builds the URL, sends JSON, validates the response body with the API's own zod
 * schema (so a drifting server is caught at the client) and turns error responses into `SuanliApiError`.
 */
import type { z } from "zod";
import { ErrorResponse } from "../api/schemas.js";
import { SuanliApiError } from "./errors.js";

export interface Transport {
  baseUrl: string;
  fetch: typeof fetch;
  headers: Record<string, string>;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export function url(t: Transport, path: string, query?: RequestOptions["query"]): string {
  const u = new URL(path, t.baseUrl.endsWith("/") ? t.baseUrl : `${t.baseUrl}/`);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
  return u.toString();
}

/** Throws the API's error for a non-2xx response. */
export async function raise(res: Response): Promise<never> {
  const text = await res.text();
  let parsed: z.infer<typeof ErrorResponse> | undefined;
  try {
    const result = ErrorResponse.safeParse(JSON.parse(text));
    parsed = result.success ? result.data : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed)
    throw new SuanliApiError(res.status, parsed.error.code, parsed.error.message, parsed.error.details);
  throw new SuanliApiError(res.status, "HTTP_ERROR", `HTTP ${res.status}: ${text.slice(0, 200)}`);
}

export async function request<S extends z.ZodType>(
  t: Transport,
  method: string,
  path: string,
  schema: S,
  o: RequestOptions = {},
): Promise<z.infer<S>> {
  const res = await t.fetch(url(t, path, o.query), {
    method,
    headers: {
      ...t.headers,
      ...(o.body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...o.headers,
    },
    body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
    signal: o.signal,
  });
  if (!res.ok) return raise(res);
  const result = schema.safeParse(await res.json());
  if (!result.success) {
    throw new SuanliApiError(
      res.status,
      "RESPONSE_INVALID",
      `${method} ${path}: response does not match the schema`,
      {
        issues: result.error.issues,
      },
    );
  }
  return result.data;
}
