/**
 * Energy model per hardware class (docs/edge.md): energy = (idle + utilisation × (peak − idle)) × wall time.
 * The agent has no power meter, so the figure is modelled, not measured; the class is part of its config.
 */
export const HARDWARE_CLASSES = {
  /** Single-board ARM edge device (e.g. 4 cores, 8 GB). */
  "edge-arm": { idleW: 3, peakW: 12 },
  /** x86 server, CPU only (2 sockets). */
  "cpu-server": { idleW: 120, peakW: 450 },
  /** x86 server with one data-centre GPU. */
  "gpu-server": { idleW: 180, peakW: 900 },
} as const;

export type HardwareClass = keyof typeof HARDWARE_CLASSES;

/** Joules of `wallMs` at `utilisation` ∈ [0, 1] on `hardware` (the /metrics figure). */
export function energyJoules(hardware: HardwareClass, wallMs: number, utilisation = 1): number {
  if (!(wallMs >= 0) || !(utilisation >= 0 && utilisation <= 1)) {
    throw new RangeError(`energy: wallMs ${wallMs} and utilisation ${utilisation} out of range`);
  }
  const { idleW, peakW } = HARDWARE_CLASSES[hardware];
  return ((idleW + utilisation * (peakW - idleW)) * wallMs) / 1000;
}

/** Watt-hours as the receipt carries them (uint32): rounded up, so any run costs at least 1 Wh. */
export function energyWh(joules: number): number {
  return Math.max(1, Math.ceil(joules / 3600));
}
