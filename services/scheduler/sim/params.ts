/**
 * Default simulation parameters. Values are approximate and chosen to be typical, not measured; docs/scheduler.md
 * lists the public references they are taken from.
 */
import { DEV_PARAMS } from "../../../deploy/params.js";
import { WATTS_PER_UNIT } from "../core/reference.js";

/** A region's grid and time zone. Carbon follows a solar day/night cycle between `carbonNight` and `carbonDay`. */
export interface RegionProfile {
  readonly name: string;
  /** Offset of local time from UTC, hours. */
  readonly utcOffsetHours: number;
  /** gCO2/kWh at solar noon and at night. */
  readonly carbonDay: number;
  readonly carbonNight: number;
  /** Industrial electricity price, USD per kWh. */
  readonly electricityUsdPerKwh: number;
  /** Site cost relative to the average (land, labour, connectivity). */
  readonly siteMarkup: number;
  readonly energySource: string;
  /** Share of buyers located in the region. */
  readonly buyerShare: number;
  /** Share of nodes located in the region. */
  readonly nodeShare: number;
  /** Share of the region's nodes by GPU model ("" = CPU): inference GPUs near users, training GPUs west. */
  readonly kindShares: Readonly<Record<string, number>>;
}

export const REGIONS: readonly RegionProfile[] = [
  {
    name: "cn-east",
    utcOffsetHours: 8,
    carbonDay: 600,
    carbonNight: 680,
    electricityUsdPerKwh: 0.1,
    siteMarkup: 1.15,
    energySource: "coal-heavy grid",
    buyerShare: 0.55,
    nodeShare: 0.3,
    kindShares: { "": 0.35, t4: 0.2, a10: 0.2, a100: 0.15, h100: 0.1 },
  },
  {
    name: "cn-west",
    utcOffsetHours: 8,
    carbonDay: 90,
    carbonNight: 280,
    electricityUsdPerKwh: 0.045,
    siteMarkup: 0.95,
    energySource: "hydro, wind and solar",
    buyerShare: 0.15,
    nodeShare: 0.45,
    kindShares: { "": 0.4, t4: 0.05, a10: 0.05, a100: 0.3, h100: 0.2 },
  },
  {
    name: "eu-north",
    utcOffsetHours: 1,
    carbonDay: 30,
    carbonNight: 45,
    electricityUsdPerKwh: 0.06,
    siteMarkup: 1.05,
    energySource: "hydro, wind and nuclear",
    buyerShare: 0.3,
    nodeShare: 0.25,
    kindShares: { "": 0.4, t4: 0.15, a10: 0.15, a100: 0.2, h100: 0.1 },
  },
];

/** A hardware kind: units per node, power per unit and the hourly capital+operating cost of a unit. */
export interface HardwareKind {
  readonly gpuModel: string;
  readonly unitsPerNode: number;
  readonly cpuCores: number;
  readonly memoryMb: number;
  readonly wattsPerUnit: number;
  readonly usdPerUnitHour: number;
}

export const HARDWARE: readonly HardwareKind[] = [
  {
    gpuModel: "",
    unitsPerNode: 32,
    cpuCores: 32,
    memoryMb: 131072,
    wattsPerUnit: WATTS_PER_UNIT[""],
    usdPerUnitHour: 0.025,
  },
  {
    gpuModel: "t4",
    unitsPerNode: 4,
    cpuCores: 32,
    memoryMb: 196608,
    wattsPerUnit: WATTS_PER_UNIT.t4,
    usdPerUnitHour: 0.3,
  },
  {
    gpuModel: "a10",
    unitsPerNode: 4,
    cpuCores: 48,
    memoryMb: 262144,
    wattsPerUnit: WATTS_PER_UNIT.a10,
    usdPerUnitHour: 0.65,
  },
  {
    gpuModel: "a100",
    unitsPerNode: 8,
    cpuCores: 96,
    memoryMb: 1048576,
    wattsPerUnit: WATTS_PER_UNIT.a100,
    usdPerUnitHour: 1.6,
  },
  {
    gpuModel: "h100",
    unitsPerNode: 8,
    cpuCores: 112,
    memoryMb: 2097152,
    wattsPerUnit: WATTS_PER_UNIT.h100,
    usdPerUnitHour: 2.8,
  },
];

/** Power usage effectiveness applied to the electricity part of the price. */
export const PUE = 1.3;

/**
 * Tier price multipliers in basis points: the market's `tierMultiplierBps` as deployed (deploy/params.ts), so the
 * simulated buyer cost is what JobMarket would charge.
 */
export const TIER_MULTIPLIER_BPS: readonly number[] = DEV_PARAMS.policy.tierMultiplierBps.map(Number);

/** Payment token micro-units per USD (6 decimals, a USD stablecoin). */
export const MICRO_PER_USD = 1_000_000;

/** Midnight UTC on Monday 2026-01-05: trace times are unix seconds from here. */
export const TRACE_EPOCH = 1_767_571_200;
