import type { AppError } from "../../shared/errors.js";
import {
  attestedDigest,
  encodeCheckpointMetadata,
  encodeMetadata,
  type Attestation,
} from "../../shared/envelope.js";
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
  const revert = error.details.revert as
    { name: string; args: Record<string, string>; data?: string } | undefined;
  if (error.code !== "CHAIN_REVERTED" || !revert) {
    return { kind: "retry", reason: "RPC_DOWN", detail: error.message };
  }
  const decoded = `${revert.name}(${Object.entries(revert.args)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ")})`;
  // The raw revert data too, so an error no known ABI declares can still be read by hand.
  const detail = revert.data && revert.data !== "0x" ? `${decoded} [revert data ${revert.data}]` : decoded;
  if (revert.name === "MailboxAlreadyDelivered") return { kind: "delivered" };
  if (revert.name === "MailboxRateLimited") {
    return { kind: "retry", reason: "RATE_LIMITED", detail, availableAt: Number(revert.args.availableAt) };
  }
  if (ISM_ERRORS.test(revert.name)) return { kind: "retry", reason: "ISM_REJECTED", detail };
  if (INVALID_ERRORS.has(revert.name)) return { kind: "retry", reason: "INVALID_MESSAGE", detail };
  return { kind: "retry", reason: "RECIPIENT_REVERTED", detail };
}

/** Reasons that are the message's own failure: after `maxAttempts` of them it is parked (dead letter). */
export const FAILURE_REASONS: ReadonlySet<Reason> = new Set([
  "RECIPIENT_REVERTED",
  "OUT_OF_GAS",
  "INVALID_MESSAGE",
]);

/**
 * When to try again. Signatures are polled at the poll interval and a message left out of a full batch goes
 * into the next one at once; a rate-limited message waits until its lane refills (chain time `availableAt`,
 * compared with the chain's `chainNow`); a destination RPC outage is retried at most a second apart (the
 * outage is the chain's, not the message's, so its delay must not grow with the message's attempts);
 * everything else backs off exponentially from the poll interval up to `maxBackoffMs`.
 */
export function retryDelayMs(
  reason: Reason,
  attempts: number,
  policy: RetryPolicy,
  rateLimit?: { availableAt: number; chainNow: number },
): number {
  if (reason === "WAITING_FOR_SIGNATURES") return policy.pollMs;
  // Not the message's fault: a full batch, or a transaction replaced, dropped or stuck (the submitter has
  // already repaired its nonce sequence), goes into the next batch at once.
  if (reason === "BATCH_FULL" || reason === "SUBMISSION_STALLED") return 0;
  if (reason === "RATE_LIMITED" && rateLimit) {
    const wait = (rateLimit.availableAt - rateLimit.chainNow) * 1000;
    return Math.min(Math.max(wait, policy.pollMs), policy.maxBackoffMs);
  }
  const exponent = Math.min(attempts, 16);
  const backoff = Math.min(policy.pollMs * 2 ** exponent, policy.maxBackoffMs);
  return reason === "RPC_DOWN" ? Math.min(backoff, 1_000) : backoff;
}

/**
 * Picks `threshold` attestations from one set the ISM accepts (current first, then the previous set in
 * grace). Each signature counts for the validator `signerOf` recovers it to (never the address an endpoint
 * claims), so a lying endpoint's signatures are dropped and any `threshold` honest members make a quorum.
 * Undefined while no set has enough.
 */
