import { create } from '@bufbuild/protobuf';
import { WeatherForecastSchema, WeatherIntervalSchema } from '@trottoir/contracts';
import type { WeatherForecast } from '@trottoir/contracts';
import { describe, expect, it } from 'vitest';

import { validateWeatherForecast } from './weather-validation';

const ISSUED_AT = Date.UTC(2026, 5, 21, 6);

function aForecast(overrides: Partial<WeatherForecast> = {}): WeatherForecast {
  return create(WeatherForecastSchema, {
    provider: 'spec',
    locationId: 'lyon-01',
    latDeg: 45.76,
    lonDeg: 4.84,
    issuedAt: ISSUED_AT,
    intervals: [0, 1, 2].map((hour) => create(WeatherIntervalSchema, { startTs: ISSUED_AT + hour * 3_600_000, intervalMs: 3_600_000, cloudCoverPct: 40, airTempC: 18 })),
    ...overrides,
  });
}

describe('validateWeatherForecast', () => {
  it('accepts a well-formed forecast', () => {
    expect(validateWeatherForecast(aForecast())).toBeUndefined();
  });

  it.each([
    ['an empty location id', { locationId: ' ' }, 'SCHEMA_INVALID'],
    ['no intervals', { intervals: [] as WeatherForecast['intervals'] }, 'SCHEMA_INVALID'],
    ['a latitude beyond the pole', { latDeg: 91 }, 'OUT_OF_RANGE'],
    ['a NaN longitude', { lonDeg: Number.NaN }, 'NOT_FINITE'],
    ['a fractional issue time', { issuedAt: ISSUED_AT + 0.5 }, 'SCHEMA_INVALID'],
  ] as Array<[string, Partial<WeatherForecast>, string]>)('rejects %s', (_name, overrides, code) => {
    expect(validateWeatherForecast(aForecast(overrides))?.code).toBe(code);
  });

  it.each([
    ['cloud cover above 100 %', { cloudCoverPct: 140 }, 'OUT_OF_RANGE'],
    ['negative GHI', { ghiWm2: -5 }, 'OUT_OF_RANGE'],
    ['infinite temperature', { airTempC: Number.POSITIVE_INFINITY }, 'NOT_FINITE'],
    ['neither GHI nor cloud cover', { cloudCoverPct: undefined }, 'SCHEMA_INVALID'],
    ['a 10-second interval', { intervalMs: 10_000 }, 'OUT_OF_RANGE'],
  ] as const)('rejects an interval with %s, naming it', (_name, change, code) => {
    const forecast = aForecast();
    Object.assign(forecast.intervals[1] as object, change);
    const rejection = validateWeatherForecast(forecast);
    expect(rejection?.code).toBe(code);
    expect(rejection?.detail).toContain('intervals[1]');
  });

  it('rejects intervals out of order', () => {
    const forecast = aForecast();
    forecast.intervals.reverse();
    expect(validateWeatherForecast(forecast)).toEqual({ code: 'SCHEMA_INVALID', detail: "intervals[1].startTs is not after the previous interval's" });
  });
});
