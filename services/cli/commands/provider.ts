/**
 * `suanli provider …`: a node's life on its region chain (ComputeRegistry: register, update, pause, retire)
 * and its stake on the hub (StakeManager: stake, unbond, withdraw), plus reads (list, status, earnings).
 */
import type { Command } from "commander";
import { formatUnits } from "ethers";
import type { IComputeRegistry } from "../../../types/contracts/index.js";

type NodeParamsStruct = IComputeRegistry.NodeParamsStruct;
import { connect, record, signer } from "../context.js";
import { action, type Opts, type Out, struct, usage } from "../output.js";
import { amount, int, oneOf, uint } from "../parse.js";

const ENERGY = ["grid", "solar", "wind", "hydro", "nuclear", "gas", "coal"] as const;
const STATUS = ["none", "active", "paused", "retired"];

/** A node's GPUs for `provider list`: "2x H100", or "-" for none (ComputeRegistry: no model iff no GPU). */
const gpuText = (count: bigint, model: string) => (count === 0n ? "-" : `${count}x ${model}`);

async function contracts() {
  return import("../../../types/contracts/index.js");
}

function nodeParams(o: Opts, base?: Record<string, unknown>): NodeParamsStruct {
  const b = base ?? {};
  const pick = (key: string, fallback: unknown) =>
    (o[key] !== undefined ? o[key] : fallback) as bigint | string;
  return {
    cpuCores: pick("cpu", b.cpuCores ?? 0),
    memoryMb: pick("memory", b.memoryMb ?? 0),
    gpuModel: String(pick("gpu", b.gpuModel ?? "")),
    gpuCount: pick("gpus", b.gpuCount ?? 0),
    latencyClass: pick("latencyClass", b.latencyClass ?? 0),
    energySource:
      o.energy !== undefined
        ? ENERGY.indexOf(o.energy as (typeof ENERGY)[number])
        : Number(b.energySource ?? 0),
    carbonIntensity: pick("carbon", b.carbonIntensity ?? 0),
    pricePerSecond: pick("price", b.pricePerSecond ?? 0n),
    identityCommitment: pick("identity", b.identityCommitment ?? 1n),
    endpoint: String(pick("endpoint", b.endpoint ?? "")),
  };
}

function hardware(cmd: Command): Command {
  return cmd
    .option("--cpu <cores>", "CPU cores", int(0, 1_000_000))
    .option("--memory <mb>", "memory in MB", int(0, 4_000_000_000))
    .option("--gpu <model>", "GPU model (e.g. H100)")
    .option("--gpus <count>", "GPU count", int(0, 65_535))
    .option("--latency-class <n>", "latency class 0-255", int(0, 255))
    .option("--energy <source>", ENERGY.join(" | "), oneOf(ENERGY))
    .option("--carbon <g>", "carbon intensity, gCO2/kWh", int(0, 4_000_000_000))
    .option("--price <units>", "price ask per second, payment-token base units", uint)
    .option("--identity <commitment>", "identity commitment of the node's receipt key", uint)
    .option("--endpoint <url>", "public endpoint of the node agent");
}

async function regionTx(
  o: Opts,
  out: Out,
  what: string,
  send: (registry: Awaited<ReturnType<typeof registryOf>>) => Promise<{ wait(): Promise<unknown> }>,
) {
  const registry = await registryOf(o);
  out.progress(`${what} on ${o.region}: waiting for the block`);
  const tx = await send(registry);
  const receipt = (await tx.wait()) as { hash: string; blockNumber: number; logs: unknown[] };
  return { registry, receipt };
}

async function registryOf(o: Opts) {
  const region = o.region as string;
  const { ComputeRegistry__factory } = await contracts();
  const provider = await connect(region);
  return ComputeRegistry__factory.connect(
    record(region).registry!,
    await signer(provider, o.key as string | undefined),
  );
}

async function stakeManagerOf(o: Opts) {
  const { NodeIndex__factory, StakeManager__factory, SuanliToken__factory } = await contracts();
  const hub = record("hub");
  const s = await signer(await connect("hub"), o.key as string | undefined);
  return {
    stake: StakeManager__factory.connect(hub.stakeManager!, s),
    token: SuanliToken__factory.connect(hub.token!, s),
    nodeIndex: NodeIndex__factory.connect(hub.nodeIndex!, s),
    signer: s,
  };
}

/**
 * Waits (at most `waitSec`) until the hub's NodeIndex names `operator` for the node: a registration reaches
 * the hub through the bridge, so a stake sent right after `register` would be refused.
 */
