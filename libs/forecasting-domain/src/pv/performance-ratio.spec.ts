import fc from 'fast-check';

import { createPerformanceRatioState, highQuantile, observePerformanceRatio, performanceRatioOf } from './performance-ratio';

const PEAK_W = 10_000;

/** Feeds one day of 40 sunny-enough intervals: clear ones at `ratio`, cloudy ones far below. */
function feedDay(state: ReturnType<typeof createPerformanceRatioState>, day: number, ratio: number, cloudyShare: number, seed: number): void {
  for (let i = 0; i < 40; i++) {
    const clearW = 6000;
    const cloudy = ((seed * 31 + i * 17) % 100) / 100 < cloudyShare;
    observePerformanceRatio(state, day, clearW * ratio * (cloudy ? 0.3 : 1), clearW, PEAK_W);
  }
}

describe('performance ratio', () => {
  it('starts at the default before any data', () => {
    expect(performanceRatioOf(createPerformanceRatioState(), 100)).toBe(0.8);
  });

  it('recovers within the first clear day after a washing rain lifts the ratio (step up)', () => {
    const state = createPerformanceRatioState();
    for (let day = 0; day < 10; day++) feedDay(state, day, 0.55, 0.3, day);
    expect(performanceRatioOf(state, 10)).toBeLessThan(0.6);
    feedDay(state, 10, 0.8, 0.3, 10); // washed
    expect(performanceRatioOf(state, 10)).toBeCloseTo(0.8, 2);
    expect(performanceRatioOf(state, 11)).toBeGreaterThan(0.78);
  });

  it('is not dragged down by a run of cloudy days (only by the slow soiling decay)', () => {
    const state = createPerformanceRatioState();
    for (let day = 0; day < 5; day++) feedDay(state, day, 0.7, 0.2, day);
    for (let day = 5; day < 10; day++) feedDay(state, day, 0.7, 1, day); // overcast all day
    expect(performanceRatioOf(state, 10)).toBeGreaterThan(0.7 * 0.99 ** 6 - 1e-9);
  });

  it('ignores night and low-sun intervals and bad values', () => {
    const state = createPerformanceRatioState();
    observePerformanceRatio(state, 1, 500, 0, PEAK_W);
    observePerformanceRatio(state, 1, 500, 100, PEAK_W);
    observePerformanceRatio(state, 1, Number.NaN, 5000, PEAK_W);
    observePerformanceRatio(state, 1, -3, 5000, PEAK_W);
    expect(state.todayRatios).toEqual([]);
  });

  it('stays within [min ratio, max ratio] of what it was fed, and its state survives JSON', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.05, max: 1.2, noNaN: true }), { minLength: 8, maxLength: 200 }), (ratios) => {
        const state = createPerformanceRatioState();
        ratios.forEach((ratio, i) => observePerformanceRatio(state, Math.floor(i / 20), ratio * 5000, 5000, PEAK_W));
        const day = Math.floor((ratios.length - 1) / 20);
        const value = performanceRatioOf(state, day);
        const restored = JSON.parse(JSON.stringify(state)) as typeof state;
        return value <= Math.max(...ratios) + 1e-9 && (value >= Math.min(...ratios) * 0.99 ** 14 - 1e-9 || value === 0.8) && performanceRatioOf(restored, day) === value;
      }),
    );
  });

  it('high quantile interpolates between order statistics', () => {
    expect(highQuantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(highQuantile([0, 10], 0.9)).toBeCloseTo(9);
  });
});
