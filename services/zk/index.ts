// Public surface of the ZK module: statements (inputs.ts), hashing (poseidon.ts, merkle.ts),
// proving (prover.ts) and the PNG watermark (watermark.ts).
export * from "./inputs.js";
export * from "./merkle.js";
export * from "./poseidon.js";
export * from "./prover.js";
export * from "./watermark.js";
