import type { AppError } from "../../shared/errors.js";
import type { Attestation } from "../../shared/envelope.js";
import type { ActiveSet, Reason } from "./types.js";

export interface RetryPolicy {
  pollMs: number;
  maxBackoffMs: number;
}

/** What to do with a message after a failed estimate, send or receipt. */
export type Verdict =
  { kind: "delivered" } | { kind: "retry"; reason: Reason; detail: string | null; availableAt?: number };

const ISM_ERRORS = /^(MultisigIsm|MailboxNotVerified)/;
const INVALID_ERRORS = new Set(["MailboxWrongDestination", "MailboxUnsupportedVersion"]);

/** Classifies a chain failure (an `AppError` from a gateway) into a reason code. */
export function classify(error: AppError): Verdict {
  if (error.code === "CHAIN_UNREACHABLE") return { kind: "retry", reason: "RPC_DOWN", detail: error.message };
  if (error.code === "CHAIN_OUT_OF_GAS")
    return { kind: "retry", reason: "OUT_OF_GAS", detail: error.message };
  const revert = error.details.revert as { name: string; args: Record<string, string> } | undefined;
  if (error.code !== "CHAIN_REVERTED" || !revert) {
    return { kind: "retry", reason: "RPC_DOWN", detail: error.message };
  }
  const detail = `${revert.name}(${Object.entries(revert.args)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ")})`;
  if (revert.name === "MailboxAlreadyDelivered") return { kind: "delivered" };
  if (revert.name === "MailboxRateLimited") {
    return { kind: "retry", reason: "RATE_LIMITED", detail, availableAt: Number(revert.args.availableAt) };
  }
  if (ISM_ERRORS.test(revert.name)) return { kind: "retry", reason: "ISM_REJECTED", detail };
  if (INVALID_ERRORS.has(revert.name)) return { kind: "retry", reason: "INVALID_MESSAGE", detail };
  return { kind: "retry", reason: "RECIPIENT_REVERTED", detail };
}

/**
 * When to try again. Signatures and submissions are polled at the poll interval; a rate-limited message
 * waits until its lane refills (chain time `availableAt`, compared with the chain's `chainNow`); everything
 * else backs off exponentially from the poll interval up to `maxBackoffMs`.
 */
export function retryDelayMs(
  reason: Reason,
  attempts: number,
  policy: RetryPolicy,
  rateLimit?: { availableAt: number; chainNow: number },
): number {
  if (reason === "WAITING_FOR_SIGNATURES") return policy.pollMs;
  if (reason === "RATE_LIMITED" && rateLimit) {
    const wait = (rateLimit.availableAt - rateLimit.chainNow) * 1000;
    return Math.min(Math.max(wait, policy.pollMs), policy.maxBackoffMs);
  }
  const exponent = Math.min(attempts, 16);
  return Math.min(policy.pollMs * 2 ** exponent, policy.maxBackoffMs);
}

/**
 * Picks `threshold` attestations from one set the ISM accepts (current first, then the previous set in
 * grace). Signatures by validators outside the set are ignored. Undefined while no set has enough.
 */
export function chooseAttestations(
  attestations: Attestation[],
  sets: ActiveSet[],
): { version: number; attestations: Attestation[] } | undefined {
  for (const set of sets) {
    const members = new Set(set.validators.map((v) => v.toLowerCase()));
    const chosen = new Map<string, Attestation>();
    for (const a of attestations) {
      const who = a.validator.toLowerCase();
      if (members.has(who) && !chosen.has(who)) chosen.set(who, a);
      if (chosen.size === set.threshold) return { version: set.version, attestations: [...chosen.values()] };
    }
  }
  return undefined;
}

/** Gas limit for a submission: the estimate plus a margin that grows after out-of-gas failures. */
export function gasLimitFor(estimate: bigint, outOfGasFailures: number, marginPercent: number): bigint {
  const percent = BigInt(100 + marginPercent * (1 + outOfGasFailures));
  return (estimate * percent) / 100n + 10_000n;
}
