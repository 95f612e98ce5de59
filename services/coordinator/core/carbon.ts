/**
 * Carbon intensity from a per-region daily curve: 24 hourly values in gCO2/kWh (UTC hours), linearly
 * interpolated. A coordinator with a live grid feed would replace the curve; the report format is the same.
 */
export function carbonIntensityAt(curve: readonly number[], unixSec: number): number {
  if (curve.length !== 24) throw new RangeError(`a carbon curve has 24 hourly values, got ${curve.length}`);
  const hours = (((unixSec / 3600) % 24) + 24) % 24;
  const h = Math.floor(hours);
  const next = (h + 1) % 24;
  const t = hours - h;
  return Math.round(curve[h]! * (1 - t) + curve[next]! * t);
}

/** Default curves of the local stack's two regions: a coal-heavy east with a solar dip, a hydro-heavy west. */
export const DEFAULT_CURVES: Readonly<Record<string, readonly number[]>> = {
  east: [
    620, 610, 600, 600, 610, 630, 650, 640, 600, 540, 480, 440, 420, 430, 460, 510, 570, 630, 680, 690, 680,
    660, 640, 630,
  ],
  west: [
    120, 115, 110, 110, 115, 125, 140, 150, 145, 135, 125, 120, 118, 120, 125, 135, 150, 170, 180, 175, 165,
    150, 135, 125,
  ],
};
