/**
 * ERC-7930 interoperable addresses (version 1, EVM chains), as OpenZeppelin's `InteroperableAddress.formatEvmV1`
 * builds them: `0x0001 ‖ chain type 0x0000 (eip155) ‖ reference length ‖ chain id (big-endian, no leading
 * zeros) ‖ address length ‖ address`. The ERC-7786 gateways and the cross-chain governance contracts name
 * every account this way (docs/governance.md).
 */
import { concat, getAddress, getBytes, hexlify, toBeArray, toBeHex } from "ethers";

/** The interoperable address of `address` on EVM chain `chainId` (omit `address` for the chain alone). */
export function interopAddress(chainId: number | bigint, address?: string): string {
  const reference = toBeArray(BigInt(chainId));
  const addr = address === undefined ? new Uint8Array() : getBytes(getAddress(address));
  return hexlify(
    concat(["0x00010000", toBeHex(reference.length, 1), reference, toBeHex(addr.length, 1), addr]),
  );
}

/** Parses an EVM interoperable address; throws on any other form. */
export function parseInteropAddress(value: string): { chainId: bigint; address?: string } {
  const b = getBytes(value);
  if (b.length < 6 || b[0] !== 0 || b[1] !== 1 || b[2] !== 0 || b[3] !== 0) {
    throw new Error(`not an EVM ERC-7930 v1 address: ${value}`);
  }
  const refLen = b[4]!;
  const chainId = BigInt(hexlify(b.slice(5, 5 + refLen)));
  const addrLen = b[5 + refLen];
  if (addrLen === undefined || b.length !== 6 + refLen + addrLen || (addrLen !== 0 && addrLen !== 20)) {
    throw new Error(`malformed ERC-7930 address: ${value}`);
  }
  return addrLen === 0 ? { chainId } : { chainId, address: getAddress(hexlify(b.slice(6 + refLen))) };
}
