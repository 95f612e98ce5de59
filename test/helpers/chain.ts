import { expect } from "vitest";
import { revertData } from "../../services/shared/errors.js";

/** Advances the in-process chain's clock by `seconds` and mines a block. */
export async function increaseTime(
  provider: { send(method: string, params?: unknown[]): Promise<unknown> },
  seconds: bigint | number,
) {
  await provider.send("evm_increaseTime", [Number(seconds)]);
  await provider.send("evm_mine", []);
}

/** Runs `fn` and asserts that it reverts with the custom error `name` (decoded with `iface`). */
export async function expectRevert(
  fn: () => Promise<unknown>,
  iface: { parseError(data: string): { name: string; args: unknown } | null },
  name: string,
): Promise<unknown[]> {
  let data: string | undefined;
  try {
    const tx = await fn();
    if (tx && typeof tx === "object" && "wait" in tx) await (tx as { wait(): Promise<unknown> }).wait();
  } catch (err) {
    data = revertData(err);
    if (data === undefined) throw err;
  }
  expect(data, `expected revert ${name}, but the call succeeded`).toBeDefined();
  const parsed = iface.parseError(data!);
  expect(parsed?.name, `revert data ${data}`).toBe(name);
  return [...(parsed!.args as unknown as unknown[])];
}
