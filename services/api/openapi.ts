/**
 * The OpenAPI 3.1 document, generated from the zod schemas the routes validate with (zod 4 emits JSON Schema
 * 2020-12, which is OpenAPI 3.1's dialect). No hand-written copy: a schema change changes the document.
 */
import { z } from "zod";
import * as S from "./schemas.js";

type Json = Record<string, unknown>;

interface Operation {
  method: "get" | "post" | "put";
  path: string;
  operationId: string;
  summary: string;
  pathParams?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  headers?: Record<string, { schema: z.ZodType; description: string }>;
  body?: { schema: z.ZodType } | { binary: true };
  responses: Record<number, { description: string; schema?: z.ZodType; binary?: boolean; sse?: boolean }>;
}

const COMPONENTS: Record<string, z.ZodType> = {
  Error: S.ErrorResponse,
  JobSpec: S.JobSpec,
  Permit: S.Permit,
  SubmitJobRequest: S.SubmitJobRequest,
  CancelJobRequest: S.CancelJobRequest,
  Market: S.Market,
  Regions: S.Regions,
  Provider: S.Provider,
  Providers: S.Providers,
  Quote: S.Quote,
  TimelineStep: S.TimelineStep,
  JobSummary: S.JobSummary,
  Job: S.Job,
  BuyerJobs: S.BuyerJobs,
  SubmittedJob: S.SubmittedJob,
  CancelledJob: S.CancelledJob,
  StoredBlob: S.StoredBlob,
  Provenance: S.Provenance,
  Health: S.Health,
};

const err = (description: string) => ({ description, schema: S.ErrorResponse });
const COMMON = {
  400: err("invalid input; `details.issues` names each field"),
  429: err("rate limited; see Retry-After"),
};

export const OPERATIONS: Operation[] = [
  {
    method: "get",
    path: "/v1/market",
    operationId: "getMarket",
    summary: "Chain, contracts, payment token and pricing policy",
    responses: { 200: { description: "market facts", schema: S.Market } },
  },
  {
    method: "get",
    path: "/v1/regions",
    operationId: "listRegions",
    summary: "Regions: node counts, free capacity, price range, carbon intensity now",
    responses: { 200: { description: "regions", schema: S.Regions } },
  },
  {
    method: "get",
    path: "/v1/providers",
    operationId: "listProviders",
    summary: "Provider nodes, filtered, with cursor pagination",
    query: S.ProvidersQuery,
    responses: {
      200: { description: "a page of providers", schema: S.Providers },
      404: err("unknown region"),
    },
  },
  {
    method: "get",
    path: "/v1/quotes",
    operationId: "getQuote",
    summary: "Escrow, expected price and carbon per feasible region, and the typed data to sign",
    query: S.QuoteQuery,
    responses: {
      200: { description: "a quote", schema: S.Quote },
      422: err("no feasible node / zero escrow"),
    },
  },
  {
    method: "post",
    path: "/v1/jobs",
    operationId: "submitJob",
    summary: "Relay a buyer's signed job request and permit to JobMarket.createJobWithSig",
    headers: {
      "Idempotency-Key": {
        schema: z.string().regex(/^[\x21-\x7e]{1,128}$/),
        description: "a retry with the same key returns the first result",
      },
    },
    body: { schema: S.SubmitJobRequest },
    responses: {
      201: { description: "job created", schema: S.SubmittedJob },
      409: err("nonce already used"),
      413: err("body too large"),
      422: err("the chain refuses the request (decoded custom error) or the key was reused"),
    },
  },
  {
    method: "get",
    path: "/v1/jobs/{id}",
    operationId: "getJob",
    summary: "A job and its timeline",
    pathParams: { id: S.JobIdParam },
    responses: { 200: { description: "the job", schema: S.Job }, 404: err("unknown job") },
  },
  {
    method: "get",
    path: "/v1/jobs/{id}/events",
    operationId: "followJob",
    summary: "Server-sent events: one `step` event per timeline step, then `end`",
    pathParams: { id: S.JobIdParam },
    headers: { "Last-Event-ID": { schema: z.string().max(64), description: "resume after this step id" } },
    responses: {
      200: { description: "text/event-stream of TimelineStep", sse: true },
      404: err("unknown job"),
    },
  },
  {
    method: "get",
    path: "/v1/jobs/{id}/result",
    operationId: "getJobResult",
    summary: "The output bytes, served only when they hash to the settled output commitment",
    pathParams: { id: S.JobIdParam },
    responses: {
      200: { description: "output bytes", binary: true },
      404: err("unknown job or result not uploaded"),
      409: err("not settled, no verified output, or stored bytes do not match"),
    },
  },
  {
    method: "post",
    path: "/v1/jobs/{id}/cancel",
    operationId: "cancelJob",
    summary: "Relay a buyer's signed CancelRequest to JobMarket.cancelWithSig",
    pathParams: { id: S.JobIdParam },
    body: { schema: S.CancelJobRequest },
    responses: {
      200: { description: "cancelled", schema: S.CancelledJob },
      404: err("unknown job"),
      409: err("the job is no longer open"),
    },
  },
  {
    method: "get",
    path: "/v1/buyers/{address}/jobs",
    operationId: "listBuyerJobs",
    summary: "A buyer's jobs, oldest first, with cursor pagination",
    pathParams: { address: S.BuyerParam },
    query: S.BuyerJobsQuery,
    responses: { 200: { description: "a page of jobs", schema: S.BuyerJobs } },
  },
  {
    method: "put",
    path: "/v1/blobs/{commitment}",
    operationId: "putBlob",
    summary: "A node uploads a job's output bytes under their content commitment",
    pathParams: { commitment: S.CommitmentParam },
    body: { binary: true },
    responses: {
      200: { description: "already stored", schema: S.StoredBlob },
      201: { description: "stored", schema: S.StoredBlob },
      413: err("body too large"),
    },
  },
  {
    method: "get",
    path: "/v1/provenance/{contentHash}",
    operationId: "getProvenance",
    summary: "An AIGC provenance record: model, linked job, lineage, proof status",
    pathParams: { contentHash: S.CommitmentParam },
    responses: { 200: { description: "the record", schema: S.Provenance }, 404: err("no record") },
  },
  {
    method: "get",
    path: "/health",
    operationId: "health",
    summary: "Liveness and indexer state",
    responses: { 200: { description: "healthy", schema: S.Health }, 503: { description: "unavailable" } },
  },
  {
    method: "get",
    path: "/metrics",
    operationId: "metrics",
    summary: "Prometheus metrics",
    responses: { 200: { description: "text/plain exposition format" } },
  },
];

