/**
 * Runs the node-state cycle once a minute, on UTC minute boundaries plus the configured delay (the
 * runtime's BoundaryScheduler: a failed cycle is logged and the next one runs on time; on shutdown the
 * timer stops and an in-flight cycle is awaited, so no publish is cut in half).
 */
import type { Clock } from '@trottoir/kernel';
import { NODE_STATE_INTERVAL_MS } from '@trottoir/telemetry';
import type { Logger } from '@trottoir/observability';
import { BoundaryScheduler } from '@trottoir/service-runtime';



export interface CycleRunner {
  run(): Promise<unknown>;
}

export class NodeStateScheduler {
  private readonly scheduler: BoundaryScheduler;

  constructor(cycle: CycleRunner, clock: Clock, delayMs: number, logger: Logger) {
    this.scheduler = new BoundaryScheduler({ periodMs: NODE_STATE_INTERVAL_MS, delayMs, name: 'grid node state cycle' }, () => cycle.run(), clock, logger);
  }

  /** Nest lifecycle: starts once every module is ready. */
  onApplicationBootstrap(): void {
    this.start();
  }

  /** Nest lifecycle: the runtime closes the bus after this, so the in-flight publish completes. */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  start(): void {
    this.scheduler.start();
  }

  /** Stops the timer, then waits for a cycle that already started. */
  stop(): Promise<void> {
    return this.scheduler.stop();
  }
}
