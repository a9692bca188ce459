import { DAY_MS, ISP_MS, Prng } from '@trottoir/kernel';
import fc from 'fast-check';

import { forecastGridFor } from '../grid/forecast-grid';
import { isMonotone, QUANTILE_LEVELS, quantileAt } from '../grid/quantile-series';
import type { QuantileSeries } from '../grid/quantile-series';
import { hourOfWeekOf } from '@trottoir/kernel';
import { forecastEv, evGridBuckets, forecastFleetEv } from './ev-forecast';
import { createEvHabits, observeEvPower, observeEvPowerInBucket } from './ev-habits';
import type { EvHabits } from './ev-habits';
import { NODE_EV_LAYOUT, SEGMENT_EV_LAYOUT } from './ev-histogram';
import { defaultEvPrior, pooledEvPrior } from './ev-prior';

const TZ = 'Europe/Paris';
const WEEK_MS = 7 * DAY_MS;
const P10 = 0;
const P50 = QUANTILE_LEVELS.indexOf(0.5);
const P90 = QUANTILE_LEVELS.length - 1;
// Monday 2026-06-01 00:00 Paris.
const START = Date.UTC(2026, 4, 31, 22);

/** Probability a car charges at 11 kW on a 22 kW connector, by local hour of the week. */
type Pattern = (hourOfWeek: number) => number;
const evenings: Pattern = (h) => (h < 120 && h % 24 >= 18 && h % 24 < 22 ? 0.8 : 0);
const mornings: Pattern = (h) => (h < 120 && h % 24 >= 7 && h % 24 < 10 ? 0.8 : 0);

/** Feeds `weeks` of 15-minute samples to every entry, and their sum to entry 0 of `node` when given. */
function train(habits: EvHabits, entries: number, fromTs: number, weeks: number, pattern: Pattern, random: Prng, node?: EvHabits): void {
  for (let ts = fromTs; ts < fromTs + weeks * WEEK_MS; ts += ISP_MS) {
    const p = pattern(hourOfWeekOf(ts, TZ));
    let sumW = 0;
    for (let entry = 0; entry < entries; entry++) {
      const powerW = random.next() < p ? 11_000 : 0;
      sumW += powerW;
      observeEvPower(habits, entry, ts, powerW, TZ);
    }
    if (node) observeEvPowerInBucket(node, 0, hourOfWeekOf(ts, TZ), sumW);
  }
}

/** Value at a local weekday/hour in the first week of the grid (grid issued Monday 00:00 local). */
function at(series: QuantileSeries, level: number, hourOfWeek: number): number {
  return quantileAt(series, level, hourOfWeek * 4 + 2);
}

