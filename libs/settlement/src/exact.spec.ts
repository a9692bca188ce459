import fc from 'fast-check';

import { apportion, divRoundHalfAwayFromZero, ispEnergyWh, roundHalfAwayFromZero, splitProRata, toPpm } from './exact';

describe('exact arithmetic', () => {
  it('rounds halves away from zero, on floats and exactly on BigInt', () => {
    expect([2.5, -2.5, 0.4999, -0.5, 1.5, -0.2].map(roundHalfAwayFromZero)).toEqual([3, -3, 0, -1, 2, 0]);
    expect(Object.is(roundHalfAwayFromZero(-0.2), 0)).toBe(true);
    expect(divRoundHalfAwayFromZero(5n, 2n)).toBe(3n);
    expect(divRoundHalfAwayFromZero(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfAwayFromZero(7n, 3n)).toBe(2n);
    expect(divRoundHalfAwayFromZero(-8n, 3n)).toBe(-3n);
    expect(divRoundHalfAwayFromZero(10n ** 30n + 5n, 10n)).toBe(10n ** 29n + 1n);
  });

  it('turns a mean power over an ISP into whole Wh, and fractions into ppm', () => {
    expect(ispEnergyWh(1000)).toBe(250);
    expect(ispEnergyWh(2)).toBe(1); // 0.5 Wh: away from zero
    expect(ispEnergyWh(-2)).toBe(-1);
    expect(ispEnergyWh(1.9)).toBe(0);
    expect(toPpm(0.9, 'x')).toBe(900_000);
    expect(() => toPpm(1.2, 'tolerance')).toThrow('tolerance 1.2 is not a number from 0 to 1');
  });

  it('apportions by largest remainder: parts add up, each is the floor or ceiling of its quota, ties to the earlier', () => {
    expect(apportion([1n, 1n, 1n], 3n)).toEqual([1, 0, 0]);
    expect(apportion([10n, 10n, 10n], 3n)).toEqual([4, 3, 3]);
    expect(splitProRata(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitProRata(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(splitProRata(7, [0, 2, 5])).toEqual([0, 2, 5]);
    expect(splitProRata(5, [0, 0])).toBeUndefined();
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 20 }), (total, weights) => {
        const parts = splitProRata(total, weights);
        const milli = weights.map((w) => Math.round(w * 1000));
        const sum = milli.reduce((s, w) => s + w, 0);
        if (sum === 0) {
          expect(parts).toBeUndefined();
          return;
        }
        expect(parts!.reduce((s, p) => s + p, 0)).toBe(total);
        parts!.forEach((part, i) => {
          const quota = (total * milli[i]) / sum;
          expect(Math.abs(part - quota)).toBeLessThan(1 + 1e-6 * Math.abs(quota));
          if (milli[i] === 0) expect(part).toBe(0);
        });
      }),
      { numRuns: 500 },
    );
  });
});
