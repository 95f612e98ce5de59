import type { ReplacementReason } from "../core/replacement.js";
import type { Job } from "../core/types.js";
import { MICRO_PER_USD, TIER_MULTIPLIER_BPS } from "./params.js";

export interface SimResult {
  readonly policy: string;
  readonly jobs: number;
  /** Jobs that ran to completion (on time or not). */
  readonly served: number;
  /** Jobs never run: deadline passed while pending, or still pending when the simulation ended. */
  readonly dropped: number;
  /** Jobs not completed within both their deadline and latency bound (late, too far, dropped or unfinished). */
  readonly violations: number;
  readonly violationRate: number;
  /** Violation rate by tier: real-time, interactive, batch. */
  readonly violationRateByTier: readonly number[];
  /** Jobs never run (deadline passed while pending, or unfinished), by tier: real-time, interactive, batch. */
  readonly droppedByTier: readonly number[];
  /** What buyers paid for served jobs, in tokens (units × actual run time × unit price × tier multiplier). */
  readonly buyerCost: number;
  /** buyerCost over what the same jobs would have cost at the buyers' max prices: mix-independent. */
  readonly costPerBudget: number;
  /** Busy unit-seconds over available unit-seconds (failed nodes excluded), from warm-up to last arrival. */
  readonly utilisation: number;
  /** The same over the CPU pool (cores) and the GPU pool (GPUs, fractional jobs by their share). */
  readonly utilisationCpu: number;
  readonly utilisationGpu: number;
  /** Total emissions of all executed work (including work lost to failures), kg CO2. */
  readonly carbonKg: number;
  readonly replacements: Readonly<Record<ReplacementReason, number>>;
  /** Policy CPU time per scheduling window that had pending jobs, ms. */
  readonly windowMsMean: number;
  readonly windowMsP99: number;
  readonly windowMsMax: number;
  readonly windows: number;
}

/** Accumulates a run's outcomes; the simulator reports events, `result` turns them into rates. */
export class MetricsCollector {
  /** Busy and down unit-seconds in the measured period: CPU pool [0], GPU pool [1]. */
  private readonly busyUnitSec = [0, 0];
  private readonly downUnitSec = [0, 0];
  private grams = 0;
  private servedJobs = 0;
  private droppedJobs = 0;
  private readonly droppedTier = [0, 0, 0];
  private okByTier = [0, 0, 0];
  private cost = 0;
  private budget = 0;
  private readonly windowMs: number[] = [];
  private readonly replacementCount: Record<ReplacementReason, number> = {
    "ack-timeout": 0,
    "node-down": 0,
    declined: 0,
  };
  private readonly jobsByTier = [0, 0, 0];

  constructor(
    private readonly policy: string,
    private readonly jobs: readonly Job[],
    private readonly from: number,
    private readonly to: number,
  ) {
    for (const j of jobs) this.jobsByTier[j.tier] = (this.jobsByTier[j.tier] ?? 0) + 1;
  }

  private overlap(a: number, b: number): number {
    return Math.max(0, Math.min(b, this.to) - Math.max(a, this.from));
  }

  busy(units: number, from: number, until: number, gpu: boolean): void {
    const pool = gpu ? 1 : 0;
    this.busyUnitSec[pool] = (this.busyUnitSec[pool] ?? 0) + units * this.overlap(from, until);
  }

  down(units: number, from: number, until: number, gpu: boolean): void {
    const pool = gpu ? 1 : 0;
    this.downUnitSec[pool] = (this.downUnitSec[pool] ?? 0) + units * this.overlap(from, until);
  }

  /** Adds the emissions of `watts` drawn over [from, until]; `integral` gives ∫ gCO2/kWh dt in kWh-hours units. */
  energy(watts: number, integral: (a: number, b: number) => number, from: number, until: number): void {
    this.grams += (watts / 1000) * integral(from, until);
  }

  /** A job finished after running `runSec` at `unitPrice`; `ok` when within its deadline and latency bound. */
  served(job: Job, unitPrice: number, ok: boolean, runSec: number): void {
    this.servedJobs++;
    if (ok) this.okByTier[job.tier] = (this.okByTier[job.tier] ?? 0) + 1;
    const units = job.gpuFraction ?? job.resources;
    const scale = (units * runSec * (TIER_MULTIPLIER_BPS[job.tier] ?? 10_000)) / 10_000;
    this.cost += scale * unitPrice;
    this.budget += scale * job.maxUnitPrice;
  }

  /** A job left the queue unserved: its deadline passed before any node ran it (or the simulation ended). */
  dropped(job: Job): void {
    this.droppedJobs++;
    this.droppedTier[job.tier] = (this.droppedTier[job.tier] ?? 0) + 1;
  }

  replaced(reason: ReplacementReason): void {
    this.replacementCount[reason]++;
  }

  window(ms: number): void {
    this.windowMs.push(ms);
  }

  /** `units`: total capacity of the CPU pool (cores) and the GPU pool (GPUs). */
  result(units: { readonly cpu: number; readonly gpu: number }): SimResult {
    const ok = this.okByTier.reduce((s, x) => s + x, 0);
    const sorted = [...this.windowMs].sort((a, b) => a - b);
    const span = this.to - this.from;
    const availableCpu = units.cpu * span - (this.downUnitSec[0] ?? 0);
    const availableGpu = units.gpu * span - (this.downUnitSec[1] ?? 0);
    const busyCpu = this.busyUnitSec[0] ?? 0;
    const busyGpu = this.busyUnitSec[1] ?? 0;
    const share = (busy: number, available: number): number => (available <= 0 ? 0 : busy / available);
    return {
      policy: this.policy,
      jobs: this.jobs.length,
      served: this.servedJobs,
      dropped: this.droppedJobs,
      violations: this.jobs.length - ok,
      violationRate: this.jobs.length === 0 ? 0 : (this.jobs.length - ok) / this.jobs.length,
      droppedByTier: [...this.droppedTier],
      violationRateByTier: this.jobsByTier.map((n, t) => (n === 0 ? 0 : (n - (this.okByTier[t] ?? 0)) / n)),
      buyerCost: this.cost / MICRO_PER_USD,
      costPerBudget: this.budget === 0 ? 0 : this.cost / this.budget,
      utilisation: share(busyCpu + busyGpu, availableCpu + availableGpu),
      utilisationCpu: share(busyCpu, availableCpu),
      utilisationGpu: share(busyGpu, availableGpu),
      carbonKg: this.grams / 1000,
      replacements: { ...this.replacementCount },
      windowMsMean: sorted.length === 0 ? 0 : sorted.reduce((s, x) => s + x, 0) / sorted.length,
      windowMsP99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0,
      windowMsMax: sorted[sorted.length - 1] ?? 0,
      windows: sorted.length,
    };
  }
}
