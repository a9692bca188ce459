import fc from 'fast-check';

import { ISP_MS, ispStart, ispsBetween } from './isp';

describe('ISP alignment', () => {
  it('puts every timestamp in the ISP that starts at or before it and ends after it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ts) => {
        const start = ispStart(ts);
        expect(start % ISP_MS).toBe(0);
        expect(start).toBeLessThanOrEqual(ts);
        expect(ts).toBeLessThan(start + ISP_MS);
      }),
    );
  });

  it('lists contiguous ISPs that cover a range', () => {
    const from = Date.UTC(2026, 5, 1, 10, 7);
    const starts = ispsBetween(from, Date.UTC(2026, 5, 1, 11, 0));
    expect(starts).toEqual([
      Date.UTC(2026, 5, 1, 10, 0),
      Date.UTC(2026, 5, 1, 10, 15),
      Date.UTC(2026, 5, 1, 10, 30),
      Date.UTC(2026, 5, 1, 10, 45),
    ]);
  });
});
