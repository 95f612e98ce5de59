/** Argument parsers for commander options: each refuses a bad value with a message naming the option. */
import { InvalidArgumentError } from "commander";

export function int(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

export function uint(value: string): bigint {
  if (!/^\d{1,78}$/.test(value))
    throw new InvalidArgumentError(`expected a non-negative integer, got "${value}"`);
  return BigInt(value);
}

export function addressArg(value: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value))
    throw new InvalidArgumentError(`expected a 0x address, got "${value}"`);
  return value;
}

export function addressList(value: string): string[] {
  return value.split(",").map(addressArg);
}

export function oneOf<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(", ")}, got "${value}"`);
    }
    return value as T;
  };
}

/** A decimal amount with up to `decimals` fractional digits, in base units. */
export function amount(decimals: number) {
  return (value: string): bigint => {
    const m = /^(\d{1,30})(?:\.(\d+))?$/.exec(value);
    if (!m || (m[2] ?? "").length > decimals) {
      throw new InvalidArgumentError(`expected an amount with at most ${decimals} decimals, got "${value}"`);
    }
    return BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt((m[2] ?? "").padEnd(decimals, "0") || "0");
  };
}

/** Collects a repeatable `name=value` option into a record. */
export function pair(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const m = /^([a-z][a-z0-9-]{0,31})=(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected <name>=<network>, got "${value}"`);
  if (m[1] === "hub") throw new InvalidArgumentError(`a region may not be named "hub"`);
  if (previous[m[1]!]) throw new InvalidArgumentError(`region "${m[1]}" given twice`);
  return { ...previous, [m[1]!]: m[2]! };
}
