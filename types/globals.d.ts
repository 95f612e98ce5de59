// snarkjs/ffjavascript keep the bn128 curve (with its worker threads) on globalThis.
declare global {
  var curve_bn128: { terminate(): Promise<void> } | undefined;
}
export {};
