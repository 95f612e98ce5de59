/**
 * Grid carbon intensity as the simulator's regions experience it and as they forecast it: the solar cycle of
 * `carbonAt` times hourly weather noise (an AR(1) process in log space, so clouds and wind persist for hours),
 * and a forecast whose error grows with the horizon. Seeded; the same for every policy.
 */
import { mulberry32, normal } from "../core/rng.js";
import type { RegionProfile } from "./params.js";
import { carbonAt } from "./trace.js";

export interface CarbonModelOptions {
  readonly seed: number;
  /** Standard deviation of the hourly log-noise around the solar cycle (0.15: ±15 % typical). */
  readonly noise: number;
  /** Hour-to-hour persistence of the noise, 0..1. */
  readonly persistence: number;
  /** Forecast log-error standard deviation at horizon h hours: base + perHour × h. */
  readonly forecastErrorBase: number;
  readonly forecastErrorPerHour: number;
}

export const DEFAULT_CARBON_MODEL: CarbonModelOptions = {
  seed: 11,
  noise: 0.15,
  persistence: 0.8,
  forecastErrorBase: 0.03,
  forecastErrorPerHour: 0.01,
};

export class CarbonModel {
  /** Log-noise per region per hour from `origin`. */
  private readonly noise = new Map<string, Float64Array>();

  constructor(
    private readonly regions: readonly RegionProfile[],
    private readonly origin: number,
    hours: number,
    private readonly options: CarbonModelOptions = DEFAULT_CARBON_MODEL,
  ) {
    regions.forEach((r, i) => {
      const rng = mulberry32(options.seed * 131 + i);
      const series = new Float64Array(hours + 1);
      const innovation = options.noise * Math.sqrt(1 - options.persistence ** 2);
      let x = options.noise * normal(rng);
      for (let h = 0; h <= hours; h++) {
        series[h] = x;
        x = options.persistence * x + innovation * normal(rng);
      }
      this.noise.set(r.name, series);
    });
  }

  /** Actual intensity of the region at time t, gCO2/kWh (noise interpolated between hours). */
  actual(region: RegionProfile, t: number): number {
    const series = this.noise.get(region.name);
    if (series === undefined) return carbonAt(region, t);
    const x = Math.min(Math.max((t - this.origin) / 3600, 0), series.length - 1);
    const h = Math.floor(x);
    const a = series[h] ?? 0;
    const b = series[Math.min(h + 1, series.length - 1)] ?? a;
    return carbonAt(region, t) * Math.exp(a + (b - a) * (x - h));
  }

  /** ∫ intensity dt over [a, b], in gCO2/kWh × hours (5-minute steps). */
  integral(region: RegionProfile, a: number, b: number): number {
    let sum = 0;
    for (let t = a; t < b; t += 300) {
      const dt = Math.min(300, b - t);
      sum += this.actual(region, t + dt / 2) * dt;
    }
    return sum / 3600;
  }

  /**
   * The region's forecast made at `now` for the next `hours` hours (index 0 = the hour starting now): the actual
   * mean of each hour times a log-normal error that grows with the horizon. Deterministic for (region, now).
   */
  forecast(region: RegionProfile, now: number, hours: number): number[] {
    const index = this.regions.indexOf(region);
    const rng = mulberry32((this.options.seed * 7_919 + index * 104_729 + Math.floor(now / 60)) >>> 0);
    const o = this.options;
    return Array.from({ length: hours }, (_, h) => {
      const truth = this.actual(region, now + h * 3600 + 1800);
      return truth * Math.exp((o.forecastErrorBase + o.forecastErrorPerHour * h) * normal(rng));
    });
  }
}
