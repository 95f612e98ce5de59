/**
 * The development accounts of the local stack: Hardhat's default mnemonic, whose accounts its simulated chains
 * fund on every chain. Local use only — these keys are public. Which account plays which role:
 */
import { HDNodeWallet } from "ethers";

export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** Account index (derivation path m/44'/60'/0'/0/<index>) of each role in `npm start` and `npm run demo`. */
export const DEV_ACCOUNTS = {
  /** Deploys every contract, holds the whole SUAN supply (and so the DAO's votes) on the hub. */
  deployer: 0,
  /** Demo: signs the job request and the TestUSD permit (never sends a transaction). */
  buyer: 1,
  /** Demo: registers the node on east, stakes on the hub, acknowledges and submits the receipt. */
  provider: 2,
  /** Holds DirectiveHub's SCHEDULER_ROLE; the scheduler service's key. */
  scheduler: 3,
  /** The buyers' REST API's gas account: relays signed job requests and cancels (it holds no buyer key). */
  jobRelayer: 5,
  /** The bridge relayer's key: pays delivery gas on every chain. */
  bridgeRelayer: 9,
  /** The three bridge validators (threshold 2); they only sign. */
  validators: [10, 11, 12],
} as const;

export function devWallet(index: number): HDNodeWallet {
  return HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
}
