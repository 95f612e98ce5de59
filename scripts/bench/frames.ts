/**
 * Gas of a mined transaction by call frame, from the node's `debug_traceTransaction` opcode trace: what each
 * frame cost its caller (the CALL's own charge — cold account, memory — plus everything run inside it) and what
 * it ran itself (that, minus its own calls). A call to a precompile (ecrecover) runs no opcodes, so it counts in
 * its caller's own gas. Used by `npm run bench:gov` to say where a tally's delivery goes.
 */
import type { Provider } from "ethers";

interface StructLog {
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
}

export interface Frame {
  /** The called contract (the transaction's `to` for the outermost frame). */
  address: string;
  /** The call's opcode (`TX` for the outermost frame). */
  kind: string;
  depth: number;
  /** What the frame cost its caller: the call opcode's charge and everything spent inside the frame. */
  inclusive: number;
  /** `inclusive` minus what the frame's own calls cost it. */
  own: number;
  calls: Frame[];
}

const CALLS = new Set(["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"]);

/** The call tree of transaction `hash`, with the gas of each frame; throws if the node returns no opcodes. */
export async function frames(
  provider: Provider & { send(method: string, params: unknown[]): Promise<unknown> },
  hash: string,
): Promise<{ root: Frame; gasUsed: bigint; intrinsic: number }> {
  const trace = (await provider.send("debug_traceTransaction", [
    hash,
    { disableMemory: true, disableStorage: true },
  ])) as { gas: number; structLogs: StructLog[] };
  const logs = trace.structLogs;
  if (!logs.length) throw new Error(`no opcode trace for ${hash}`);
  const tx = await provider.getTransaction(hash);
  const receipt = await provider.getTransactionReceipt(hash);
  if (!tx || !receipt) throw new Error(`transaction ${hash} not mined`);
  const root: Frame = { address: tx.to!, kind: "TX", depth: 1, inclusive: 0, own: 0, calls: [] };
  // Open frames, outermost first, with the gas left before the call opcode that opened each.
  const open: { frame: Frame; gasAtCall: number }[] = [{ frame: root, gasAtCall: logs[0]!.gas }];
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i]!;
    const next = logs[i + 1];
    while (open.length > log.depth) close(open, log.gas);
    if (CALLS.has(log.op) && next && next.depth === log.depth + 1) {
      const target = `0x${BigInt(log.stack![log.stack!.length - 2]!)
        .toString(16)
        .padStart(40, "0")}`;
      const frame: Frame = {
        address: target,
        kind: log.op,
        depth: log.depth + 1,
        inclusive: 0,
        own: 0,
        calls: [],
      };
      open[open.length - 1]!.frame.calls.push(frame);
      open.push({ frame, gasAtCall: log.gas });
    }
  }
  const last = logs[logs.length - 1]!;
  while (open.length > 1) close(open, last.gas - last.gasCost);
  root.inclusive = logs[0]!.gas - (last.gas - last.gasCost);
  own(root);
  return { root, gasUsed: receipt.gasUsed, intrinsic: Number(receipt.gasUsed) - root.inclusive };
}

function close(open: { frame: Frame; gasAtCall: number }[], gasAfter: number) {
  const { frame, gasAtCall } = open.pop()!;
  frame.inclusive = gasAtCall - gasAfter;
}

function own(f: Frame) {
  f.own = f.inclusive - f.calls.reduce((s, c) => s + c.inclusive, 0);
  f.calls.forEach(own);
}

/** Every frame of the tree, depth first. */
export function flatten(f: Frame): Frame[] {
  return [f, ...f.calls.flatMap(flatten)];
}
