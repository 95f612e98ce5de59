/**
 * The demo's scenario through the doors, on any deployment: `npm run demo` (scripts/demo.ts) runs it on the
 * local stack and test/deploy/anvil-demo.test.ts on three anvil nodes with the stack's edge. The provider and the
 * DAO use the real `suanli` binary, the buyer only the SDK, a key, the input store and `suanli provenance`; the
 * jobs are executed, proven and settled by the node agents that run next to the chains (services/stack/edge.ts).
 * Nothing here calls a contract.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type JsonRpcProvider, Wallet } from "ethers";
import { SuanliClient, aigcJobInput } from "../services/sdk/index.js";
import { DEV_ACCOUNTS, devWallet } from "../services/stack/accounts.js";
import { EDGE_NODE_PRICE } from "../services/stack/edge.js";

/** What the demo buyer pays at most per resource-second: enough for the edge's development nodes. */
export const BUYER_MAX_UNIT_PRICE = EDGE_NODE_PRICE + 10n;
/**
 * What the node the demo provider registers asks: above the buyer's maximum, so the scheduler never places the
 * demo's jobs on it (it runs no agent); its registration and stake show the provider's doors.
 */
export const DEMO_NODE_PRICE = BUYER_MAX_UNIT_PRICE + 20n;

export interface ScenarioContext {
  /** Environment that points the CLI at the deployment (RPC URLs, records, API) or at the stack's base port. */
  cliEnv: NodeJS.ProcessEnv;
  apiUrl: string;
  hubRpc: JsonRpcProvider;
  /**
   * The regions' nodes, whose clocks the demo moves with the hub's: cross-chain votes compare the hub's snapshot
   * and deadline with a region's clock, so development chains must keep one time.
   */
  regionRpcs?: JsonRpcProvider[];
  /** The hub's deployment record (`hub.json`). */
  hub: Record<string, string>;
  /** The job input store (PUT /v1/blobs/:commitment, services/stack/blob-store.ts) the agents read inputs from. */
  inputStoreUrl: string;
  /** The URL of the agent running node `nodeId` (the stack lists them in stack.json). */
  agentUrl: (nodeId: bigint) => string | undefined;
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

