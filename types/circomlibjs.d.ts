// Minimal typings for circomlibjs 0.1.7 (dev-only: generating the Poseidon hasher contract).
declare module "circomlibjs" {
  export const poseidonContract: {
    createCode(nInputs: number): string;
    generateABI(nInputs: number): unknown[];
  };
}
