import fc from 'fast-check';

import { stepDueAtMs } from './step-schedule';

describe('simulator step schedule', () => {
  const minute = 60_000;
  const wallStart = Date.UTC(2026, 10, 30, 12, 0);

  it('at speed 1 from now, sends each reading when its interval ends', () => {
    expect(stepDueAtMs(0, wallStart, wallStart, minute, 1)).toBe(wallStart + minute);
    expect(stepDueAtMs(9, wallStart, wallStart, minute, 1)).toBe(wallStart + 10 * minute);
  });

  it('replays a past start fast, then goes on in real time once it has caught up with now', () => {
    const simStart = wallStart - 60 * minute;
    expect(stepDueAtMs(0, wallStart, simStart, minute, 60)).toBe(wallStart + 1_000);
    expect(stepDueAtMs(120, wallStart, simStart, minute, 60)).toBe(simStart + 121 * minute);
  });

  it('never sends a reading before the instant it is stamped with', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.integer({ min: -86_400_000, max: 86_400_000 }), fc.constantFrom(1_000, 60_000, 900_000), fc.double({ min: 0.1, max: 10_000, noNaN: true }), (step, offsetMs, intervalMs, speed) => {
        const simStart = wallStart + offsetMs;
        expect(stepDueAtMs(step, wallStart, simStart, intervalMs, speed)).toBeGreaterThanOrEqual(simStart + (step + 1) * intervalMs);
      }),
    );
  });
});
