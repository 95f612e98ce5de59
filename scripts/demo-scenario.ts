/**
 * The demo's scenario through the doors, on any deployment: `npm run demo` (scripts/demo.ts) runs it on the
 * local stack and test/deploy/anvil-demo.test.ts on three anvil nodes. The provider and the DAO use the real
 * `suanli` binary, the buyer only the SDK and a key; one step labelled "node agent stand-in" plays the node
 * (acknowledge, upload the output, submit the signed receipt) while no agent runs next to the stack.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { type JsonRpcProvider, NonceManager, Wallet } from "ethers";
import { DirectiveInbox__factory, ReceiptRegistry__factory } from "../types/contracts/index.js";
import { SuanliClient } from "../services/sdk/index.js";
import { signReceipt } from "../services/shared/typed-data.js";
import { DEV_ACCOUNTS, devWallet } from "../services/stack/accounts.js";
import { CONTENT_BYTES, contentCommitment } from "../services/zk/inputs.js";

export interface ScenarioContext {
  /** Environment that points the CLI at the deployment (RPC URLs, records, API) or at the stack's base port. */
  cliEnv: NodeJS.ProcessEnv;
  apiUrl: string;
  hubRpc: JsonRpcProvider;
  eastRpc: JsonRpcProvider;
  /** Deployment records of the hub and of east (`<chain>.json`). */
  hub: Record<string, string>;
  east: Record<string, string>;
  log: (line: string) => void;
  /** How long one wait (bridge, scheduler, settlement) may take (default 90 s). */
  timeoutMs?: number;
}

const root = path.join(import.meta.dirname, "..");
const key = (i: number) => devWallet(i).privateKey;

