import { ISP_MS, systemClock } from '@trottoir/kernel';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { BoundaryScheduler, msUntilNextBoundary } from './boundary-scheduler';

const logger = { error: vi.fn(), info: vi.fn(), warn: vi.fn(), debug: vi.fn() } as never;

describe('msUntilNextBoundary', () => {
  it('given 12:14:00 and a 90 s delay, the next run is at 12:16:30', () => {
    expect(msUntilNextBoundary(Date.UTC(2026, 5, 1, 12, 14), ISP_MS, 90_000)).toBe(150_000);
  });

  it('given exactly 12:16:30, the next run is a quarter-hour later', () => {
    expect(msUntilNextBoundary(Date.UTC(2026, 5, 1, 12, 16, 30), ISP_MS, 90_000)).toBe(ISP_MS);
  });

  it('is always within one period and lands on a boundary + the delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.constantFrom(60_000, ISP_MS), fc.integer({ min: 0, max: 59_999 }), (now, period, delay) => {
        const wait = msUntilNextBoundary(now, period, delay);
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(period);
        expect((now + wait - delay) % period).toBe(0);
      }),
    );
  });
});

describe('BoundaryScheduler', () => {
  afterEach(() => vi.useRealTimers());

  it('runs on each boundary plus the delay, goes on after a failed run, and stops', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 5, 1, 12, 14) });
    const runs: number[] = [];
    const scheduler = new BoundaryScheduler(
      { periodMs: ISP_MS, delayMs: 90_000, name: 'spec job' },
      async () => {
        runs.push(Date.now());
        if (runs.length === 1) throw new Error('boom');
      },
      { now: () => Date.now() },
      logger,
    );
    scheduler.start();
    await vi.advanceTimersByTimeAsync(150_000 + ISP_MS);
    expect(runs).toEqual([Date.UTC(2026, 5, 1, 12, 16, 30), Date.UTC(2026, 5, 1, 12, 31, 30)]);
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(2 * ISP_MS);
    expect(runs).toHaveLength(2);
  });

  it('refuses a delay as long as the period', () => {
    expect(() => new BoundaryScheduler({ periodMs: 60_000, delayMs: 60_000, name: 'x' }, async () => undefined, systemClock, logger)).toThrow(/delay/);
  });
});
