import { createRequire } from "node:module";
import path from "node:path";
import hardhatEthers from "@nomicfoundation/hardhat-ethers";
import hardhatKeystore from "@nomicfoundation/hardhat-keystore";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatTypechain from "@nomicfoundation/hardhat-typechain";
import { configVariable, defineConfig } from "hardhat/config";
import type { HttpNetworkUserConfig } from "hardhat/types/config";

// Solidity is compiled by the npm `solc` package (pinned exactly), never downloaded.
const require = createRequire(import.meta.url);
const SOLJSON = path.join(path.dirname(require.resolve("solc/package.json")), "soljson.js");

/** Chain ids of the three ledgers of the local stack; also the bridge domains. */
export const CHAIN_IDS = { hub: 31_337, east: 31_338, west: 31_339 } as const;

const simulated = (chainId: number) =>
  ({ type: "edr-simulated", chainType: "l1", chainId, allowBlocksWithSameTimestamp: true }) as const;

// Real networks: URL and deployer key come from env or the Hardhat keystore, never from code.
const remote = (name: string): HttpNetworkUserConfig => ({
  type: "http",
  chainType: "l1",
  url: configVariable(`SUANLI_${name}_RPC_URL`),
  accounts: [configVariable(`SUANLI_${name}_DEPLOYER_KEY`)],
});

const settings = (runs: number) =>
  ({ optimizer: { enabled: true, runs }, evmVersion: "cancun", viaIR: false }) as const;

export default defineConfig({
  plugins: [hardhatEthers, hardhatKeystore, hardhatNetworkHelpers, hardhatTypechain],
  solidity: {
    profiles: {
      default: {
        compilers: [{ type: "solc", version: "0.8.28", path: SOLJSON, settings: settings(200) }],
        // JobMarket and ReceiptRegistry (the proven-settlement path) compile via IR: smaller (JobMarket stays well
        // under the 24,576-byte limit of EIP-170) and cheaper per settled job (docs/zk.md).
        overrides: {
          "contracts/hub/JobMarket.sol": {
            type: "solc",
            version: "0.8.28",
            path: SOLJSON,
            settings: { ...settings(200), viaIR: true },
          },
          "contracts/region/ReceiptRegistry.sol": {
            type: "solc",
            version: "0.8.28",
            path: SOLJSON,
            settings: { ...settings(200), viaIR: true },
          },
        },
      },
    },
    // OpenZeppelin's remote executor, deployed unmodified over MailboxGateway (test/governance/gateway.test.ts).
    npmFilesToBuild: [
      "@openzeppelin/contracts/crosschain/CrosschainRemoteExecutor.sol",
      "@openzeppelin/contracts/governance/IGovernor.sol",
    ],
  },
  networks: {
    hub: simulated(CHAIN_IDS.hub),
    east: simulated(CHAIN_IDS.east),
    west: simulated(CHAIN_IDS.west),
    hubRemote: remote("HUB"),
    eastRemote: remote("EAST"),
    westRemote: remote("WEST"),
  },
  typechain: { outDir: "types/contracts" },
});