describe('EV charging habits', () => {
  const issuedAt = START + 30 * WEEK_MS; // a Monday 00:00 local, after training
  const grid = forecastGridFor(issuedAt, 192);
  const buckets = evGridBuckets(grid, TZ);
  const priorOne = defaultEvPrior(SEGMENT_EV_LAYOUT, 1, 22_000);
  const TUESDAY = 24;

  it('learns a known hour-of-week pattern from synthetic sessions', () => {
    const habits = createEvHabits(Float64Array.of(22_000), SEGMENT_EV_LAYOUT);
    train(habits, 1, START, 16, evenings, Prng.fromSeed(1));
    const series = forecastEv(habits, 0, buckets, priorOne);
    // Tuesday 19:30: 80 % of the time one car at 11 kW (bin [0.5, 0.625) of 22 kW).
    expect(at(series, P50, TUESDAY + 19)).toBeGreaterThanOrEqual(11_000);
    expect(at(series, P50, TUESDAY + 19)).toBeLessThanOrEqual(13_750);
    expect(at(series, P10, TUESDAY + 19)).toBe(0);
    // Tuesday 03:00 and 13:00: never charging in the data, the prior's trickle is shrunk away.
    expect(at(series, P90, TUESDAY + 3)).toBe(0);
    expect(at(series, P90, TUESDAY + 13)).toBe(0);
    expect(isMonotone(series)).toBe(true);
  });

  it('adapts when the pattern changes (evenings → mornings) within a few weeks', () => {
    const habits = createEvHabits(Float64Array.of(22_000), SEGMENT_EV_LAYOUT);
    const random = Prng.fromSeed(2);
    train(habits, 1, START, 16, evenings, random);
    train(habits, 1, START + 16 * WEEK_MS, 8, mornings, random);
    const series = forecastEv(habits, 0, buckets, priorOne);
    expect(at(series, P50, TUESDAY + 8)).toBeGreaterThanOrEqual(11_000);
    expect(at(series, P50, TUESDAY + 19)).toBe(0);
  });

  it('shrinks toward the prior where data is thin: with no data at all the forecast is the default prior', () => {
    const habits = createEvHabits(Float64Array.of(44_000), SEGMENT_EV_LAYOUT);
    const prior = defaultEvPrior(SEGMENT_EV_LAYOUT, 2, 44_000);
    const series = forecastEv(habits, 0, buckets, prior);
    // Weekday 19 h: 24 % of connectors charging → P90 one car or more; 04 h: idle.
    expect(at(series, P90, TUESDAY + 19)).toBeGreaterThan(0);
    expect(at(series, P90, TUESDAY + 4)).toBe(0);
    const pooled = pooledEvPrior(habits, prior);
    expect(Array.from(pooled)).toEqual(Array.from(prior));
  });

  it('keeps every quantile ordered and within [0, Σ connector max power] whatever it was fed (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1_000, max: 300_000, noNaN: true }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 167 }), fc.double({ min: -1e5, max: 1e6, noNaN: true })), { maxLength: 400 }),
        (capacityW, connectors, samples) => {
          const habits = createEvHabits(Float64Array.of(capacityW), SEGMENT_EV_LAYOUT, 16);
          for (const [bucket, powerW] of samples) observeEvPowerInBucket(habits, 0, bucket, powerW);
          const series = forecastEv(habits, 0, buckets, defaultEvPrior(SEGMENT_EV_LAYOUT, connectors, capacityW));
          expect(isMonotone(series)).toBe(true);
          for (const w of series.values) {
            expect(w).toBeGreaterThanOrEqual(0);
            expect(w).toBeLessThanOrEqual(capacityW);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('forecasts a node from its own statistics: summed segment quantiles are far wider on independent segments', () => {
    const segments = 40;
    const habits = createEvHabits(new Float64Array(segments).fill(22_000), SEGMENT_EV_LAYOUT);
    const node = createEvHabits(Float64Array.of(segments * 22_000), NODE_EV_LAYOUT);
    const thirtyPercent: Pattern = (h) => (h < 120 && h % 24 >= 18 && h % 24 < 22 ? 0.3 : 0.02);
    train(habits, segments, START, 12, thirtyPercent, Prng.fromSeed(3), node);
    const nodeSeries = forecastEv(node, 0, buckets, defaultEvPrior(NODE_EV_LAYOUT, segments, segments * 22_000));
    let summedP10 = 0;
    let summedP90 = 0;
    forecastFleetEv(habits, buckets, { priors: [priorOne], priorIndex: new Uint16Array(segments) }, (_, series) => {
      summedP10 += at(series, P10, TUESDAY + 19);
      summedP90 += at(series, P90, TUESDAY + 19);
    });
    const nodeP10 = at(nodeSeries, P10, TUESDAY + 19);
    const nodeP50 = at(nodeSeries, P50, TUESDAY + 19);
    const nodeP90 = at(nodeSeries, P90, TUESDAY + 19);
    // Binomial(40, 0.3) × 11 kW: mean 132 kW, P10–P90 ≈ 95–170 kW.
    expect(nodeP50).toBeGreaterThan(110_000);
    expect(nodeP50).toBeLessThan(160_000);
    expect(nodeP10).toBeGreaterThan(70_000);
    expect(nodeP90).toBeLessThan(200_000);
    expect(summedP90 - summedP10).toBeGreaterThan(3 * (nodeP90 - nodeP10));
    expect(isMonotone(nodeSeries)).toBe(true);
  });
});