export function scenario(ctx: ScenarioContext) {
  const client = new SuanliClient({ baseUrl: ctx.apiUrl });
  const buyer = new Wallet(key(DEV_ACCOUNTS.buyer)); // a bare key: no provider, no ABI
  const step = (title: string) => ctx.log(`\n== ${title}`);

  /** Runs the real `suanli` binary with `--json`, as a user would; its one-line error fails the step. */
  const suanli = (args: string[], account?: number): Promise<Record<string, unknown>> => {
    ctx.log(`  $ suanli ${args.map((a) => (/[\s;()%]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
    return new Promise((resolve, reject) => {
      execFile(
        path.join(root, "services", "cli", "suanli"),
        [...args, "--json"],
        {
          cwd: root,
          env: {
            ...process.env,
            ...ctx.cliEnv,
            SUANLI_PRIVATE_KEY: account === undefined ? "" : key(account),
          },
        },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`suanli ${args[0]} ${args[1]}: ${stderr.trim() || error.message}`));
          else resolve(JSON.parse(stdout) as Record<string, unknown>);
        },
      );
    });
  };

  const until = async <T>(what: string, probe: () => Promise<T | undefined>): Promise<T> => {
    const started = Date.now();
    let last: unknown;
    for (;;) {
      const value = await probe().catch((error: unknown) => {
        last = error;
        return undefined;
      });
      if (value !== undefined) {
        ctx.log(`  ✓ ${what} (${Date.now() - started} ms)`);
        return value;
      }
      if (Date.now() - started > (ctx.timeoutMs ?? 90_000)) {
        throw new Error(`timed out waiting for ${what}${last ? ` (last: ${(last as Error).message})` : ""}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  /** Development chains only: mine `blocks` blocks on the hub, after moving its clock by `seconds`. */
  const advanceHub = async (blocks: number, seconds = 0) => {
    if (seconds > 0) await ctx.hubRpc.send("evm_increaseTime", [seconds]);
    for (let i = 0; i < blocks; i++) await ctx.hubRpc.send("evm_mine", []);
  };

  return {
    /** Account 2 registers a node on east and stakes 1000 SUAN for it, with the CLI; returns the node id. */
    async provider(): Promise<string> {
      step("Provider (account 2): register a node on east and stake it, with the suanli CLI");
      const registered = await suanli(
        [
          ...["provider", "register", "--region", "east", "--cpu", "16", "--memory", "65536"],
          ...["--gpu", "A100", "--gpus", "4", "--latency-class", "1", "--energy", "hydro", "--carbon", "30"],
          ...[
            "--price",
            "20",
            "--identity",
            String(Date.now()),
            "--endpoint",
            "https://demo-node.east.local:8443",
          ],
        ],
        DEV_ACCOUNTS.provider,
      );
      const nodeId = String(registered.nodeId);
      ctx.log(`  node ${nodeId} registered on east (tx ${registered.tx})`);
      // The hub learns the node through the bridge; staking is refused until it has.
      await until("node known on the hub and staked (1000 SUAN)", () =>
        suanli(["provider", "stake", nodeId, "--amount", "1000"], DEV_ACCOUNTS.provider),
      );
      return nodeId;
    },

    /** One job from quote to verified result; returns what the settlement paid. */
    async job(label: string) {
      step(`Buyer (account 1, SDK over REST): ${label}`);
      const now = BigInt((await ctx.hubRpc.getBlock("latest"))!.timestamp);
      const request = {
        resources: 4,
        durationSec: 600,
        tier: "interactive" as const,
        latencyBoundMs: 200,
        deadline: Number(now + 3_600n),
        maxUnitPrice: 25n,
        inputCommitment: 42n,
      };
      const quote = await client.quote(request);
      ctx.log(`  quote: escrow ${quote.escrow} tUSD units`);
      const submitted = await client.signAndSubmit(buyer, request, { expectedJobMarket: ctx.hub.jobMarket });
      const jobId = BigInt(submitted.jobId);
      ctx.log(`  job ${jobId} created through the API (tx ${submitted.txHash})`);

      step(`Node agent stand-in (account 2, no agent runs next to the stack yet): job ${jobId}`);
      const operator = new NonceManager(devWallet(DEV_ACCOUNTS.provider).connect(ctx.eastRpc));
      const inbox = DirectiveInbox__factory.connect(ctx.east.inbox!, operator);
      const assignment = await until(
        "scheduler placed the job and the bridge carried it to east",
        async () => {
          const a = await inbox.assignment(jobId);
          return a.attempt > 0n ? a : undefined;
        },
      );
      await (await inbox.acknowledge(jobId)).wait();
      const output = Uint8Array.from({ length: CONTENT_BYTES }, (_, i) => (i * 31 + Number(jobId)) % 256);
      await client.uploadResult(output);
      const receipt = {
        jobId,
        nodeId: assignment.nodeId,
        attempt: Number(assignment.attempt),
        inputCommitment: assignment.inputCommitment,
        outputCommitment: contentCommitment(output),
        latencyMs: 120,
        finishTime: BigInt((await ctx.eastRpc.getBlock("latest"))!.timestamp),
        energyWh: 900,
      };
      const chainId = (await ctx.eastRpc.getNetwork()).chainId;
      const signature = await signReceipt(operator, chainId, ctx.east.verifier!, receipt);
      const receipts = ReceiptRegistry__factory.connect(ctx.east.receipts!, operator);
      await (await receipts.submitReceipt(receipt, signature)).wait();
      ctx.log("  acknowledged, output uploaded, signed receipt submitted on east");

      step(`Buyer: follow job ${jobId} to settlement and fetch the verified result`);
      await until("the hub settled the job", async () =>
        (await client.job(jobId)).status === "settled" ? true : undefined,
      );
      let paid = { providerPay: 0n, fee: 0n, buyerRefund: 0n };
      for await (const s of client.follow(jobId)) {
        ctx.log(`  timeline: ${s.type} on ${s.chain} (tx ${s.txHash})`);
        if (s.type === "settled") {
          paid = {
            providerPay: BigInt(s.details.providerPay),
            fee: BigInt(s.details.fee),
            buyerRefund: BigInt(s.details.buyerRefund),
          };
          ctx.log(`  provider paid ${paid.providerPay}, fee ${paid.fee}, refund ${paid.buyerRefund}`);
        }
      }
      const result = await client.result(jobId);
      ctx.log(`  ✓ ${result.bytes.length} bytes matching output commitment ${result.outputCommitment}`);
      return { jobId, escrow: BigInt(submitted.escrow), ...paid, resultBytes: result.bytes.length };
    },

    /**
     * Account 0 (the development SUAN) raises the protocol fee by one point (read through the REST API) with
     * `suanli dao`: propose, vote, queue, execute. Returns the new fee in basis points.
     */
    async raiseFee(): Promise<number> {
      const bps = (await client.market()).policy.protocolFeeBps + 100;
      step(
        `DAO (account 0 holds the development SUAN): raise the protocol fee to ${bps / 100}% with suanli dao`,
      );
      const voter = DEV_ACCOUNTS.deployer;
      await suanli(["dao", "delegate"], voter);
      const description = `Demo: protocol fee to ${bps / 100}% (${Date.now()})`;
      const proposal = await suanli(
        ["dao", "propose", "fee", "--bps", String(bps), "--description", description],
        voter,
      );
      const id = String(proposal.proposalId);
      ctx.log(`  proposal ${id}: ${(proposal.calls as string[]).join("; ")}`);
      // The Governor's clock is the block timestamp (ERC-6372): move time, then mine one block.
      await advanceHub(1, 2); // past the voting delay
      await suanli(["dao", "vote", id, "for"], voter);
      await advanceHub(1, 51); // past the voting period
      await suanli(["dao", "queue", id], voter);
      await advanceHub(1, 3_601); // past the Timelock delay
      const executed = await suanli(["dao", "execute", id], voter);
      ctx.log(`  proposal ${executed.state}`);
      if (executed.state !== "Executed") throw new Error(`the fee proposal ended ${String(executed.state)}`);
      return bps;
    },
  };
}
