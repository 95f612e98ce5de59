/** `suanli keys new|import|list`: the encrypted keystore (services/cli/keys.ts). */
import type { Command } from "commander";
import { Wallet } from "ethers";
import { keystoreDir, listKeys, readSecret, saveKey } from "../keys.js";
import { action, usage } from "../output.js";

export function register(program: Command): void {
  const keys = program
    .command("keys")
    .description("encrypted keys (ethers JSON keystore in SUANLI_KEYSTORE_DIR, default ~/.suanli/keystore)");
  keys
    .command("new <name>")
    .description("create a random key and store it encrypted")
    .addHelpText("after", "\nExample:\n  SUANLI_KEYSTORE_PASSWORD=… suanli keys new provider")
    .action(
      action(async (out, _o, [name]) => {
        const wallet = Wallet.createRandom();
        const file = await saveKey(name!, new Wallet(wallet.privateKey));
        out.result({ name, address: wallet.address, file });
      }),
    );
  keys
    .command("import <name>")
    .description("store an existing private key, read from a hidden prompt or one line of stdin")
    .addHelpText("after", "\nExample:\n  echo $MY_KEY | SUANLI_KEYSTORE_PASSWORD=… suanli keys import voter")
    .action(
      action(async (out, _o, [name]) => {
        const secret = await readSecret("private key (0x…): ");
        if (!/^(0x)?[0-9a-fA-F]{64}$/.test(secret)) usage("the key read is not a 32-byte hex private key");
        const wallet = new Wallet(secret.startsWith("0x") ? secret : `0x${secret}`);
        const file = await saveKey(name!, wallet);
        out.result({ name, address: wallet.address, file });
      }),
    );
  keys
    .command("list")
    .description("names and addresses of the stored keys (nothing is decrypted)")
    .addHelpText("after", "\nExample:\n  suanli keys list --json")
    .action(
      action(async (out) => {
        const list = listKeys();
        out.result(out.json ? { dir: keystoreDir(), keys: list } : list);
      }),
    );
}
