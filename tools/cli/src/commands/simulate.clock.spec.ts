import fc from 'fast-check';

import { realTimeStartTs } from './simulate.clock';

describe('simulated clock in real-time mode', () => {
  it('starts now, on an interval boundary, at speed 1', () => {
    expect(realTimeStartTs(Date.UTC(2026, 5, 21, 12, 0, 42), 60_000, 1, 600_000)).toBe(Date.UTC(2026, 5, 21, 12, 0));
  });

  it('faster than real time with a duration, never stamps a reading after the wall clock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
        fc.constantFrom(1_000, 60_000, 900_000),
        fc.double({ min: 1.5, max: 3_600, noNaN: true }),
        fc.integer({ min: 1_000, max: 86_400_000 }),
        (nowMs, intervalMs, speed, durationMs) => {
          const startTs = realTimeStartTs(nowMs, intervalMs, speed, durationMs);
          // Step k is due at nowMs + k·interval/speed and stamped startTs + k·interval; the run stops at nowMs + duration.
          for (const k of [0, 1, Math.floor((durationMs * speed) / intervalMs)]) {
            const dueMs = nowMs + (k * intervalMs) / speed;
            if (dueMs - nowMs >= durationMs) continue;
            expect(startTs + k * intervalMs).toBeLessThanOrEqual(dueMs);
          }
        },
      ),
    );
  });
});
