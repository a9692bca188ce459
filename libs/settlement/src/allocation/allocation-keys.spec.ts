import fc from 'fast-check';

import { SettlementInputError } from '../errors';
import { allocateProrata, allocateStatic } from './allocation-keys';

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);

describe('allocation keys', () => {
  it('static: min(C_i, k_i·P), the unused share is surplus', () => {
    // P = 1000 Wh; shares 50/30/20 %: the school needs only 100 of its 300 Wh.
    expect(allocateStatic(1000, [800, 100, 500], [0.5, 0.3, 0.2])).toEqual([500, 100, 200]);
    // Shares below 1 leave the rest as surplus even when everyone wants more.
    expect(allocateStatic(1000, [800, 800], [0.25, 0.25])).toEqual([250, 250]);
    // A third each of 1000 Wh: 333.33…; the whole Wh left over goes by largest remainder (ties: first listed).
    expect(allocateStatic(1000, [900, 900, 900], [1 / 3, 1 / 3, 1 / 3])).toEqual([333, 333, 333]);
    expect(allocateStatic(1000, [900, 900, 900], [0.333334, 0.333333, 0.333333])).toEqual([334, 333, 333]);
    expect(() => allocateStatic(1000, [1, 1], [0.6, 0.5])).toThrow('the shares add up to 1.1, more than 1');
    expect(() => allocateStatic(1000, [1, 1], [0.6])).toThrow(SettlementInputError);
  });

  it('prorata: C_i · min(1, P ÷ ΣC)', () => {
    expect(allocateProrata(1000, [200, 300])).toEqual([200, 300]);
    expect(allocateProrata(1000, [1500, 500])).toEqual([750, 250]);
    expect(allocateProrata(10, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(allocateProrata(0, [5, 5])).toEqual([0, 0]);
    expect(allocateProrata(5, [])).toEqual([]);
    expect(() => allocateProrata(1.5, [1])).toThrow('production 1.5 is not a whole number of Wh ≥ 0');
  });

  const consumption = fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 0, maxLength: 12 });
  const production = fc.integer({ min: 0, max: 1e9 });

  it('never allocates more than produced nor more than consumed (static, any shares summing to ≤ 1)', () => {
    fc.assert(
      fc.property(
        production,
        consumption.chain((c) => fc.tuple(fc.constant(c), fc.array(fc.integer({ min: 0, max: 1e6 }), { minLength: c.length, maxLength: c.length }))),
        (p, [c, raw]) => {
          const total = Math.max(1e6, sum(raw));
          const shares = raw.map((r) => Math.floor((r / total) * 1e6) / 1e6);
          const allocated = allocateStatic(p, c, shares);
          expect(sum(allocated)).toBeLessThanOrEqual(p);
          allocated.forEach((a, i) => {
            expect(Number.isSafeInteger(a)).toBe(true);
            expect(a).toBeGreaterThanOrEqual(0);
            expect(a).toBeLessThanOrEqual(c[i]);
            // Each gets its exact quota to within one Wh.
            expect(Math.abs(a - Math.min(c[i], shares[i] * p))).toBeLessThan(1 + 1e-6);
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never allocates more than produced nor more than consumed, and shares all it can (prorata)', () => {
    fc.assert(
      fc.property(production, consumption, (p, c) => {
        const allocated = allocateProrata(p, c);
        expect(sum(allocated)).toBe(Math.min(p, sum(c)));
        allocated.forEach((a, i) => {
          expect(a).toBeGreaterThanOrEqual(0);
          expect(a).toBeLessThanOrEqual(c[i]);
          expect(Math.abs(a - c[i] * Math.min(1, p / sum(c)))).toBeLessThan(1 + 1e-6);
        });
      }),
      { numRuns: 500 },
    );
  });
});
