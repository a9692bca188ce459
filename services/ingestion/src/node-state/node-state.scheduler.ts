/**
 * Runs the node-state cycle once a minute, on UTC minute boundaries plus the configured delay. A
 * failed cycle is logged and the next one runs on time; on shutdown the timer stops and an
 * in-flight cycle is awaited, so no publish is cut in half.
 */
import { msUntilNextCycle } from '@trottoir/ingestion-domain';
import type { Logger } from '@trottoir/observability';

import type { Clock } from './clock';

export interface CycleRunner {
  run(): Promise<unknown>;
}

export class NodeStateScheduler {
  private timer?: ReturnType<typeof setTimeout>;
  private inFlight?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly cycle: CycleRunner,
    private readonly clock: Clock,
    private readonly delayMs: number,
    private readonly logger: Logger,
  ) {}

  /** Nest lifecycle: starts once every module is ready. */
  onApplicationBootstrap(): void {
    this.start();
  }

  /** Nest lifecycle: the runtime closes the bus after this, so the in-flight publish completes. */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.scheduleNext();
  }

  /** Stops the timer, then waits for a cycle that already started. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inFlight = this.runOnce().finally(() => {
        this.inFlight = undefined;
        this.scheduleNext();
      });
    }, msUntilNextCycle(this.clock.now(), this.delayMs));
    // A pending minute timer alone must not keep the process alive.
    this.timer.unref?.();
  }

  private async runOnce(): Promise<void> {
    try {
      await this.cycle.run();
    } catch (error) {
      this.logger.error({ err: error }, 'grid node state cycle failed; the next one runs on schedule');
    }
  }
}
