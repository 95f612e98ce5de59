/**
 * A browser wallet through EIP-1193 (`window.ethereum`): the dashboard never holds a key. It encodes the call,
 * asks the wallet to send it, and waits for the receipt through the same provider.
 */
import { Interface } from "ethers";

export interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}

export const injected = (): Eip1193 | undefined => (window as { ethereum?: Eip1193 }).ethereum;

export const GOVERNOR = new Interface([
  "function castVote(uint256 proposalId, uint8 support) returns (uint256)",
  "function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256)",
  "function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns (uint256)",
]);
export const TOKEN = new Interface([
  "function delegate(address delegatee)",
  "function getVotes(address account) view returns (uint256)",
  "function delegates(address account) view returns (address)",
]);

export async function connect(w: Eip1193): Promise<{ account: string; chainId: number }> {
  const accounts = (await w.request({ method: "eth_requestAccounts" })) as string[];
  const chainId = Number(await w.request({ method: "eth_chainId" }));
  if (!accounts[0]) throw new Error("the wallet gave no account");
  return { account: accounts[0], chainId };
}

export async function read(w: Eip1193, to: string, iface: Interface, fn: string, args: unknown[]) {
  const data = iface.encodeFunctionData(fn, args);
  const out = (await w.request({ method: "eth_call", params: [{ to, data }, "latest"] })) as string;
  return iface.decodeFunctionResult(fn, out);
}

/** Sends `fn(args)` to `to` from `from` and resolves with the mined receipt; a revert is an error. */
export async function send(
  w: Eip1193,
  from: string,
  to: string,
  iface: Interface,
  fn: string,
  args: unknown[],
) {
  const data = iface.encodeFunctionData(fn, args);
  const hash = (await w.request({ method: "eth_sendTransaction", params: [{ from, to, data }] })) as string;
  for (let i = 0; i < 240; i++) {
    const receipt = (await w.request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
      status: string;
    } | null;
    if (receipt) {
      if (Number(receipt.status) !== 1) throw new Error(`transaction ${hash} reverted`);
      return hash;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`transaction ${hash} not mined within 60 s`);
}
