/** Request validation with the API's zod schemas: a failure is a 400 naming every bad field. */
import type { z } from "zod";
import { AppError } from "../../shared/errors.js";

export function parse<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: "body" | "query" | "path",
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const keys = issue.code === "unrecognized_keys" ? (issue as { keys: string[] }).keys : [];
    const field = [...issue.path.map(String), ...(keys.length === 1 ? keys : [])].join(".") || where;
    return { field, message: issue.message };
  });
  const first = issues[0]!;
  throw new AppError("VALIDATION_FAILED", `${where} ${first.field}: ${first.message}`, {
    status: 400,
    details: { in: where, issues },
  });
}

/** Translates body-parser failures (bad JSON, too large, wrong charset) into the API's error shape. */
export function bodyError(error: unknown): unknown {
  if (error instanceof AppError || !error || typeof error !== "object") return error;
  const e = error as { status?: number; type?: string; limit?: number; message?: string };
  if (e.type === "entity.too.large") {
    return new AppError("BODY_TOO_LARGE", `request body is larger than ${e.limit} bytes`, {
      status: 413,
      details: { limit: e.limit },
    });
  }
  if (e.type === "entity.parse.failed") {
    return new AppError("INVALID_JSON", "request body is not valid JSON", {
      status: 400,
      details: { in: "body" },
    });
  }
  if (typeof e.status === "number" && e.status >= 400 && e.status < 500) {
    return new AppError("BAD_REQUEST", e.message ?? "bad request", {
      status: e.status,
      details: { type: e.type },
    });
  }
  return error;
}
