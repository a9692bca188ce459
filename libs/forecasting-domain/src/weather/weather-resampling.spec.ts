import { HOUR_MS, ISP_MS } from '@trottoir/kernel';
import { describe, expect, it } from 'vitest';

import { pvWeatherOf } from './weather-resampling';
import type { ProviderWeatherForecast } from './weather-resampling';

const ISSUED_AT = Date.UTC(2026, 5, 21, 3);

function aForecast(overrides: Partial<ProviderWeatherForecast> = {}): ProviderWeatherForecast {
  return { latDeg: 45.76, lonDeg: 4.84, issuedAt: ISSUED_AT, intervals: [{ startTs: ISSUED_AT, intervalMs: HOUR_MS, cloudCoverPct: 40, airTempC: 18 }], ...overrides };
}

describe('pvWeatherOf', () => {
  it('covers each quarter-hour of a provider interval with its values, cloud cover as a fraction', () => {
    const weather = pvWeatherOf([aForecast()]);

    expect(weather?.locations[0]?.points).toEqual([0, 1, 2, 3].map((quarter) => ({ ts: ISSUED_AT + quarter * ISP_MS, cloudCover: 0.4, airTempC: 18 })));
  });

  it('leaves out what was not forecast, absent or null', () => {
    const weather = pvWeatherOf([aForecast({ intervals: [{ startTs: ISSUED_AT, intervalMs: ISP_MS, ghiWm2: 420, cloudCoverPct: null, airTempC: null }] })]);

    expect(weather?.locations[0]?.points).toEqual([{ ts: ISSUED_AT, ghiWm2: 420 }]);
  });

  it('keeps one location per issue, each with its own position, and is issued when the latest issue was', () => {
    const weather = pvWeatherOf([aForecast(), aForecast({ latDeg: 48.85, lonDeg: 2.35, issuedAt: ISSUED_AT + HOUR_MS, intervals: [{ startTs: ISSUED_AT, intervalMs: 6 * HOUR_MS, cloudCoverPct: 100 }] })]);

    expect(weather?.issuedAt).toBe(ISSUED_AT + HOUR_MS);
    expect(weather?.locations.map((location) => [location.latDeg, location.lonDeg, location.points.length])).toEqual([
      [45.76, 4.84, 4],
      [48.85, 2.35, 24],
    ]);
  });

  it('is no weather at all without an issue', () => {
    expect(pvWeatherOf([])).toBeUndefined();
  });
});
