import { MINUTE_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { realTimeStartTs, stepDueAtMs, stepStampTs } from './step-schedule';

describe('simulator step schedule', () => {
  const wallStart = Date.UTC(2026, 10, 30, 12, 0);

  it('at speed 1 from now, sends each reading when its interval ends', () => {
    expect(stepDueAtMs(0, wallStart, wallStart, MINUTE_MS, 1)).toBe(wallStart + MINUTE_MS);
    expect(stepDueAtMs(9, wallStart, wallStart, MINUTE_MS, 1)).toBe(wallStart + 10 * MINUTE_MS);
  });

  it('replays a past start fast, then goes on in real time once it has caught up with now', () => {
    const simStart = wallStart - 60 * MINUTE_MS;
    expect(stepDueAtMs(0, wallStart, simStart, MINUTE_MS, 60)).toBe(wallStart + 1_000);
    expect(stepDueAtMs(120, wallStart, simStart, MINUTE_MS, 60)).toBe(simStart + 121 * MINUTE_MS);
  });

  it('never sends a reading before the instant it is stamped with', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: -86_400_000, max: 86_400_000 }), fc.constantFrom(1_000, 60_000, 900_000), fc.double({ min: 0.1, max: 10_000, noNaN: true }), (step, offsetMs, intervalMs, speed) => {
        const simStart = wallStart + offsetMs;
        expect(stepDueAtMs(step, wallStart, simStart, intervalMs, speed)).toBeGreaterThanOrEqual(simStart + (step + 1) * intervalMs);
      }),
    );
  });

  it('starts real time now, on an interval boundary, at speed 1', () => {
    expect(realTimeStartTs(Date.UTC(2026, 5, 21, 12, 0, 42), MINUTE_MS, 1, 600_000)).toBe(Date.UTC(2026, 5, 21, 12, 0));
  });

  it('faster than real time with a duration, ends about now and never stamps a reading after the wall clock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
        fc.constantFrom(1_000, 60_000, 900_000),
        fc.double({ min: 1.5, max: 3_600, noNaN: true }),
        fc.integer({ min: 1_000, max: 86_400_000 }),
        (nowMs, intervalMs, speed, durationMs) => {
          const startTs = realTimeStartTs(nowMs, intervalMs, speed, durationMs);
          for (const k of [0, 1, Math.floor((durationMs * speed) / intervalMs) - 1]) {
            const dueMs = stepDueAtMs(k, nowMs, startTs, intervalMs, speed);
            expect(stepStampTs(k, startTs, intervalMs)).toBeLessThanOrEqual(dueMs);
            // Until the run catches up, steps are sent at the speed asked for.
            if (stepStampTs(k, startTs, intervalMs) <= nowMs) expect(dueMs).toBeCloseTo(nowMs + ((k + 1) * intervalMs) / speed, 3);
          }
        },
      ),
    );
  });
});
