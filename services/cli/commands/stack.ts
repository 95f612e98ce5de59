/** `suanli stack status`: chains and services of the local stack (its manifest) and whether each answers. */
import type { Command } from "commander";
import { layout, manifest } from "../context.js";
import { action, usage } from "../output.js";

async function probeChain(url: string): Promise<string> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_blockNumber", params: [] }),
      signal: AbortSignal.timeout(3_000),
    });
    const body = (await res.json()) as { result?: string };
    return body.result ? `block ${Number(BigInt(body.result))}` : "no answer";
  } catch {
    return "down";
  }
}

async function probeHttp(url: string): Promise<string> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(3_000) });
    return res.ok ? "up" : `HTTP ${res.status}`;
  } catch {
    return "down";
  }
}

export function register(program: Command): void {
  const stack = program.command("stack").description("the local stack started by npm start");
  stack
    .command("status")
    .description("every chain and service of the stack on SUANLI_STACK_BASE_PORT, and whether it answers")
    .addHelpText(
      "after",
      "\nExamples:\n  suanli stack status\n  SUANLI_STACK_BASE_PORT=9100 suanli stack status --json",
    )
    .action(
      action(async (out) => {
        const m = manifest();
        if (!m)
          usage(
            `no local stack on base port ${layout().base} (no ${layout().manifest}); start it with npm start`,
          );
        const rows: { name: string; kind: string; url: string; status: string }[] = [];
        for (const [name, url] of Object.entries(m!.chains)) {
          rows.push({ name, kind: "chain", url, status: await probeChain(url) });
        }
        for (const [name, value] of Object.entries(m!.services)) {
          for (const [i, url] of (Array.isArray(value) ? value : [value]).entries()) {
            if (typeof url !== "string") continue;
            rows.push({
              name: Array.isArray(value) ? `${name}-${i}` : name,
              kind: "service",
              url,
              status: await probeHttp(url),
            });
          }
        }
        out.result(out.json ? { basePort: m!.basePort, components: rows } : rows);
        const down = rows.filter((r) => r.status === "down").map((r) => r.name);
        if (down.length > 0) throw new Error(`not answering: ${down.join(", ")}`);
      }),
    );
}