async function untilIndexed(
  out: Out,
  nodeIndex: Awaited<ReturnType<typeof stakeManagerOf>>["nodeIndex"],
  nodeId: bigint,
  operator: string,
  waitSec: number,
) {
  const until = Date.now() + waitSec * 1000;
  let told = false;
  for (;;) {
    const known = await nodeIndex.operatorOf(nodeId);
    if (known.toLowerCase() === operator.toLowerCase()) return;
    if (Date.now() >= until) {
      usage(
        known === "0x0000000000000000000000000000000000000000"
          ? `node ${nodeId} is not known on the hub after ${waitSec} s (its registration has not crossed the bridge)`
          : `node ${nodeId} is operated by ${known} on the hub, not by ${operator}`,
      );
    }
    if (!told) out.progress(`waiting for the hub to learn node ${nodeId} through the bridge`);
    told = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function register(program: Command): void {
  const p = program
    .command("provider")
    .description("list capacity, stake and follow earnings as a node operator");
  hardware(
    p
      .command("register")
      .description("register a node in a region (the hub learns it through the bridge)")
      .requiredOption("--region <name>", "region chain (deployment record name)"),
  )
    .option("--key <name>", "operator key from the keystore (else SUANLI_PRIVATE_KEY)")
    .addHelpText(
      "after",
      "\nExample:\n  suanli provider register --region east --cpu 32 --memory 131072 --gpu H100 --gpus 2 \\\n    --energy solar --carbon 40 --price 1000 --endpoint https://node.example:8443 --key provider",
    )
    .action(
      action(async (out, o) => {
        if (o.price === undefined) usage("--price is required to register");
        const { registry, receipt } = await regionTx(o, out, "registering", (r) => r.register(nodeParams(o)));
        const event = receipt.logs
          .map((l) => {
            try {
              return registry.interface.parseLog(l as never);
            } catch {
              return null;
            }
          })
          .find((e) => e?.name === "NodeRegistered");
        out.result({
          region: o.region,
          nodeId: event?.args.nodeId as bigint,
          tx: receipt.hash,
          block: receipt.blockNumber,
        });
      }),
    );
  hardware(
    p
      .command("update <nodeId>")
      .description("change a node's hardware, price or energy data")
      .requiredOption("--region <name>", "region chain"),
  )
    .option("--key <name>", "operator key from the keystore (else SUANLI_PRIVATE_KEY)")
    .addHelpText("after", "\nExample:\n  suanli provider update 1 --region east --price 1200")
    .action(
      action(async (out, o, [id]) => {
        const nodeId = uint(id!);
        const registry = await registryOf(o);
        const [, , params] = await registry.node(nodeId);
        const { receipt } = await regionTx(o, out, "updating", (r) =>
          r.update(nodeId, nodeParams(o, struct(params))),
        );
        out.result({ region: o.region, nodeId, tx: receipt.hash });
      }),
    );
  for (const [name, fn, text] of [
    ["pause", "pause", "stop receiving new jobs"],
    ["resume", "unpause", "receive jobs again after a pause"],
    ["retire", "retire", "leave for good (stake can then be unbonded)"],
  ] as const) {
    p.command(`${name} <nodeId>`)
      .description(text)
      .requiredOption("--region <name>", "region chain")
      .option("--key <name>", "operator key from the keystore (else SUANLI_PRIVATE_KEY)")
      .addHelpText("after", `\nExample:\n  suanli provider ${name} 1 --region east`)
      .action(
        action(async (out, o, [id]) => {
          const nodeId = uint(id!);
          const { receipt } = await regionTx(o, out, name, (r) => r[fn](nodeId));
          out.result({ region: o.region, nodeId, action: name, tx: receipt.hash });
        }),
      );
  }
  p.command("list")
    .description("nodes of a region's registry")
    .requiredOption("--region <name>", "region chain")
    .addHelpText("after", "\nExample:\n  suanli provider list --region east --json")
    .action(
      action(async (out, o) => {
        const { ComputeRegistry__factory } = await contracts();
        const registry = ComputeRegistry__factory.connect(
          record(o.region as string).registry!,
          await connect(o.region as string),
        );
        const count = Number(await registry.nodeCount());
        const domain = BigInt(record(o.region as string).chainId);
        const rows = [];
        for (let n = 1n; n <= BigInt(count); n++) {
          // Node ids carry the region's domain above the low 64 bits (ComputeRegistry.register).
          const i = (domain << 64n) | n;
          const [operator, status, params] = await registry.node(i);
          rows.push({
            nodeId: i,
            status: STATUS[Number(status)],
            operator,
            gpu: gpuText(params.gpuCount, params.gpuModel),
            pricePerSecond: params.pricePerSecond,
            energy: ENERGY[Number(params.energySource)],
          });
        }
        out.result(rows);
      }),
    );
  p.command("status <nodeId>")
    .description("a node's registration (region) and stake (hub)")
    .requiredOption("--region <name>", "region chain")
    .addHelpText("after", "\nExample:\n  suanli provider status 1 --region east")
    .action(
      action(async (out, o, [id]) => {
        const nodeId = uint(id!);
        const { ComputeRegistry__factory, StakeManager__factory } = await contracts();
        const region = o.region as string;
        const registry = ComputeRegistry__factory.connect(record(region).registry!, await connect(region));
        const [operator, status, params] = await registry.node(nodeId);
        const hub = record("hub");
        // The same id on the hub: it carries the region's domain (NodeIndex.regionOf).
        const stakeManager = StakeManager__factory.connect(hub.stakeManager!, await connect("hub"));
        const [bonded, unbonding, releaseAt] = await stakeManager.stakeOf(nodeId);
        out.result({
          nodeId,
          region,
          status: STATUS[Number(status)],
          operator,
          gpuModel: params.gpuModel,
          gpuCount: params.gpuCount,
          cpuCores: params.cpuCores,
          pricePerSecond: params.pricePerSecond,
          energy: ENERGY[Number(params.energySource)],
          carbonIntensity: params.carbonIntensity,
          endpoint: params.endpoint,
          bonded: formatUnits(bonded, 18),
          unbonding: formatUnits(unbonding, 18),
          releaseAt: Number(releaseAt),
        });
      }),
    );
  const stakeCmd = (name: string, text: string) =>
    p
      .command(`${name} <nodeId>`)
      .description(text)
      .option("--key <name>", "operator key from the keystore (else SUANLI_PRIVATE_KEY)");
  stakeCmd("stake", "bond SUAN to a node on the hub (approves the StakeManager first)")
    .requiredOption("--amount <suan>", "SUAN, e.g. 1000 or 0.5", amount(18))
    .option(
      "--wait <seconds>",
      "how long to wait for the hub to learn a just-registered node through the bridge",
      int(0, 3_600),
      120,
    )
    .addHelpText("after", "\nExample:\n  suanli provider stake <nodeId> --amount 1000")
    .action(
      action(async (out, o, [id]) => {
        const { stake, token, nodeIndex, signer: s } = await stakeManagerOf(o);
        await untilIndexed(out, nodeIndex, uint(id!), await s.getAddress(), o.wait as unknown as number);
        const value = o.amount as unknown as bigint;
        out.progress("approving SUAN for the StakeManager");
        await (await token.approve(await stake.getAddress(), value)).wait();
        out.progress("staking");
        const receipt = await (await stake.stake(uint(id!), value)).wait();
        out.result({ nodeId: uint(id!), staked: formatUnits(value, 18), tx: receipt!.hash });
      }),
    );
  stakeCmd("unbond", "start unbonding stake (released after the unbonding delay)")
    .requiredOption("--amount <suan>", "SUAN", amount(18))
    .addHelpText("after", "\nExample:\n  suanli provider unbond <nodeId> --amount 500")
    .action(
      action(async (out, o, [id]) => {
        const { stake } = await stakeManagerOf(o);
        const receipt = await (await stake.requestUnbond(uint(id!), o.amount as unknown as bigint)).wait();
        out.result({
          nodeId: uint(id!),
          unbonding: formatUnits(o.amount as unknown as bigint, 18),
          tx: receipt!.hash,
        });
      }),
    );
  stakeCmd("withdraw", "withdraw stake whose unbonding delay has passed")
    .addHelpText("after", "\nExample:\n  suanli provider withdraw <nodeId>")
    .action(
      action(async (out, _o, [id]) => {
        const { stake } = await stakeManagerOf(_o);
        const receipt = await (await stake.withdraw(uint(id!))).wait();
        out.result({ nodeId: uint(id!), tx: receipt!.hash });
      }),
    );
  p.command("earnings <operator>")
    .description("payment-token balance and withdrawable market credit of an operator")
    .addHelpText("after", "\nExample:\n  suanli provider earnings 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC")
    .action(
      action(async (out, _o, [operator]) => {
        if (!/^0x[0-9a-fA-F]{40}$/.test(operator!)) usage(`"${operator}" is not an address`);
        const { JobMarket__factory, TestUSD__factory } = await contracts();
        const hub = record("hub");
        const provider = await connect("hub");
        const market = JobMarket__factory.connect(hub.jobMarket!, provider);
        const usd = TestUSD__factory.connect(hub.paymentToken!, provider);
        out.result({
          operator,
          balance: formatUnits(await usd.balanceOf(operator!), 6),
          credit: formatUnits(await market.creditOf(operator!), 6),
        });
      }),
    );
}
