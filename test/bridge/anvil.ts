import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { connectChain, DOMAINS, type ChainName, type LocalChain } from "./harness.js";

const require = createRequire(import.meta.url);

/** The anvil binary shipped by the npm package `@foundry-rs/anvil-linux-amd64` (a devDependency). */
export const ANVIL = path.join(
  path.dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")),
  "bin",
  "anvil",
);

/** Starts an anvil node as its own process on an ephemeral port (automine unless `blockTime` is given). */
export async function startAnvil(
  name: ChainName,
  options: { blockTime?: number; extraArgs?: string[] } = {},
): Promise<LocalChain & { process: ChildProcess }> {
  const args = ["--port", "0", "--chain-id", String(DOMAINS[name]), "--host", "127.0.0.1"];
  if (options.blockTime) args.push("--block-time", String(options.blockTime));
  const child = spawn(ANVIL, [...args, ...(options.extraArgs ?? [])], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Listening on (\S+)/.exec(out);
      if (match) resolve(`http://${match[1]}`);
    });
    child.once("exit", (code) => reject(new Error(`anvil exited (${code}) before listening: ${out}`)));
  });
  child.stdout!.resume();
  const chain = await connectChain(name, url);
  return {
    ...chain,
    process: child,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Hub, east and west as three anvil processes. */
export async function startAnvilChains(
  options: { blockTime?: number } = {},
): Promise<Record<ChainName, LocalChain & { process: ChildProcess }>> {
  const [hub, east, west] = await Promise.all(
    (["hub", "east", "west"] as const).map((name) => startAnvil(name, options)),
  );
  return { hub: hub!, east: east!, west: west! };
}
