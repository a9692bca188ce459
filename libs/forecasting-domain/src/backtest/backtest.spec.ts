import fc from 'fast-check';

import { replayForecasts, runBacktest } from './backtest';
import type { BacktestSite, IssuedForecast, MeasuredPoint } from './backtest';
import { formatHorizon, parseHorizons } from './horizons';

const SITE: BacktestSite = { latDeg: 45.76, lonDeg: 4.83, elevationM: 170, tiltDeg: 0, azimuthDeg: 180, peakPowerW: 10_000 };
const START = Date.UTC(2026, 5, 1);

function series(days: number, seed: number): MeasuredPoint[] {
  let r = seed;
  return Array.from({ length: days * 96 }, (_, i) => {
    r = (r * 48271) % 2147483647;
    const hour = (i % 96) / 4;
    const sun = Math.max(0, Math.sin(((hour - 6) / 12) * Math.PI));
    return { ts: START + i * 900_000, powerW: 7000 * sun * (0.3 + 0.7 * (r / 2147483647)) };
  });
}

describe('backtest', () => {
  it('never peeks: forecasts issued up to t are the same whatever is measured after t', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 40, max: 250 }), fc.integer({ min: 1, max: 10_000 }), (seed, cut, otherSeed) => {
        const original = series(3, seed);
        const altered = original.map((p, i) => (i < cut ? p : { ...p, powerW: series(3, otherSeed)[i].powerW * 1.7 }));
        const issued = (data: MeasuredPoint[]): IssuedForecast[] => {
          const out: IssuedForecast[] = [];
          replayForecasts(data, SITE, { horizonsMs: [3_600_000, 86_400_000] }, (f) => f.issuedAt <= START + cut * 900_000 && out.push(f));
          return out;
        };
        const a = issued(original);
        const b = issued(altered);
        expect(a.length).toBe(cut);
        a.forEach((f, i) => {
          expect(b[i].issuedAt).toBe(f.issuedAt);
          expect(Array.from(b[i].series.values)).toEqual(Array.from(f.series.values));
          expect(Array.from(b[i].persistenceW)).toEqual(Array.from(f.persistenceW));
        });
      }),
      { numRuns: 8 },
    );
  });

  it('scores every horizon over daytime targets with finite metrics and a coverage share', () => {
    const rows = runBacktest(series(10, 5), SITE, { horizonsMs: parseHorizons('15m,1h,24h') });
    expect(rows.map((r) => r.horizon)).toEqual(['15m', '1h', '24h']);
    for (const row of rows) {
      expect(row.n).toBeGreaterThan(200);
      expect(row.n).toBeLessThan(10 * 70); // daytime only (about 16 h a day in June)
      expect(row.coverageP10P90).toBeGreaterThanOrEqual(0);
      expect(row.coverageP10P90).toBeLessThanOrEqual(1);
      expect(Number.isFinite(row.skillVsSmartPersistence) && Number.isFinite(row.pinball)).toBe(true);
    }
  });

  it('parses and formats horizons', () => {
    expect(parseHorizons('24h, 15m,1h,1h').map(formatHorizon)).toEqual(['15m', '1h', '24h']);
    expect(() => parseHorizons('10m')).toThrow(/multiple of 15m/);
    expect(() => parseHorizons('3d')).toThrow(/invalid/);
  });
});
