import { zeroPadValue, type Signer } from "ethers";
import {
  Mailbox__factory,
  MultisigIsm__factory,
  TestRecipient__factory,
} from "../../types/contracts/index.js";

export const HUB = 31_337;
export const EAST = 31_338;
export const WEST = 31_339;
export const GRACE = 600;
export const EAST_MAILBOX = "0x00000000000000000000000000000000000e4571";
export const WEST_MAILBOX = "0x0000000000000000000000000000000000075e57";

/**
 * The ISM set-up the in-process contract tests share: a hub Mailbox behind a MultisigIsm (grace `GRACE`)
 * that knows east's and west's origin mailboxes and trusts `validators` with threshold 2 for both, and a
 * TestRecipient. `owner` owns everything.
 */
export async function deployHubWithIsm(
  owner: Signer,
  validators: string[],
  originMailboxes: { east: string; west: string } = { east: EAST_MAILBOX, west: WEST_MAILBOX },
) {
  const me = await owner.getAddress();
  const ism = await new MultisigIsm__factory(owner).deploy(GRACE, me);
  const mailbox = await new Mailbox__factory(owner).deploy(HUB, ism.target, me);
  const recipient = await new TestRecipient__factory(owner).deploy(mailbox.target, me);
  await ism.setOriginMailbox(EAST, zeroPadValue(originMailboxes.east, 32));
  await ism.setOriginMailbox(WEST, zeroPadValue(originMailboxes.west, 32));
  for (const origin of [EAST, WEST]) await ism.rotateValidators(origin, validators, 2);
  return { ism, mailbox, recipient };
}
