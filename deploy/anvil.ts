/**
 * Foundry's anvil (the npm package `@foundry-rs/anvil-linux-amd64`) as a local JSON-RPC chain on 127.0.0.1
 * and a free port, for the deploy test and `npm run bench:deploy`: a client other than Hardhat, with real
 * block times. The Hardhat development mnemonic funds 20 accounts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

export interface Anvil {
  url: string;
  chainId: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  return path.join(
    path.dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")),
    "bin",
    "anvil",
  );
}

/** Starts anvil with `--block-time blockTimeSec` (0: a block per transaction) and resolves once it listens. */
export function startAnvil(chainId: number, blockTimeSec = 1): Promise<Anvil> {
  const args = ["--host", "127.0.0.1", "--port", "0", "--chain-id", String(chainId), "--accounts", "20"];
  if (blockTimeSec > 0) args.push("--block-time", String(blockTimeSec));
  const child = spawn(anvilBinary(), args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`anvil (chain ${chainId}) did not start within 30 s`));
    }, 30_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      if (out === undefined) return;
      out += chunk.toString();
      const m = /Listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      out = "";
      // Keep draining its output so a full pipe never blocks the node.
      child.stdout!.removeAllListeners("data");
      child.stdout!.resume();
      resolve({
        url: `http://${m[1]}`,
        chainId,
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
    child.stderr!.resume();
  });
}
