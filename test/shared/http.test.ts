import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp, createRegistry, listen, type RunningServer } from "../../services/shared/http.js";
import { createLogger } from "../../services/shared/logger.js";

describe("shared HTTP app: request bodies the parser refuses are the client's fault", () => {
  let server: RunningServer;
  let url: string;
  beforeAll(async () => {
    const app = createHttpApp({
      name: "http-test",
      logger: createLogger("http-test"),
      registry: createRegistry("http-test"),
      health: () => ({}),
      routes: (a) => a.post("/echo", (req, res) => void res.json({ got: req.body })),
    });
    server = await listen(app, 0);
    url = `http://127.0.0.1:${server.port}/echo`;
  });
  afterAll(() => server.close());

  const post = (body: string) =>
    fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });

  it("echoes a well-formed body", async () => {
    const res = await post('{"a":1}');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { a: 1 } });
  });

  it("answers malformed JSON with 400 BAD_REQUEST_BODY in the one error shape", async () => {
    for (const body of ["{", "nul", '{"a":}', "\u0000"]) {
      const res = await post(body);
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: string; details: { type?: string } } };
      expect(json.error.code).toBe("BAD_REQUEST_BODY");
      expect(json.error.details.type).toBe("entity.parse.failed");
    }
  });

  it("answers a body over the limit with 413 BODY_TOO_LARGE", async () => {
    const res = await post(JSON.stringify({ pad: "x".repeat(300 * 1024) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("BODY_TOO_LARGE");
  });
});