const strip = (schema: Json): Json => {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
};

const inline = (schema: z.ZodType): Json => strip(z.toJSONSchema(schema, { unrepresentable: "any" }) as Json);

/** Builds the document; `serverUrl` is where this instance listens. */
export function openApiDocument(serverUrl?: string): Json {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
  }).schemas;
  const ids = new Map([...Object.entries(COMPONENTS)].map(([id, schema]) => [schema, id]));
  const ref = (schema: z.ZodType): Json =>
    ids.has(schema) ? { $ref: `#/components/schemas/${ids.get(schema)}` } : inline(schema);

  const paths: Record<string, Record<string, Json>> = {};
  for (const op of OPERATIONS) {
    const parameters: Json[] = [];
    for (const [name, schema] of Object.entries(op.pathParams ?? {})) {
      parameters.push({ name, in: "path", required: true, schema: inline(schema) });
    }
    for (const [name, schema] of Object.entries(op.query?.shape ?? {}) as [string, z.ZodType][]) {
      parameters.push({
        name,
        in: "query",
        required: !schema.safeParse(undefined).success,
        schema: inline(schema),
      });
    }
    for (const [name, h] of Object.entries(op.headers ?? {})) {
      parameters.push({
        name,
        in: "header",
        required: false,
        description: h.description,
        schema: inline(h.schema),
      });
    }
    const responses: Record<string, Json> = {};
    for (const [status, r] of Object.entries({ ...COMMON, ...op.responses })) {
      const content = r.schema
        ? { "application/json": { schema: ref(r.schema) } }
        : "binary" in r && r.binary
          ? {
              "application/octet-stream": {
                schema: { type: "string", contentMediaType: "application/octet-stream" },
              },
            }
          : "sse" in r && r.sse
            ? { "text/event-stream": { schema: { type: "string" } } }
            : undefined;
      responses[status] = { description: r.description, ...(content ? { content } : {}) };
    }
    const requestBody = op.body
      ? "binary" in op.body
        ? {
            required: true,
            content: {
              "application/octet-stream": {
                schema: { type: "string", contentMediaType: "application/octet-stream" },
              },
            },
          }
        : { required: true, content: { "application/json": { schema: ref(op.body.schema) } } }
      : undefined;
    (paths[op.path] ??= {})[op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Suanli buyers' API",
      version: "1.0.0",
      description:
        "Non-custodial REST door to the Suanli compute market: quotes, signed job submission relayed to the hub, " +
        "live job timelines, verified results, provenance. Every error is `{ error: { code, message, details } }`.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    paths,
    components: {
      schemas: Object.fromEntries(
        Object.entries(generated).map(([id, schema]) => [id, strip(schema as Json)]),
      ),
    },
  };
}
