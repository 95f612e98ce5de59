/**
 * The CLI's encrypted keystore: one ethers JSON keystore (scrypt + AES-128-CTR, the Web3 Secret Storage
 * format) per key in SUANLI_KEYSTORE_DIR (default ~/.suanli/keystore). The password comes from
 * SUANLI_KEYSTORE_PASSWORD or a hidden prompt; a key itself is read from a prompt or stdin, never an argument.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Wallet } from "ethers";
import { usage } from "./output.js";

export const keystoreDir = () =>
  process.env.SUANLI_KEYSTORE_DIR ?? path.join(homedir(), ".suanli", "keystore");

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/;

export function keyFile(name: string): string {
  if (!NAME.test(name)) usage(`key name "${name}" must be 1-64 letters, digits, "_" or "-"`);
  return path.join(keystoreDir(), `${name}.json`);
}

/** Reads a secret: hidden prompt on a terminal, else one line of stdin. */
export async function readSecret(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stderr.write(prompt);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  try {
    for await (const line of rl) return line.trim();
    return "";
  } finally {
    rl.close();
    if (process.stdin.isTTY) process.stderr.write("\n");
  }
}

export async function password(): Promise<string> {
  const fromEnv = process.env.SUANLI_KEYSTORE_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY)
    return usage("no keystore password: set SUANLI_KEYSTORE_PASSWORD or run in a terminal");
  return readSecret("keystore password: ");
}

export async function loadKey(name: string): Promise<Wallet> {
  const file = keyFile(name);
  if (!existsSync(file)) usage(`no key named "${name}" in ${keystoreDir()} (suanli keys list)`);
  try {
    const wallet = await Wallet.fromEncryptedJson(readFileSync(file, "utf8"), await password());
    return wallet as Wallet;
  } catch (error) {
    if (/incorrect password|invalid password/i.test((error as Error).message)) {
      return usage(`wrong password for key "${name}"`);
    }
    throw error;
  }
}

export async function saveKey(name: string, wallet: Wallet): Promise<string> {
  const file = keyFile(name);
  if (existsSync(file)) usage(`a key named "${name}" exists already in ${keystoreDir()}`);
  const json = await wallet.encrypt(await password());
  mkdirSync(keystoreDir(), { recursive: true, mode: 0o700 });
  writeFileSync(file, json, { mode: 0o600 });
  return file;
}

export function listKeys(): { name: string; address: string }[] {
  const dir = keystoreDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => {
      const body = JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { address?: string };
      return { name: f.slice(0, -5), address: body.address ? `0x${body.address.replace(/^0x/, "")}` : "?" };
    });
}
