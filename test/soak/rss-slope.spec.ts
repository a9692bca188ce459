import fc from 'fast-check';

import { longestRun, slopeMbPerHour } from './rss-slope';

describe('RSS slope of a soak', () => {
  it('is the straight line through the samples, in MB per hour', () => {
    fc.assert(
      fc.property(fc.double({ min: -500, max: 500, noNaN: true }), fc.double({ min: 50, max: 2_000, noNaN: true }), (mbPerHour, baseMb) => {
        const samples = Array.from({ length: 20 }, (_, i) => ({ atMs: i * 60_000, rssMb: baseMb + (mbPerHour * i) / 60 }));
        expect(slopeMbPerHour(samples)).toBeCloseTo(mbPerHour, 6);
      }),
    );
    expect(slopeMbPerHour([{ atMs: 0, rssMb: 1 }, { atMs: 1, rssMb: 2 }])).toBeNull();
    expect(slopeMbPerHour([{ atMs: 5, rssMb: 1 }, { atMs: 5, rssMb: 2 }, { atMs: 5, rssMb: 3 }])).toBeNull();
  });

  it("fits the longest-lived process after its warm-up, not a restart's", () => {
    const run = (fromMs: number, count: number) => Array.from({ length: count }, (_, i) => ({ atMs: fromMs + i * 60_000, rssMb: 100 + i }));
    const byPid = new Map([
      [1, run(0, 10)],
      [2, run(10 * 60_000, 30)],
    ]);
    const best = longestRun(byPid, 5 * 60_000);
    expect(best[0].atMs).toBe(15 * 60_000);
    expect(best).toHaveLength(25);
  });
});