export function chooseAttestations(
  attestations: Attestation[],
  sets: ActiveSet[],
  signerOf: (attestation: Attestation) => string | undefined,
): { version: number; attestations: Attestation[] } | undefined {
  const recovered = new Map<Attestation, string | undefined>();
  const who = (a: Attestation) => {
    if (!recovered.has(a)) recovered.set(a, signerOf(a)?.toLowerCase());
    return recovered.get(a);
  };
  for (const set of sets) {
    const members = new Set(set.validators.map((v) => v.toLowerCase()));
    const chosen = new Map<string, Attestation>();
    for (const a of attestations) {
      // The claimed address is only a hint: skip signatures claiming a non-member before recovering them.
      if (!members.has(a.validator.toLowerCase())) continue;
      const signer = who(a);
      if (signer && members.has(signer) && !chosen.has(signer))
        chosen.set(signer, { validator: signer, signature: a.signature });
      if (chosen.size === set.threshold) return { version: set.version, attestations: [...chosen.values()] };
    }
  }
  return undefined;
}

/** Where a message goes: what its attestations must be bound to. */
export interface Route {
  origin: number;
  originMailbox: string;
  destinationMailbox: string;
  messageId: string;
}

/**
 * ISM metadata for one message from the attestations offered, or undefined without a quorum. Attestations are
 * grouped by what they sign — the message's own digest, or a checkpoint root recomputed from the proof — and
 * the first group holding a threshold of verified members of an active set is used: a validator signing
 * another root (a liar, or one that saw a reorganised block) cannot spoil the others' quorum.
 */
export function buildMetadata(
  offered: Attestation[],
  sets: ActiveSet[],
  route: Route,
  signerOf: (digest: string, signature: string) => string | undefined,
): string | undefined {
  const groups = new Map<string, { root?: string; proof?: string[]; attestations: Attestation[] }>();
  // Honest validators send the same proof: the root is recomputed once per distinct proof. An empty proof
  // (a block with one message) is a checkpoint too, not a signature over the message itself.
  const digests = new Map<string, { digest: string; root?: string }>();
  for (const a of offered) {
    const key = a.proof ? `checkpoint:${a.proof.join()}` : "message";
    const known =
      digests.get(key) ??
      attestedDigest(route.origin, route.originMailbox, route.destinationMailbox, route.messageId, a);
    digests.set(key, known);
    const { digest, root } = known;
    const group = groups.get(digest) ?? { root, proof: a.proof, attestations: [] };
    group.attestations.push(a);
    groups.set(digest, group);
  }
  for (const [digest, group] of groups) {
    const chosen = chooseAttestations(group.attestations, sets, (a) => signerOf(digest, a.signature));
    if (!chosen) continue;
    return group.root && group.proof
      ? encodeCheckpointMetadata(chosen.version, group.root, group.proof, chosen.attestations)
      : encodeMetadata(chosen.version, chosen.attestations);
  }
  return undefined;
}

/** The gas cap of one message: the base cap, doubled after each out-of-gas failure up to `maxCap`. */
export function gasCapFor(
  record: { reason: Reason | null; failures: number },
  baseCap: bigint,
  maxCap: bigint,
): bigint {
  if (record.reason !== "OUT_OF_GAS") return baseCap;
  const doubled = baseCap << BigInt(Math.min(record.failures, 16));
  return doubled < maxCap ? doubled : maxCap;
}

/**
 * Gas limit of a `processBatch` transaction: every message's expected gas plus the largest cap (so one
 * message may use its whole cap) and the transaction's base and calldata cost. Messages the budget does not
 * cover are not tried on chain and go into the next transaction.
 */
export function batchGasLimit(caps: bigint[], expectedPerMessage: bigint, calldataBytes: number): bigint {
  const largest = caps.reduce((a, b) => (a > b ? a : b), 0n);
  const expected = caps.reduce((sum, cap) => sum + (cap < expectedPerMessage ? cap : expectedPerMessage), 0n);
  return 21_000n + 60_000n + expected + largest + BigInt(16 * calldataBytes);
}

/** Gas limit for a single `process`: the estimate plus a margin that grows after out-of-gas failures. */
export function gasLimitFor(estimate: bigint, outOfGasFailures: number, marginPercent: number): bigint {
  const percent = BigInt(100 + marginPercent * (1 + outOfGasFailures));
  return (estimate * percent) / 100n + 10_000n;
}
