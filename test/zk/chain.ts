// Helpers for the in-process hub chain: deploying the generated verifiers and passing proofs to them.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Contract } from "ethers";
import { network } from "hardhat";
import {
  type CircuitName,
  DEFAULT_ARTIFACTS_DIR,
  type Proof,
  toSolidityProof,
} from "../../services/zk/index.js";

export const { ethers } = await network.create("hub");

/**
 * Deploys `<name>Verifier` (generated) and its reverting front `<name>ProofVerifier`; the ReceiptBatch front
 * holds both batch keys (ReceiptBatch8Verifier and ReceiptBatchVerifier).
 */
export async function deployProofVerifier(name: Exclude<CircuitName, "ReceiptBatch8">): Promise<Contract> {
  const keys = name === "ReceiptBatch" ? ["ReceiptBatch8", "ReceiptBatch"] : [name];
  const generated: string[] = [];
  for (const key of keys) generated.push(await (await ethers.deployContract(`${key}Verifier`)).getAddress());
  return (await ethers.deployContract(`${name}ProofVerifier`, generated)) as unknown as Contract;
}

/** Deploys circomlibjs's generated Poseidon(2) bytecode (committed by `zk:setup`). */
export async function deployPoseidonT3(): Promise<string> {
  const artifact = JSON.parse(
    await readFile(path.join(DEFAULT_ARTIFACTS_DIR, "PoseidonT3.json"), "utf8"),
  ) as {
    abi: [];
    bytecode: string;
  };
  const [signer] = await ethers.getSigners();
  const factory = new ethers.ContractFactory(artifact.abi, artifact.bytecode, signer);
  const hasher = await factory.deploy();
  return hasher.getAddress();
}

/** The proof tuple as the Solidity `Groth16Proof` struct takes it. */
export const proofArg = (p: Proof) => {
  const s = toSolidityProof(p.proof);
  return { a: s.a, b: s.b, c: s.c };
};
