import { readFile } from "node:fs/promises";
import { Wallet } from "ethers";
import { AppError } from "../shared/errors.js";
import type { AgentConfig } from "./config.js";

/** The operator key: an encrypted JSON keystore (scrypt, ethers `Wallet.fromEncryptedJson`) or the environment. */
export async function loadOperatorKey(config: AgentConfig): Promise<Wallet> {
  if (config.SUANLI_AGENT_KEYSTORE !== undefined) {
    if (config.SUANLI_AGENT_KEYSTORE_PASSWORD === undefined) {
      throw new AppError("CONFIG_INVALID", "SUANLI_AGENT_KEYSTORE needs SUANLI_AGENT_KEYSTORE_PASSWORD");
    }
    const json = await readFile(config.SUANLI_AGENT_KEYSTORE, "utf8");
    try {
      const wallet = await Wallet.fromEncryptedJson(json, config.SUANLI_AGENT_KEYSTORE_PASSWORD);
      return new Wallet(wallet.privateKey);
    } catch (cause) {
      throw new AppError("CONFIG_INVALID", "SUANLI_AGENT_KEYSTORE could not be decrypted", { cause });
    }
  }
  return new Wallet(config.SUANLI_AGENT_KEY!);
}
