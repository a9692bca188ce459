import { systemClock } from '@trottoir/kernel';
import { createLogger } from '@trottoir/observability';
import { Writable } from 'node:stream';

import type { CycleRunner } from './node-state.scheduler';
import { NodeStateScheduler } from './node-state.scheduler';

const silent = createLogger({ service: 'ingestion', destination: new Writable({ write: (_c, _e, done) => done() }) });
// The system clock reads Date.now, which the fake timers below move.
const clock = systemClock;

/** A cycle that records when it ran and can be held open until released. */
class HeldCycle implements CycleRunner {
  readonly startedAt: number[] = [];
  finished = 0;
  hold = false;
  private release?: () => void;

  async run(): Promise<void> {
    this.startedAt.push(Date.now());
    if (this.hold) await new Promise<void>((resolve) => (this.release = resolve));
    this.finished += 1;
  }

  releaseNow(): void {
    this.release?.();
  }
}

describe('NodeStateScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 5, 1, 12, 0, 30));
  });
  afterEach(() => vi.useRealTimers());

  it('given a 10 s delay, when started, then cycles run at every minute boundary + 10 s', async () => {
    const cycle = new HeldCycle();
    const scheduler = new NodeStateScheduler(cycle, clock, 10_000, silent);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(cycle.startedAt.map((ts) => new Date(ts).toISOString())).toEqual([
      '2026-06-01T12:01:10.000Z',
      '2026-06-01T12:02:10.000Z',
      '2026-06-01T12:03:10.000Z',
    ]);
    await scheduler.stop();
  });

  it('given a failing cycle, when it fails, then the next one still runs', async () => {
    const run = vi.fn().mockRejectedValueOnce(new Error('database down')).mockResolvedValue(undefined);
    const scheduler = new NodeStateScheduler({ run }, clock, 0, silent);
    scheduler.start();
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(run).toHaveBeenCalledTimes(2);
    await scheduler.stop();
  });

  it('given a cycle in flight, when stopped, then stop waits for it and no further cycle runs', async () => {
    const cycle = new HeldCycle();
    cycle.hold = true;
    const scheduler = new NodeStateScheduler(cycle, clock, 0, silent);
    scheduler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(cycle.startedAt).toHaveLength(1);

    let stopped = false;
    const stopping = scheduler.onModuleDestroy().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    cycle.releaseNow();
    await stopping;
    expect(cycle.finished).toBe(1);

    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(cycle.startedAt).toHaveLength(1);
  });
});
