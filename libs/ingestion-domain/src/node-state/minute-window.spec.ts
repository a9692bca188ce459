import fc from 'fast-check';

import { NODE_STATE_INTERVAL_MS as MINUTE_MS, lastCompleteMinute, msUntilNextCycle } from './minute-window';

describe('minute window', () => {
  it('given 12:01:10, when asked, then the last complete minute starts at 12:00', () => {
    expect(lastCompleteMinute(Date.UTC(2026, 5, 1, 12, 1, 10))).toBe(Date.UTC(2026, 5, 1, 12, 0));
  });

  it('given 12:00:05 and a 10 s delay, when scheduling, then the next cycle is at 12:00:10', () => {
    expect(msUntilNextCycle(Date.UTC(2026, 5, 1, 12, 0, 5), 10_000)).toBe(5_000);
  });

  it('given exactly 12:00:10 and a 10 s delay, when scheduling, then the next cycle is a minute later', () => {
    expect(msUntilNextCycle(Date.UTC(2026, 5, 1, 12, 0, 10), 10_000)).toBe(MINUTE_MS);
  });

  it('the next cycle is always within a minute and lands on boundary + delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: 0, max: MINUTE_MS - 1 }), (now, delay) => {
        const wait = msUntilNextCycle(now, delay);
        expect(wait).toBeGreaterThan(0);
        expect(wait).toBeLessThanOrEqual(MINUTE_MS);
        expect((now + wait - delay) % MINUTE_MS).toBe(0);
      }),
    );
  });
});
