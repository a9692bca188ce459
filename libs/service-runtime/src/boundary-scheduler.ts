/**
 * Runs a job on every UTC boundary of a period (each minute, each quarter-hour) plus a delay. A
 * failed run is logged and the next one runs on time; runs never overlap (a run that overshoots
 * skips the boundaries it covered); on shutdown the timer stops and a run in flight is awaited.
 */
import type { Clock } from '@trottoir/kernel';
import type { Logger } from '@trottoir/observability';

export interface BoundarySchedule {
  /** Period of the boundaries, ms (60,000 for minutes, 900,000 for ISPs). */
  readonly periodMs: number;
  /** Delay after each boundary, ms, < periodMs. */
  readonly delayMs: number;
  /** What the job is, for the logs. */
  readonly name: string;
}

/** Milliseconds from `nowTs` to the next boundary + delay (strictly in the future). */
export function msUntilNextBoundary(nowTs: number, periodMs: number, delayMs: number): number {
  const next = Math.floor((nowTs - delayMs) / periodMs) * periodMs + periodMs + delayMs;
  return next - nowTs;
}

export class BoundaryScheduler {
  private timer?: ReturnType<typeof setTimeout>;
  private inFlight?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly schedule: BoundarySchedule,
    private readonly job: () => Promise<unknown>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    if (!(schedule.delayMs >= 0 && schedule.delayMs < schedule.periodMs)) {
      throw new RangeError(`${schedule.name}: the delay (${schedule.delayMs} ms) must be in [0, ${schedule.periodMs}) ms`);
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.scheduleNext();
  }

  /** Stops the timer, then waits for a run that already started. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** Runs the job now, unless a run is in flight (then waits for that one). */
  runNow(): Promise<void> {
    this.inFlight ??= this.runOnce().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow().finally(() => this.scheduleNext());
    }, msUntilNextBoundary(this.clock.now(), this.schedule.periodMs, this.schedule.delayMs));
    // A pending timer alone must not keep the process alive.
    this.timer.unref?.();
  }

  private async runOnce(): Promise<void> {
    try {
      await this.job();
    } catch (error) {
      this.logger.error({ err: error }, `${this.schedule.name} failed; the next run is on schedule`);
    }
  }
}
