/** `suanli deploy`: the whole of Suanli to JSON-RPC networks through the resumable engine (deploy/engine.ts). */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { type BaseWallet, Wallet } from "ethers";
import { connect, ROOT } from "../context.js";
import { loadKey } from "../keys.js";
import { action, usage } from "../output.js";
import { addressArg, addressList, int, oneOf, pair } from "../parse.js";

export function register(program: Command): void {
  program
    .command("deploy")
    .description("deploy hub and regions, join them with the bridge and hand every parameter to governance")
    .requiredOption("--hub <network>", "hub network: a name (SUANLI_<NAME>_RPC_URL) or an http(s) URL")
    .option("--region <name>=<network>", "a region chain (repeatable)", pair)
    .requiredOption("--validators <addresses>", "bridge validators, comma-separated", addressList)
    .requiredOption("--threshold <n>", "validator signatures required per message", int(1, 100))
    .option(
      "--params <kind>",
      "development | production",
      oneOf(["development", "production"] as const),
      "development",
    )
    .option("--distribution <file>", "JSON [{holder, amount}] of the SUAN supply (required with production)")
    .option("--scheduler <address>", "account granted the scheduler role", addressArg)
    .option(
      "--payment-token <address>",
      "existing 6-decimal permit token (TestUSD is deployed when omitted)",
      addressArg,
    )
    .option(
      "--name <name>",
      "deployment name: deploy/deployments/<name>/ holds journal and records",
      "default",
    )
    .option("--dir <dir>", "folder of journal and records (overrides --name)")
    .option("--key <name>", "deployer key from the keystore (else SUANLI_PRIVATE_KEY)")
    .addHelpText(
      "after",
      `
Examples:
  SUANLI_HUB_RPC_URL=http://127.0.0.1:8545 SUANLI_PRIVATE_KEY=0x… \\
    suanli deploy --hub hub --region east=http://127.0.0.1:8546 --region west=http://127.0.0.1:8547 \\
      --validators 0xA…,0xB…,0xC… --threshold 2 --name local-anvil
  suanli deploy --hub hubRemote --region east=eastRemote --params production --distribution dist.json …

Run the same command again after an interruption: it reads <dir>/journal.json, re-sends what was signed
but not mined and sends only the rest. Development parameters are refused outside chain ids 31337-31339;
production needs an explicit --distribution.`,
    )
    .action(
      action(async (out, o) => {
        const { deploy } = await import("../../../deploy/engine.js");
        const { DEV_PARAMS, productionParams } = await import("../../../deploy/params.js");
        if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/.test(o.name as string))
          usage(`--name "${o.name}" is not a folder name`);
        const dir =
          (o.dir as string | undefined) ?? path.join(ROOT, "deploy", "deployments", o.name as string);
        const networks: Record<string, string> = {
          hub: o.hub as string,
          ...((o.region as unknown as Record<string, string>) ?? {}),
        };
        let wallet: BaseWallet;
        if (o.key) wallet = await loadKey(o.key as string);
        else if (/^0x[0-9a-fA-F]{64}$/.test(process.env.SUANLI_PRIVATE_KEY ?? ""))
          wallet = new Wallet(process.env.SUANLI_PRIVATE_KEY!);
        else return usage("no deployer key: pass --key <keystore name> or set SUANLI_PRIVATE_KEY");
        let params = DEV_PARAMS;
        if (o.params === "production") {
          if (!o.distribution) usage("--params production needs --distribution <file>");
          params = productionParams(readDistribution(o.distribution as string));
        } else {
          params = {
            ...DEV_PARAMS,
            token: {
              ...DEV_PARAMS.token,
              distribution: [{ holder: "deployer", amount: DEV_PARAMS.token.supply }],
            },
          };
        }
        const providers = await Promise.all(Object.values(networks).map((n) => connect(n)));
        const wallets = Object.fromEntries(
          Object.keys(networks).map((n, i) => [n, wallet.connect(providers[i]!)]),
        );
        const started = performance.now();
        const result = await deploy({
          dir,
          wallets,
          params,
          validators: o.validators as unknown as string[],
          threshold: o.threshold as unknown as number,
          schedulers: o.scheduler ? [o.scheduler as string] : [],
          paymentToken: o.paymentToken as string | undefined,
          onEvent: (e) => {
            if (e.type === "chain")
              out.progress(
                `${e.chain}: chain ${e.chainId}, first nonce ${e.startNonce}${e.resumed ? " (resuming)" : ""}`,
              );
            if (e.type === "sent") out.progress(`${e.chain}: ${e.count} transaction(s) broadcast`);
            if (e.type === "confirmed") out.progress(`${e.chain}: ${e.confirmed}/${e.total} confirmed`);
          },
        });
        const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
        out.result(
          {
            dir,
            journal: result.journal,
            transactions: result.transactions,
            sentThisRun: result.sent,
            seconds,
            records: result.records,
          },
          () =>
            [
              `deployed to ${Object.keys(networks).join(", ")} in ${seconds} s (${result.transactions} transactions, ${result.sent} sent by this run)`,
              `records: ${dir}`,
              `hub jobMarket ${result.records.hub!.jobMarket}, governor ${result.records.hub!.governor}`,
            ].join("\n"),
        );
      }),
    );
}

function readDistribution(file: string) {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return usage(`--distribution ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    usage(`--distribution ${file}: expected a non-empty JSON array`);
  return (parsed as { holder?: unknown; amount?: unknown }[]).map((a, i) => {
    if (typeof a.holder !== "string" || !/^(0x[0-9a-fA-F]{40}|timelock)$/.test(a.holder)) {
      usage(`--distribution ${file}: entry ${i} needs holder = an address or "timelock"`);
    }
    if (typeof a.amount !== "string" || !/^\d+$/.test(a.amount)) {
      usage(`--distribution ${file}: entry ${i} needs amount = a decimal string of base units`);
    }
    return { holder: a.holder as string, amount: BigInt(a.amount as string) };
  });
}
