/**
 * Hostile input against a running API (fast-check, fixed seed; FC_SEED to explore): wrong types, missing and
 * extra fields, huge numbers and bodies, unicode, forged / expired / replayed signatures, a permit for another
 * spender, unknown ids, SSE on a missing job, bad blobs. Every answer must be a 4xx in the one error shape
 * naming the problem (never a 5xx), no job may be created twice, and the process must stay up. Concurrent
 * POSTs with one Idempotency-Key create one job.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Signature, Wallet } from "ethers";
import { startApi, type RunningApi } from "../../services/api/service.js";
import { ErrorResponse, type SubmitJobRequest } from "../../services/api/schemas.js";
import { SuanliClient } from "../../services/sdk/index.js";
import { PERMIT_TYPES } from "../../services/shared/typed-data.js";
import { CONTENT_BYTES } from "../../services/zk/inputs.js";
import { devAccount } from "../bridge/harness.js";
import { ACTORS, type ApiEnv, startApiEnv } from "./env.js";

const SEED = Number(process.env.FC_SEED ?? 20_261_203);

interface Sent {
  method: string;
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

describe("hostile requests", () => {
  let env: ApiEnv;
  let api: RunningApi;
  let client: SuanliClient;
  const buyer = new Wallet(devAccount(ACTORS.buyer).privateKey);
  let sent = 0;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    env = await startApiEnv({ bridge: false });
    await env.fund(buyer.address, 10_000_000n);
    api = await startApi(env.apiConfig());
    client = new SuanliClient({ baseUrl: api.url });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await env?.close();
  });

  const jobCount = () => env.net.hub.jobMarket.jobCount();

  /** Sends one request and asserts the contract every hostile answer must keep. */
  async function send(r: Sent): Promise<{ status: number; body: unknown }> {
    const res = await fetch(new URL(r.path, api.url), { method: r.method, headers: r.headers, body: r.body });
    sent++;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const text = await res.text();
    expect(res.status, `${r.method} ${r.path} → ${text.slice(0, 300)}`).toBeLessThan(500);
    let body: unknown = text;
    if (res.status >= 400) {
      body = JSON.parse(text);
      const e = ErrorResponse.parse(body).error;
      expect(e.code).toMatch(/^[A-Z_]+$/);
      expect(e.message.length).toBeGreaterThan(5);
      if (e.code === "VALIDATION_FAILED") {
        const issues = e.details.issues as { field: string; message: string }[];
        expect(issues.length).toBeGreaterThan(0);
        expect(issues[0]!.field.length).toBeGreaterThan(0);
      }
    }
    return { status: res.status, body };
  }

  const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}): Sent => ({
    method,
    path,
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "Content-Type": "application/json", ...headers },
  });

  async function validBody(nonce: bigint, o: { expiryDelta?: number } = {}): Promise<SubmitJobRequest> {
    const deadline = (await env.chains.hub.provider.getBlock("latest"))!.timestamp + 7_200;
    const params = { resources: 2, durationSec: 60, tier: "batch" as const, latencyBoundMs: 500, deadline };
    const q = await client.quote({ ...params, maxUnitPrice: 10n, buyer: buyer.address });
    const message = { ...q.typedData.message, buyer: buyer.address, nonce: nonce.toString() };
    if (o.expiryDelta !== undefined) message.expiry = message.expiry - 600 + o.expiryDelta;
    const signature = await buyer.signTypedData(q.typedData.domain, q.typedData.types, message);
    const p = q.permit!;
    const ps = Signature.from(await buyer.signTypedData(p.domain, p.types, p.message));
    return {
      spec: q.spec,
      buyer: buyer.address,
      nonce: message.nonce,
      expiry: message.expiry,
      signature,
      permit: { value: p.message.value, deadline: p.message.deadline, v: ps.v, r: ps.r, s: ps.s },
    };
  }

  const hostileString = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.constantFrom("", "-1", "0", "1e309", "NaN", "0x", "💥", "../../etc/passwd", "%00", "9".repeat(90)),
    fc.bigInt({ min: 2n ** 255n, max: 2n ** 300n }).map(String),
  );
  const hostileValue = fc.oneof(
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  );

  it("≥ 1,000 generated hostile requests: no 5xx, every 4xx names the problem, no job created", async () => {
    const before = await jobCount();
    const template = await validBody(1n);
    const fields = ["spec", "buyer", "nonce", "expiry", "signature", "permit"] as const;
    const specFields = Object.keys(template.spec) as (keyof SubmitJobRequest["spec"])[];

    // Malformed job bodies: a field replaced, removed or added; the spec mangled; arbitrary JSON.
    const mutatedBody = fc.oneof(
      fc.record({ field: fc.constantFrom(...fields), value: hostileValue }).map(({ field, value }) => ({
        ...template,
        [field]: value,
      })),
      fc.constantFrom(...fields).map((field) => {
        const copy: Record<string, unknown> = { ...template };
        delete copy[field];
        return copy;
      }),
      fc
        .record({ key: fc.string({ minLength: 1, maxLength: 8 }), value: hostileValue })
        .map(({ key, value }) => ({
          ...template,
          [`x${key}`]: value,
        })),
      fc.record({ field: fc.constantFrom(...specFields), value: hostileValue }).map(({ field, value }) => ({
        ...template,
        spec: { ...template.spec, [field]: value },
      })),
      fc.anything({ maxDepth: 2 }),
    );
    await fc.assert(
      fc.asyncProperty(mutatedBody, async (body) => {
        const r = await send(json("POST", "/v1/jobs", body));
        expect(r.status).toBeGreaterThanOrEqual(400);
      }),
      { numRuns: 400, seed: SEED },
    );

    // Forged signatures and permits: well-formed hex of the right length, signed by nobody in particular.
    const hex = (n: number) =>
      fc.uint8Array({ minLength: n, maxLength: n }).map((b) => `0x${Buffer.from(b).toString("hex")}`);
    await fc.assert(
      fc.asyncProperty(hex(65), hex(32), hex(32), fc.integer({ min: 0, max: 255 }), async (sig, r, s, v) => {
        const forgedSig = await send(json("POST", "/v1/jobs", { ...template, signature: sig }));
        expect(forgedSig.status).toBe(400);
        const forgedPermit = await send(
          json("POST", "/v1/jobs", { ...template, permit: { ...template.permit, r, s, v } }),
        );
        expect(forgedPermit.status).toBe(400);
      }),
      { numRuns: 60, seed: SEED },
    );

    // Unknown, malformed and huge ids on every id route, SSE included.
    const idArb = fc.oneof(
      fc.bigInt({ min: 10_000n, max: 10n ** 15n }).map(String),
      hostileString.map((s) => encodeURIComponent(s)),
    );
    await fc.assert(
      fc.asyncProperty(idArb, fc.constantFrom("", "/events", "/result"), async (id, suffix) => {
        const r = await send({ method: "GET", path: `/v1/jobs/${id}${suffix}` });
        expect([400, 404]).toContain(r.status);
      }),
      { numRuns: 200, seed: SEED },
    );

    // Query strings of quotes, providers and buyer listings.
    const query = fc.dictionary(
      fc.constantFrom(
        "resources",
        "durationSec",
        "tier",
        "latencyBoundMs",
        "deadline",
        "maxUnitPrice",
        "limit",
        "cursor",
        "region",
        "minReputation",
        "status",
        "zzz",
      ),
      hostileString,
      { maxKeys: 6 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("/v1/quotes", "/v1/providers", `/v1/buyers/${buyer.address}/jobs`),
        query,
        async (path, q) => {
          const r = await send({ method: "GET", path: `${path}?${new URLSearchParams(q).toString()}` });
          if (path === "/v1/quotes") expect(r.status).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 200, seed: SEED },
    );

    // Blobs that do not match their commitment, have the wrong size, or a bad commitment.
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: CONTENT_BYTES + 10 }),
        fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 200n }).map(String), hostileString.map(encodeURIComponent)),
        async (bytes, commitment) => {
          const r = await send({
            method: "PUT",
            path: `/v1/blobs/${commitment}`,
            body: bytes,
            headers: { "Content-Type": "application/octet-stream" },
          });
          expect([400, 404]).toContain(r.status); // 404: an empty commitment leaves no route
        },
      ),
      { numRuns: 100, seed: SEED },
    );

    // Cancels with arbitrary bodies and forged signatures; provenance lookups of unknown content.
    await fc.assert(
      fc.asyncProperty(hostileValue, hex(65), async (deadline, sig) => {
        await send(json("POST", "/v1/jobs/1/cancel", { deadline, signature: sig }));
        await send({
          method: "GET",
          path: `/v1/provenance/${encodeURIComponent(JSON.stringify(deadline) ?? "x")}`,
        });
      }),
      { numRuns: 60, seed: SEED },
    );

    // Huge bodies, broken JSON, a non-JSON content type.
    expect((await send(json("POST", "/v1/jobs", { pad: "x".repeat(300_000) }))).status).toBe(413);
    expect(
      (await send({ method: "PUT", path: `/v1/blobs/1`, body: new Uint8Array(70_000), headers: {} })).status,
    ).toBe(413);
    expect((await send(json("POST", "/v1/jobs", '{"spec": {'))).status).toBe(400);
    expect(
      (
        await send({
          method: "POST",
          path: "/v1/jobs",
          body: "spec=1",
          headers: { "Content-Type": "text/plain" },
        })
      ).status,
    ).toBe(400);

    expect(sent).toBeGreaterThanOrEqual(1_000);
    expect(await jobCount()).toBe(before);
    expect((await fetch(new URL("/health", api.url))).status).toBe(200);
    console.log(`hostile requests: ${sent}, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  }, 600_000);

  it("signed-request attacks: expired, replayed, permit for another spender, wrong buyer", async () => {
    const before = await jobCount();
    const expired = await validBody(11n, { expiryDelta: -120 });
    const e = await send(json("POST", "/v1/jobs", expired));
    expect(e.status).toBe(400);
    expect((e.body as { error: { code: string } }).error.code).toBe("REQUEST_EXPIRED");

    // A permit signed for another spender.
    const body = await validBody(12n);
    const q = await client.quote({
      ...body.spec,
      maxUnitPrice: BigInt(body.spec.maxUnitPrice),
      buyer: buyer.address,
    });
    const other = Wallet.createRandom().address;
    const ps = Signature.from(
      await buyer.signTypedData(q.permit!.domain, PERMIT_TYPES, { ...q.permit!.message, spender: other }),
    );
    const wrongSpender = await send(
      json("POST", "/v1/jobs", { ...body, permit: { ...body.permit, v: ps.v, r: ps.r, s: ps.s } }),
    );
    expect(wrongSpender.status).toBe(400);
    expect(
      (wrongSpender.body as { error: { code: string; details: { field: string } } }).error,
    ).toMatchObject({
      code: "INVALID_PERMIT",
      details: { field: "permit" },
    });

    // Someone else claims to be the buyer of a request the real buyer signed.
    const impostor = await send(json("POST", "/v1/jobs", { ...body, buyer: Wallet.createRandom().address }));
    expect((impostor.body as { error: { code: string } }).error.code).toBe("INVALID_SIGNATURE");

    // The real request goes through once; its replay is refused.
    const first = await send(json("POST", "/v1/jobs", body));
    expect(first.status).toBe(201);
    const replay = await send(json("POST", "/v1/jobs", body));
    expect(replay.status).toBe(409);
    expect((replay.body as { error: { code: string } }).error.code).toBe("NONCE_USED");
    expect(await jobCount()).toBe(before + 1n);
  }, 120_000);

  it("concurrent POSTs with one Idempotency-Key create one job; other keys on the same request get 409", async () => {
    const before = await jobCount();
    const body = await validBody(21n);
    const same = await Promise.all(
      Array.from({ length: 8 }, () =>
        send(json("POST", "/v1/jobs", body, { "Idempotency-Key": "retry-21" })),
      ),
    );
    expect(same.map((r) => r.status)).toEqual(Array(8).fill(201));
    const ids = new Set(same.map((r) => (JSON.parse(r.body as string) as { jobId: string }).jobId));
    expect(ids.size).toBe(1);
    // A later retry with the key gets the first answer; the key with another body is refused.
    const later = await send(json("POST", "/v1/jobs", body, { "Idempotency-Key": "retry-21" }));
    expect((JSON.parse(later.body as string) as { jobId: string }).jobId).toBe([...ids][0]);
    const reused = await send(
      json("POST", "/v1/jobs", await validBody(22n), { "Idempotency-Key": "retry-21" }),
    );
    expect((reused.body as { error: { code: string } }).error.code).toBe("IDEMPOTENCY_KEY_REUSED");
    const otherKeys = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        send(json("POST", "/v1/jobs", body, { "Idempotency-Key": `other-${i}` })),
      ),
    );
    expect(otherKeys.map((r) => r.status)).toEqual(Array(4).fill(409));
    expect(await jobCount()).toBe(before + 1n);
  }, 120_000);

  it("rate limiting answers 429 with Retry-After, per client", async () => {
    const limited = await startApi(env.apiConfig({ rateLimitPerMinute: 5 }));
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 7; i++) {
        last = await fetch(new URL("/v1/regions", limited.url));
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(Number(last!.headers.get("Retry-After"))).toBeGreaterThan(0);
      const e = ErrorResponse.parse(await last!.json()).error;
      expect(e.code).toBe("RATE_LIMITED");
    } finally {
      await limited.stop();
    }
  });
});
