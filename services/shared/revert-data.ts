/**
 * Revert data of a failed contract call or transaction, wherever the provider put it: ethers' CALL_EXCEPTION
 * (`data`), a JSON-RPC error (`info.error.data`) or a wrapped `error` chain. Decode it with the contract
 * interface's `parseError`.
 */
export function revertData(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === "object" && depth < 6; depth++) {
    const o = e as { data?: unknown; error?: unknown; info?: { error?: { data?: unknown } } };
    if (typeof o.data === "string" && o.data.startsWith("0x")) return o.data;
    if (typeof o.info?.error?.data === "string") return o.info.error.data;
    e = o.error;
  }
  return undefined;
}
