import { readFile } from "node:fs/promises";
import { Wallet } from "ethers";
import { AppError } from "./errors.js";

/**
 * A service's signing key: an encrypted JSON keystore (scrypt, ethers `Wallet.fromEncryptedJson`) with its
 * password, or a private key from the environment — never from code. `prefix` names the variables in errors.
 */
export async function loadKey(
  prefix: string,
  source: { key?: string; keystore?: string; password?: string },
): Promise<Wallet> {
  if (source.keystore !== undefined) {
    if (source.password === undefined) {
      throw new AppError("CONFIG_INVALID", `${prefix}_KEYSTORE needs ${prefix}_KEYSTORE_PASSWORD`);
    }
    const json = await readFile(source.keystore, "utf8");
    try {
      return new Wallet((await Wallet.fromEncryptedJson(json, source.password)).privateKey);
    } catch (cause) {
      throw new AppError("CONFIG_INVALID", `${prefix}_KEYSTORE could not be decrypted`, { cause });
    }
  }
  if (source.key === undefined)
    throw new AppError("CONFIG_INVALID", `set ${prefix}_KEY or ${prefix}_KEYSTORE`);
  return new Wallet(source.key);
}
