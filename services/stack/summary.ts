/**
 * What `npm start` prints once the stack is ready: its URLs, the development accounts and one "try this" command
 * per door (REST, SDK, provider CLI, DAO CLI, bridge, provenance, dashboard), each runnable verbatim from the
 * repository root against this stack.
 */
import { DEFAULT_BASE_PORT, type StackLayout } from "./ports.js";
import { DEV_ACCOUNTS, devWallet } from "./accounts.js";

export interface StackSummaryInput {
  layout: StackLayout;
  chains: Record<string, string>;
  services: {
    relayer: string;
    validators: string[];
    scheduler: string;
    api: string;
    inputs: string;
    coordinators: Record<string, string>;
    agents: Record<string, string>;
  };
}

export function stackSummary(s: StackSummaryInput): string[] {
  const { layout } = s;
  // Commands run against the default stack unless told its base port.
  const env = layout.base === DEFAULT_BASE_PORT ? "" : `SUANLI_STACK_BASE_PORT=${layout.base} `;
  const account = (role: string, index: number) =>
    `  ${String(index).padStart(2)}  ${devWallet(index).address}  ${role}`;
  const quickstart = `.stack/${layout.base}/quickstart`;
  const deadline = "$(( $(date +%s) + 3600 ))";
  return [
    "",
    "Suanli stack ready (Ctrl-C stops everything)",
    "",
    "Chains:",
    ...Object.entries(s.chains).map(([name, url]) => `  ${name.padEnd(12)} ${url}`),
    "Services:",
    `  ${"api".padEnd(12)} ${s.services.api}   (REST, OpenAPI at /openapi.json)`,
    `  ${"dashboard".padEnd(12)} ${s.services.api}/`,
    `  ${"scheduler".padEnd(12)} ${s.services.scheduler}`,
    `  ${"relayer".padEnd(12)} ${s.services.relayer}`,
    `  ${"validators".padEnd(12)} ${s.services.validators.join(" ")}`,
    `  ${"input store".padEnd(12)} ${s.services.inputs}`,
    ...Object.entries(s.services.coordinators).map(([r, url]) => `  ${`coord ${r}`.padEnd(12)} ${url}`),
    ...Object.entries(s.services.agents).map(([node, url]) => `  ${`agent ${node}`.padEnd(12)} ${url}`),
    `  ${"records".padEnd(12)} ${layout.deploymentsDir}`,
    "Accounts (Hardhat's public development mnemonic `test test … junk`; never use them elsewhere):",
    account("deployer, holds the SUAN supply (the DAO's votes)", DEV_ACCOUNTS.deployer),
    account("buyer: test USD to escrow", DEV_ACCOUNTS.buyer),
    account("provider: SUAN to stake", DEV_ACCOUNTS.provider),
    account("scheduler service", DEV_ACCOUNTS.scheduler),
    account("REST API gas account", DEV_ACCOUNTS.jobRelayer),
    account("bridge relayer", DEV_ACCOUNTS.bridgeRelayer),
    "",
    "Try this:",
    "  # buyer, REST: price a job the stack's agents take",
    `  curl -s "${s.services.api}/v1/quotes?resources=1&durationSec=60&tier=batch&latencyBoundMs=600000&maxUnitPrice=40&deadline=${deadline}"`,
    "  # buyer, SDK: the README quickstart (AIGC job to settlement, then its provenance registered)",
    `  ${env}BUYER_KEY=${devWallet(DEV_ACCOUNTS.buyer).privateKey} npm run buyer:quickstart`,
    "  # provider: the nodes listed on east",
    `  ${env}npx suanli provider list --region east`,
    "  # DAO: proposals on the hub's Governor",
    `  ${env}npx suanli dao proposals`,
    "  # bridge: lanes, pending messages, validators",
    `  ${env}npx suanli bridge status`,
    "  # provenance: the quickstart's image traced to its record, job and model (after the SDK line)",
    `  ${env}npx suanli provenance trace ${quickstart}/image.bin`,
    "  # dashboard: open in a browser",
    `  ${s.services.api}/`,
    "",
  ];
}
