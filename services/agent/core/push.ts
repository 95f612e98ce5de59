/**
 * The push endpoint's message: a coordinator (or relayer) tells an agent "job J, attempt A for node N is in
 * DirectiveInbox I on chain C". It carries no terms: the agent reads them from its own regional chain, so a
 * push can only make an agent look sooner, never make it run something that is not on chain.
 *
 * Authentication: an EIP-191 signature over `pushDigestText(push)` by the coordinator key the agent trusts,
 * with a timestamp (± `maxSkewSec`) and a random nonce the agent remembers (replay refused).
 */
import { verifyMessage } from "ethers";
import { z } from "zod";

export const pushSchema = z.object({
  chainId: z.string().regex(/^[0-9]{1,20}$/),
  inbox: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  jobId: z.string().regex(/^[0-9]{1,78}$/),
  nodeId: z.string().regex(/^[0-9]{1,78}$/),
  attempt: z.number().int().positive().max(0xffffffff),
  timestamp: z.number().int().nonnegative(),
  nonce: z.string().regex(/^0x[0-9a-fA-F]{32,64}$/),
  signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/),
});
export type SignedPush = z.infer<typeof pushSchema>;
export type Push = Omit<SignedPush, "signature">;

/** The exact text the coordinator signs (EIP-191 personal message). */
export function pushDigestText(p: Push): string {
  return [
    "suanli-directive-push:v1",
    `chain:${p.chainId}`,
    `inbox:${p.inbox.toLowerCase()}`,
    `job:${p.jobId}`,
    `node:${p.nodeId}`,
    `attempt:${p.attempt}`,
    `timestamp:${p.timestamp}`,
    `nonce:${p.nonce.toLowerCase()}`,
  ].join("\n");
}

/** Why a push was refused; each is a label of the `suanli_agent_push_refused_total` counter. */
export type PushRefusal =
  | "malformed"
  | "bad_auth"
  | "expired"
  | "replayed"
  | "wrong_chain"
  | "wrong_node"
  | "not_on_chain"
  | "stale_attempt";

export interface PushContext {
  chainId: bigint;
  inbox: string;
  nodeId: bigint;
  coordinator: string;
  nowSec: number;
  maxSkewSec: number;
}

/** Checks everything a push can be judged on without the chain; `undefined` means it may go on. */
export function checkPush(p: SignedPush, ctx: PushContext): PushRefusal | undefined {
  let signer: string;
  try {
    signer = verifyMessage(pushDigestText(p), p.signature);
  } catch {
    return "bad_auth";
  }
  if (signer.toLowerCase() !== ctx.coordinator.toLowerCase()) return "bad_auth";
  if (Math.abs(ctx.nowSec - p.timestamp) > ctx.maxSkewSec) return "expired";
  if (BigInt(p.chainId) !== ctx.chainId || p.inbox.toLowerCase() !== ctx.inbox.toLowerCase()) {
    return "wrong_chain";
  }
  if (BigInt(p.nodeId) !== ctx.nodeId) return "wrong_node";
  return undefined;
}