  /**
   * Development chains only: mine `blocks` blocks on the hub, after moving its clock by `seconds`; the regions'
   * clocks move by as much (one block each), so hub and regions keep one time.
   */
  const advanceHub = async (blocks: number, seconds = 0) => {
    if (seconds > 0) {
      for (const rpc of [ctx.hubRpc, ...(ctx.regionRpcs ?? [])])
        await rpc.send("evm_increaseTime", [seconds]);
      for (const rpc of ctx.regionRpcs ?? []) await rpc.send("evm_mine", []);
    }
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
            String(DEMO_NODE_PRICE),
            "--identity",
            String(Date.now()),
            "--endpoint",
            "https://demo-node.east.local:8443",
          ],
        ],
        DEV_ACCOUNTS.provider,
      );
      const nodeId = String(registered.nodeId);
      ctx.log(
        `  node ${nodeId} registered on east (tx ${registered.tx}), asking ${DEMO_NODE_PRICE} per ` +
          `resource-second: above what the demo buyer pays, so the stack's agents run the demo's jobs`,
      );
      // The hub learns the node through the bridge; staking is refused until it has.
      await until("node known on the hub and staked (1000 SUAN)", () =>
        suanli(["provider", "stake", nodeId, "--amount", "1000"], DEV_ACCOUNTS.provider),
      );
      return nodeId;
    },

    /**
     * One AIGC job from quote to verified result: the buyer stores its input document in the stack's input store
     * and submits with the SDK; the scheduler places it on one of the stack's node agents, which executes it,
     * proves the receipt, and the hub settles. Returns what the settlement paid and what provenance needs.
     */
    async job(label: string, prompt: string, seed: number) {
      step(`Buyer (account 1, SDK over REST): ${label}`);
      // Model id 1 is the image generator approved in ModelRegistry at deployment (GENERATOR_MODEL).
      const input = aigcJobInput(prompt, seed, 1n);
      const stored = await fetch(`${ctx.inputStoreUrl}/v1/blobs/${input.inputCommitment}`, {
        method: "PUT",
        body: input.bytes,
      });
      if (!stored.ok) throw new Error(`the input store refused the job document (HTTP ${stored.status})`);
      ctx.log(
        `  input document stored (AIGC "${prompt}", seed ${seed}, commitment ${input.inputCommitment})`,
      );
      const now = BigInt((await ctx.hubRpc.getBlock("latest"))!.timestamp);
      const request = {
        resources: 1,
        durationSec: 60,
        tier: "batch" as const,
        latencyBoundMs: 600_000,
        deadline: Number(now + 3_600n),
        maxUnitPrice: BUYER_MAX_UNIT_PRICE,
        inputCommitment: input.inputCommitment,
      };
      const quote = await client.quote(request);
      ctx.log(
        `  quote: escrow ${quote.escrow} tUSD units (at most ${BUYER_MAX_UNIT_PRICE} per resource-second)`,
      );
      const submitted = await client.signAndSubmit(buyer, request, { expectedJobMarket: ctx.hub.jobMarket });
      const jobId = BigInt(submitted.jobId);
      ctx.log(`  job ${jobId} created through the API (tx ${submitted.txHash})`);

      step(`Scheduler, bridge, node agent, hub: job ${jobId} placed, executed, proven and settled`);
      await until("the hub settled the job", async () =>
        (await client.job(jobId)).status === "settled" ? true : undefined,
      );
      let paid = { providerPay: 0n, fee: 0n, buyerRefund: 0n };
      let nodeId = 0n;
      for await (const s of client.follow(jobId)) {
        ctx.log(`  timeline: ${s.type} on ${s.chain} (tx ${s.txHash})`);
        if (s.type === "assigned") {
          nodeId = BigInt(s.details.nodeId);
          ctx.log(`    node ${nodeId} in ${s.details.region}, at ${s.details.unitPrice} per resource-second`);
        }
        if (s.type === "receipt") ctx.log(`    ${s.details.kind} receipt from node ${s.details.nodeId}`);
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
      return {
        jobId,
        nodeId,
        input: input.doc,
        image: result.bytes,
        outputCommitment: BigInt(result.outputCommitment),
        escrow: BigInt(submitted.escrow),
        ...paid,
        resultBytes: result.bytes.length,
      };
    },

    /**
     * The buyer registers the settled image's provenance with `suanli provenance register`; the node's agent then
     * publishes the PNG watermarked with the record id, and `suanli provenance trace` leads it back to the job.
     */
    async provenance(job: {
      jobId: bigint;
      nodeId: bigint;
      input: unknown;
      image: Uint8Array;
      outputCommitment: bigint;
    }) {
      step(
        `Buyer: register the provenance of job ${job.jobId}'s image, then trace the agent's watermarked PNG`,
      );
      const dir = mkdtempSync(path.join(tmpdir(), "suanli-demo-"));
      const image = path.join(dir, `job-${job.jobId}.bin`);
      const doc = path.join(dir, `job-${job.jobId}-input.json`);
      writeFileSync(image, job.image);
      writeFileSync(doc, JSON.stringify(job.input));
      const registered = await suanli(
        ["provenance", "register", image, "--job", String(job.jobId), "--input", doc],
        DEV_ACCOUNTS.buyer,
      );
      ctx.log(`  record ${registered.recordId} registered on the hub (tx ${registered.txHash})`);
      const agent = ctx.agentUrl(job.nodeId);
      if (agent === undefined) throw new Error(`no agent URL known for node ${job.nodeId}`);
      const row = await until(`node ${job.nodeId}'s agent published the watermarked PNG`, async () => {
        const r = await fetch(`${agent}/v1/jobs/${job.jobId}`);
        const body = r.ok ? ((await r.json()) as Record<string, string>) : undefined;
        return body?.state === "registered" ? body : undefined;
      });
      const png = path.join(dir, `job-${job.jobId}.png`);
      const got = await fetch(`${agent}/v1/outputs/${row.outputCommitment}/image.png`);
      if (!got.ok) throw new Error(`GET the agent's image.png: HTTP ${got.status}`);
      writeFileSync(png, Buffer.from(await got.arrayBuffer()));
      ctx.log(`  $ curl -o ${png} ${agent}/v1/outputs/${row.outputCommitment}/image.png`);
      const traced = await suanli(["provenance", "trace", png]);
      const record = traced.record as Record<string, string>;
      ctx.log(
        `  ${path.basename(png)}: record ${traced.recordId} (found by ${traced.via}), job ${record.linkedJobId}, ` +
          `lineage ${(traced.lineage as string[]).join(" <- ")}`,
      );
      rmSync(dir, { recursive: true, force: true });
      return { recordId: String(registered.recordId), traced };
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
