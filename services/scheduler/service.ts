/**
 * The scheduler as a running service: a SchedulerLoop ticked on an interval (ticks never overlap), each
 * directive and re-placement logged as JSON with pino. A failed tick is logged and retried at the next interval;
 * nothing but the chains carries state between ticks, so a crash or restart loses nothing.
 */
import pino, { type Logger } from "pino";
import { SchedulerLoop, type SchedulerLoopOptions, type TickReport } from "./core/loop.js";
import type { DirectiveSink, MarketReader } from "./core/ports.js";
import type { PlacementPolicy } from "./core/types.js";

export interface SchedulerServiceOptions {
  readonly reader: MarketReader;
  readonly sink: DirectiveSink;
  readonly policy: PlacementPolicy;
  readonly options: SchedulerLoopOptions;
  /** Pause between the end of one tick and the start of the next, ms. */
  readonly intervalMs: number;
  readonly logger?: Logger;
  /** Called with every completed tick's report (metrics, tests). */
  readonly onTick?: (report: TickReport) => void;
}

export interface SchedulerService {
  /** Stops ticking; resolves once a tick in progress has finished. */
  stop(): Promise<void>;
}

export function startScheduler(o: SchedulerServiceOptions): SchedulerService {
  const loop = new SchedulerLoop(o.reader, o.sink, o.policy, o.options);
  const logger = o.logger ?? pino({ name: "scheduler" });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const tick = async (): Promise<void> => {
    try {
      const report = await loop.tick();
      logReport(logger, o.policy.name, report);
      o.onTick?.(report);
    } catch (err) {
      logger.error({ err }, "scheduler tick failed");
    }
  };
  const run = async (): Promise<void> => {
    await tick();
    if (!stopped) timer = setTimeout(() => (running = run()), o.intervalMs);
  };
  let running = run();
  logger.info({ policy: o.policy.name, intervalMs: o.intervalMs, ...o.options }, "scheduler started");

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      logger.info("scheduler stopped");
    },
  };
}

function logReport(logger: Logger, policy: string, report: TickReport): void {
  for (const r of report.replaced) logger.info({ jobId: r.jobId, reason: r.reason }, "job to be re-placed");
  for (const o of report.outcomes) {
    const { jobId, nodeId, region, attempt } = o.directive;
    if ("tx" in o) logger.info({ jobId, nodeId, region, attempt, txHash: o.tx.txHash }, "directive sent");
    else logger.warn({ jobId, nodeId, region, attempt, err: o.error }, "directive refused");
  }
  logger.debug({ policy, now: report.now, pending: report.pending, sent: report.outcomes.length }, "tick");
}
