import { Interface, Wallet, getBytes } from "ethers";
import { describe, expect, it } from "vitest";
import {
  chooseAttestations,
  classify,
  gasLimitFor,
  retryDelayMs,
} from "../../services/relayer/core/policy.js";
import { KNOWN_ERRORS } from "../../services/relayer/adapters/abis.js";
import {
  JobMarket__factory,
  Mailbox__factory,
  MultisigIsm__factory,
  TestRecipient__factory,
} from "../../types/contracts/index.js";
import { AppError, chainError, decodeRevert } from "../../services/shared/errors.js";
import {
  decodeEnvelope,
  encodeEnvelope,
  encodeMetadata,
  recoverAttester,
  signingDigest,
} from "../../services/shared/envelope.js";

const mailbox = Mailbox__factory.createInterface();
const revert = (iface: Interface, name: string, args: unknown[]) =>
  chainError({ code: "CALL_EXCEPTION", data: iface.encodeErrorResult(name, args) }, KNOWN_ERRORS);

describe("relayer core policy", () => {
  it("maps decoded chain failures to reason codes", () => {
    const id = `0x${"ab".repeat(32)}`;
    expect(classify(revert(mailbox, "MailboxAlreadyDelivered", [id]))).toEqual({ kind: "delivered" });
    expect(classify(revert(mailbox, "MailboxRateLimited", [31_338, 19, 1_700_000_100]))).toMatchObject({
      reason: "RATE_LIMITED",
      availableAt: 1_700_000_100,
    });
    expect(
      classify(revert(MultisigIsm__factory.createInterface(), "MultisigIsmSetNotActive", [31_338, 1])),
    ).toMatchObject({
      reason: "ISM_REJECTED",
    });
    expect(classify(revert(mailbox, "MailboxWrongDestination", [5]))).toMatchObject({
      reason: "INVALID_MESSAGE",
    });
    // A message the hub's JobMarket rejects: decoded with every Suanli ABI, shown with its raw revert data.
    const market = JobMarket__factory.createInterface();
    const rejected = classify(revert(market, "JobMarketRequestExpired", [1_700_000_000]));
    expect(rejected).toMatchObject({ reason: "RECIPIENT_REVERTED" });
    const data = market.encodeErrorResult("JobMarketRequestExpired", [1_700_000_000]);
    expect(rejected.kind === "retry" && rejected.detail).toBe(
      `JobMarketRequestExpired(expiry=1700000000) [revert data ${data}]`,
    );
    const owner = TestRecipient__factory.createInterface();
    const notOwner = classify(revert(owner, "TestRecipientNotOwner", [Wallet.createRandom().address]));
    expect(notOwner.kind === "retry" && notOwner.detail).toContain("TestRecipientNotOwner");
    expect(
      classify(chainError(Object.assign(new Error("fetch failed"), { code: "ECONNREFUSED" }), KNOWN_ERRORS)),
    ).toMatchObject({
      reason: "RPC_DOWN",
    });
    expect(classify(new AppError("CHAIN_OUT_OF_GAS", "out of gas"))).toMatchObject({ reason: "OUT_OF_GAS" });
    expect(decodeRevert("0xdeadbeef", KNOWN_ERRORS).name).toBe("UnknownRevert");
  });

  it("waits for signatures at the poll interval, for rate limits until refill, else backs off", () => {
    const policy = { pollMs: 100, maxBackoffMs: 5_000 };
    expect(retryDelayMs("WAITING_FOR_SIGNATURES", 9, policy)).toBe(100);
    expect(retryDelayMs("RATE_LIMITED", 0, policy, { availableAt: 1_003, chainNow: 1_000 })).toBe(3_000);
    expect(retryDelayMs("RATE_LIMITED", 0, policy, { availableAt: 9_999, chainNow: 1_000 })).toBe(5_000);
    expect(retryDelayMs("RPC_DOWN", 0, policy)).toBe(100);
    expect(retryDelayMs("RPC_DOWN", 3, policy)).toBe(800);
    expect(retryDelayMs("RPC_DOWN", 12, policy)).toBe(1_000); // an outage is the chain's: never long waits
    expect(retryDelayMs("BATCH_FULL", 5, policy)).toBe(0);
    expect(retryDelayMs("RECIPIENT_REVERTED", 40, policy)).toBe(5_000);
  });

  it("chooses threshold signatures from the current set, else from the previous set in grace", () => {
    const [a, b, c, d] = Array.from({ length: 4 }, () => Wallet.createRandom().address);
    // The signer of a signature is whatever it recovers to (here: the signature names it).
    const att = (v: string) => ({ validator: v, signature: v });
    const recover = (x: { signature: string }) => x.signature;
    const current = { version: 2, validators: [c!, d!], threshold: 2 };
    const previous = { version: 1, validators: [a!, b!, c!], threshold: 2 };
    expect(chooseAttestations([att(a!), att(b!), att(c!)], [current, previous], recover)).toMatchObject({
      version: 1,
    });
    expect(chooseAttestations([att(a!), att(c!), att(d!)], [current, previous], recover)).toMatchObject({
      version: 2,
    });
    expect(chooseAttestations([att(a!), att(d!)], [current], recover)).toBeUndefined();
    expect(chooseAttestations([att(c!), att(c!)], [current], recover)).toBeUndefined();
    // A lying endpoint claims to be c but its signature recovers to someone else: it counts for no one,
    // and the honest c and d still make a quorum.
    const liar = { validator: c!, signature: Wallet.createRandom().address };
    expect(chooseAttestations([liar, att(d!)], [current], recover)).toBeUndefined();
    expect(chooseAttestations([liar, att(d!), att(c!)], [current], recover)).toMatchObject({ version: 2 });
    expect(gasLimitFor(100_000n, 0, 20)).toBe(130_000n);
    expect(gasLimitFor(100_000n, 2, 20)).toBe(170_000n);
  });

  it("round-trips envelopes and orders metadata signatures by signer", async () => {
    const envelope = {
      version: 1,
      nonce: 7,
      origin: 31_338,
      sender: `0x${"11".repeat(32)}`,
      destination: 31_337,
      recipient: `0x${"22".repeat(32)}`,
      body: "0x0113",
    };
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
    const signers = [Wallet.createRandom(), Wallet.createRandom()];
    const digest = signingDigest(
      31_338,
      `0x${"33".repeat(20)}`,
      `0x${"55".repeat(20)}`,
      `0x${"44".repeat(32)}`,
    );
    const attestations = await Promise.all(
      signers.map(async (s) => ({ validator: s.address, signature: await s.signMessage(getBytes(digest)) })),
    );
    const metadata = encodeMetadata(3, attestations);
    expect(metadata.slice(0, 10)).toBe("0x00000003");
    const [low] = [...attestations].sort((x, y) => (BigInt(x.validator) < BigInt(y.validator) ? -1 : 1));
    expect(metadata.slice(10, 10 + 130)).toBe(low!.signature.slice(2));
    expect(recoverAttester(digest, low!.signature)).toBe(low!.validator);
    expect(recoverAttester(digest, "0x1234")).toBeUndefined();
  });
});
