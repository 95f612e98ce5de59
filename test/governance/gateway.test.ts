/**
 * MailboxGateway is an ERC-7786 gateway: OpenZeppelin's CrosschainRemoteExecutor, unmodified, obeys a hub
 * controller through it, and the Mailbox's guarantees (attestation, exactly-once, lane rate limits) still hold.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { concat, toBeHex, ZeroHash } from "ethers";
import { CHAIN_IDS } from "../../hardhat.config.js";
import { expectRevert } from "../helpers/chain.js";
import { interopAddress, parseInteropAddress } from "../../services/shared/interop.js";
import {
  CrosschainRemoteExecutor__factory,
  type CrosschainRemoteExecutor,
  Mailbox__factory,
} from "../../types/contracts/index.js";
import { governanceWorld, type GovernanceWorld } from "./world.js";

/** ERC-7579 single call: mode (call type 0, exec type 0) ‖ target ‖ value ‖ calldata. */
const singleCall = (target: string, data: string) => concat([ZeroHash, target, toBeHex(0, 32), data]);

describe("MailboxGateway (ERC-7786 over the Mailbox)", () => {
  let w: GovernanceWorld;
  let executor: CrosschainRemoteExecutor;
  let controller: string;
  const ERC7786_KIND = 32;

  beforeAll(async () => {
    w = await governanceWorld();
    controller = w.chains.hub.signers[1]!.address;
    executor = await (
      await new CrosschainRemoteExecutor__factory(w.deployerOf("west")).deploy(
        w.gov.regions.west!.gateway,
        interopAddress(CHAIN_IDS.hub, controller),
      )
    ).waitForDeployment();
  }, 120_000);

  it("formats ERC-7930 addresses as OpenZeppelin's InteroperableAddress does", () => {
    const a = interopAddress(31_339, "0x00000000000000000000000000000000000000aa");
    expect(a).toBe("0x00010000027a6b1400000000000000000000000000000000000000aa");
    expect(parseInteropAddress(a)).toEqual({
      chainId: 31_339n,
      address: "0x00000000000000000000000000000000000000AA",
    });
  });

  it("OpenZeppelin's CrosschainRemoteExecutor runs a hub controller's call on west", async () => {
    const token = w.gov.regions.west!.token;
    const someone = w.chains.west.signers[5]!.address;
    const gateway = w.gov.hub.gateway.connect(w.chains.hub.signers[1]!);
    const payload = singleCall(
      token.target as string,
      token.interface.encodeFunctionData("delegate", [someone]),
    );
    const tx = await gateway.sendMessage(
      interopAddress(CHAIN_IDS.west, executor.target as string),
      payload,
      [],
    );
    const rcpt = await tx.wait();
    const sent = rcpt!.logs.map((l) => gateway.interface.parseLog(l)).find((l) => l?.name === "MessageSent")!;
    expect(sent.args.sendId).toBe(ZeroHash);
    expect(sent.args.sender).toBe(interopAddress(CHAIN_IDS.hub, controller).toLowerCase());
    const [m] = await w.relay();
    expect([m!.from, m!.to]).toEqual(["hub", "west"]);
    expect(await token.delegates(executor)).toBe(someone);
    // Delivered once.
    await expectRevert(() => w.deliver(m!), Mailbox__factory.createInterface(), "MailboxAlreadyDelivered");
  });

  it("refuses another controller, attributes, value, a malformed or unknown recipient", async () => {
    const mallory = w.chains.hub.signers[4]!;
    const gateway = w.gov.hub.gateway.connect(mallory);
    const to = interopAddress(CHAIN_IDS.west, executor.target as string);
    const token = w.gov.regions.west!.token;
    await (await gateway.sendMessage(to, singleCall(token.target as string, "0x"), [])).wait();
    const [m] = await w.collect();
    await expectRevert(() => w.deliver(m!), executor.interface, "ERC7786RecipientUnauthorizedGateway");
    await expectRevert(
      () => gateway.sendMessage(to, "0x", ["0x12345678"]),
      gateway.interface,
      "UnsupportedAttribute",
    );
    await expectRevert(
      () => gateway.sendMessage(to, "0x", [], { value: 1n }),
      gateway.interface,
      "MailboxGatewayValueNotSupported",
    );
    await expectRevert(
      () => gateway.sendMessage("0x0001", "0x", []),
      gateway.interface,
      "MailboxGatewayInvalidRecipient",
    );
    await expectRevert(
      () => gateway.sendMessage(interopAddress(999, executor.target as string), "0x", []),
      gateway.interface,
      "MailboxGatewayUnknownDestination",
    );
  });

  it("the Mailbox's rate limit of the ERC-7786 lane still applies", async () => {
    const westExecutor = await w.impersonate("west", w.net.executors.west!);
    const mailbox = w.mailbox("west").connect(westExecutor);
    await (await mailbox.setRateLimit(CHAIN_IDS.hub, ERC7786_KIND, 1, 1)).wait();
    const gateway = w.gov.hub.gateway.connect(w.chains.hub.signers[1]!);
    const token = w.gov.regions.west!.token;
    const data = singleCall(
      token.target as string,
      token.interface.encodeFunctionData("delegate", [controller]),
    );
    const to = interopAddress(CHAIN_IDS.west, executor.target as string);
    await (await gateway.sendMessage(to, data, [])).wait();
    await (await gateway.sendMessage(to, data, [])).wait();
    const [first, second] = await w.collect();
    await (await w.deliver(first!)).wait();
    await expectRevert(() => w.deliver(second!), mailbox.interface, "MailboxRateLimited");
    await (await mailbox.removeRateLimit(CHAIN_IDS.hub, ERC7786_KIND)).wait();
    await (await w.deliver(second!)).wait();
    expect(await token.delegates(executor)).toBe(controller);
  });
});
