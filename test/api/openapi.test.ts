/**
 * The OpenAPI document cannot drift from the code: the served /openapi.json validates as OpenAPI 3.1
 * (@seriousme/openapi-schema-validator), and real requests and responses of a running API are checked
 * against it by an OpenAPI-driven validator (openapi-backend), including error responses.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Validator } from "@seriousme/openapi-schema-validator";
import { OpenAPIBackend } from "openapi-backend";
import { Wallet } from "ethers";
import { startApi, type RunningApi } from "../../services/api/service.js";
import { SuanliClient } from "../../services/sdk/index.js";
import { devAccount } from "../bridge/harness.js";
import { ACTORS, type ApiEnv, startApiEnv } from "./env.js";

describe("OpenAPI 3.1 document", () => {
  let env: ApiEnv;
  let api: RunningApi;
  let doc: Record<string, unknown>;
  let oas: OpenAPIBackend;

  beforeAll(async () => {
    env = await startApiEnv({ bridge: false });
    api = await startApi(env.apiConfig());
    doc = (await (await fetch(`${api.url}/openapi.json`)).json()) as Record<string, unknown>;
    oas = new OpenAPIBackend({ definition: doc as never, quick: true, strict: true, validate: true });
    await oas.init();
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });

  it("validates as OpenAPI 3.1 and lists every route", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as never);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(Object.keys(doc.paths as object).sort()).toEqual(
      [
        "/health",
        "/metrics",
        "/v1/blobs/{commitment}",
        "/v1/buyers/{address}/jobs",
        "/v1/jobs",
        "/v1/jobs/{id}",
        "/v1/jobs/{id}/cancel",
        "/v1/jobs/{id}/events",
        "/v1/jobs/{id}/result",
        "/v1/market",
        "/v1/provenance/{contentHash}",
        "/v1/providers",
        "/v1/quotes",
        "/v1/regions",
      ].sort(),
    );
  });

  /** Sends a request, checks it and its response against the document, returns status and body. */
  async function call(
    method: string,
    path: string,
    o: { query?: Record<string, string>; body?: unknown } = {},
  ) {
    const url = new URL(path, api.url);
    for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
    const request = {
      method,
      path,
      query: o.query ?? {},
      headers: (o.body !== undefined ? { "content-type": "application/json" } : {}) as Record<string, string>,
      body: o.body,
    };
    const res = await fetch(url, {
      method,
      headers: request.headers,
      body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
    });
    const body = (await res.json()) as unknown;
    const operation = oas.matchOperation(request);
    expect(operation, `${method} ${path} is in the document`).toBeDefined();
    const checked = oas.validateResponse(body, operation!, res.status);
    expect(
      checked.errors,
      `${method} ${path} → ${res.status} ${JSON.stringify(body).slice(0, 300)}`,
    ).toBeFalsy();
    return { status: res.status, body, requestValid: oas.validateRequest(request).valid };
  }

  it("real responses, success and error, match the document; requests it rejects the API rejects too", async () => {
    const deadline = String(Math.floor(Date.now() / 1000) + 7_200);
    const quoteQuery = {
      resources: "2",
      durationSec: "60",
      tier: "batch",
      latencyBoundMs: "500",
      deadline,
      maxUnitPrice: "10",
    };
    const quote = await call("GET", "/v1/quotes", { query: quoteQuery });
    expect([quote.status, quote.requestValid]).toEqual([200, true]);
    const buyer = new Wallet(devAccount(ACTORS.buyer).privateKey);
    await env.fund(buyer.address, 1_000_000n);
    const submitted = await new SuanliClient({ baseUrl: api.url }).signAndSubmit(buyer, {
      resources: 2,
      durationSec: 60,
      tier: "batch",
      latencyBoundMs: 500,
      deadline: Number(deadline),
      maxUnitPrice: 10n,
    });
    const cases: [string, string, { query?: Record<string, string>; body?: unknown }, number][] = [
      ["GET", "/v1/market", {}, 200],
      ["GET", "/v1/regions", {}, 200],
      ["GET", "/v1/providers", { query: { limit: "5" } }, 200],
      ["GET", "/health", {}, 200],
      ["GET", `/v1/jobs/${submitted.jobId}`, {}, 200],
      ["GET", `/v1/buyers/${buyer.address}/jobs`, {}, 200],
      ["GET", "/v1/jobs/424242", {}, 404],
      ["GET", "/v1/jobs/abc", {}, 400],
      ["GET", `/v1/jobs/${submitted.jobId}/result`, {}, 409],
      ["GET", "/v1/provenance/12345", {}, 404],
      ["GET", "/v1/quotes", { query: { ...quoteQuery, tier: "gold" } }, 400],
      ["GET", "/v1/quotes", { query: { ...quoteQuery, maxUnitPrice: undefined as never } }, 422],
      ["GET", "/v1/providers", { query: { region: "mars" } }, 404],
      ["POST", "/v1/jobs", { body: { spec: {} } }, 400],
      ["POST", `/v1/jobs/${submitted.jobId}/cancel`, { body: { deadline: 1, signature: "0x12" } }, 400],
    ];
    for (const [method, path, o, expected] of cases) {
      const query = o.query
        ? Object.fromEntries(Object.entries(o.query).filter(([, v]) => v !== undefined))
        : {};
      const r = await call(method, path, { ...o, query });
      expect(r.status, `${method} ${path}`).toBe(expected);
      if (expected === 400 && method === "GET" && path.startsWith("/v1/quotes"))
        expect(r.requestValid).toBe(false);
    }
  }, 60_000);
});
