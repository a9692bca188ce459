import { DAY_MS, HOUR_MS } from '@trottoir/kernel';
import fc from 'fast-check';

import { createTileLosses, TILE_LOSS_PROFILES } from './tile-losses';
import type { SegmentKind } from './tile-losses';

const START = Date.UTC(2021, 3, 1);
const kinds = fc.constantFrom<SegmentKind>('urban-street', 'rural-road', 'car-park');

function series(kind: SegmentKind, seed: number, days: number): number[] {
  const losses = createTileLosses(kind, seed);
  const factors: number[] = [];
  for (let ts = START; ts < START + days * DAY_MS; ts += HOUR_MS) factors.push(losses.factorAt(ts));
  return factors;
}

describe('tile losses', () => {
  it('is a multiplier in [0, 1], deterministic for a seed and different across seeds', () => {
    fc.assert(
      fc.property(kinds, fc.integer({ min: 0, max: 2 ** 31 }), (kind, seed) => {
        const a = series(kind, seed, 20);
        expect(series(kind, seed, 20)).toEqual(a);
        for (const factor of a) {
          expect(factor).toBeGreaterThanOrEqual(0);
          expect(factor).toBeLessThanOrEqual(1);
        }
        expect(series(kind, seed + 1, 20)).not.toEqual(a);
      }),
      { numRuns: 30 },
    );
  });

  it('builds soiling up on dry days and washes part of it off with a heavy rain', () => {
    const losses = createTileLosses('rural-road', 7);
    losses.factorAt(START, { rainMmLastDay: 0 });
    const before = losses.soilingLoss;
    for (let day = 1; day <= 10; day++) losses.factorAt(START + day * DAY_MS, { rainMmLastDay: 0 });
    const dry = losses.soilingLoss;
    expect(dry).toBeCloseTo(Math.min(before + 10 * TILE_LOSS_PROFILES['rural-road'].soilingPerDay, TILE_LOSS_PROFILES['rural-road'].soilingMax), 9);
    const dirtyFactor = losses.factorAt(START + 11 * DAY_MS + 12 * HOUR_MS, { rainMmLastDay: 0 });
    losses.factorAt(START + 12 * DAY_MS + 12 * HOUR_MS, { rainMmLastDay: 20 });
    expect(losses.soilingLoss).toBeLessThan(dry);
    expect(losses.factorAt(START + 12 * DAY_MS + 12 * HOUR_MS)).toBeGreaterThan(dirtyFactor);
  });

  it('covers urban tiles far more than rural ones (parked cars), with a daily profile', () => {
    const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / values.length;
    const urban = mean([1, 2, 3, 4, 5].flatMap((seed) => series('urban-street', seed, 60)));
    const rural = mean([1, 2, 3, 4, 5].flatMap((seed) => series('rural-road', seed, 60)));
    expect(urban).toBeLessThan(rural * 0.7);
    const carPark = createTileLosses('car-park', 3, { profile: { failuresPerYear: 0, soilingPerDay: 0, soilingMax: 0 } });
    const night = carPark.factorAt(Date.UTC(2021, 3, 7, 1));
    const noon = carPark.factorAt(Date.UTC(2021, 3, 7, 11));
    expect(noon).toBeLessThan(night);
  });

  it('breaks tiles at about the configured rate and repairs them', () => {
    const losses = createTileLosses('urban-street', 11, { tileCount: 400, profile: { soilingPerDay: 0, soilingMax: 0, coverByHour: new Array(24).fill(0), obstructionLoss: 0, wearLoss: 0 } });
    const fractions: number[] = [];
    for (let day = 0; day < 730; day += 5) fractions.push(1 - losses.factorAt(START + day * DAY_MS));
    // 8 % of tiles a year, 90 days each before replacement: ≈ 2 % broken at any time.
    const meanBroken = fractions.reduce((s, v) => s + v, 0) / fractions.length;
    expect(meanBroken).toBeGreaterThan(0.01);
    expect(meanBroken).toBeLessThan(0.03);
  });
});
