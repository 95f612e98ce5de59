import { Interface, type InterfaceAbi } from "ethers";
import * as contracts from "../../../types/contracts/index.js";

/**
 * Every custom error of every Suanli contract (from the TypeChain factories), plus `Error(string)` and
 * `Panic(uint256)`: a message a recipient such as `JobMarket` rejects shows the recipient's own error.
 * Bridge ABIs come first, so their errors win a (never expected) selector clash.
 */
function allErrorInterfaces(): Interface[] {
  const factories = Object.entries(contracts)
    .filter(([name]) => name.endsWith("__factory"))
    .sort(([a], [b]) => Number(!/Mailbox|MultisigIsm/.test(a)) - Number(!/Mailbox|MultisigIsm/.test(b)));
  const seen = new Set<string>();
  const errors: string[] = [];
  for (const [, factory] of factories) {
    const abi = (factory as { abi?: InterfaceAbi }).abi;
    if (!abi) continue;
    for (const fragment of new Interface(abi).fragments) {
      if (fragment.type !== "error") continue;
      const signature = fragment.format("full");
      const selector = fragment.format("sighash");
      if (seen.has(selector)) continue;
      seen.add(selector);
      errors.push(signature);
    }
  }
  return [new Interface(errors), new Interface(["error Error(string)", "error Panic(uint256)"])];
}

/** ABIs whose custom errors the relayer decodes. */
export const KNOWN_ERRORS: Interface[] = allErrorInterfaces();
