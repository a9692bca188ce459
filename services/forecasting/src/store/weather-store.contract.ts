/**
 * The one contract suite of the weather store (the intake's WeatherArchive and the cycle's
 * LatestWeather), run against every adapter: PgWeatherStore on each PostgreSQL the integration suite
 * runs on, InMemoryWeatherStore in the unit specs. An issue is kept once by (location, issue time), and
 * the cycle gets the latest issue of every location within the age it allows, as of its own time.
 */
import { create } from '@bufbuild/protobuf';
import { WeatherForecastSchema, WeatherIntervalSchema } from '@trottoir/contracts';
import type { WeatherForecast } from '@trottoir/contracts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@trottoir/kernel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { LatestWeather } from '../cycle/latest-weather.port';
import type { WeatherArchive } from '../weather/weather-archive.port';

export interface WeatherStoreHarness {
  /** An empty store on the system under test, for the whole suite (its tests run in order on it). */
  open(): Promise<WeatherArchive & LatestWeather>;
  close?(): Promise<void>;
}

const T0 = Date.UTC(2026, 5, 21, 3);

function anIssue(locationId: string, issuedAt: number, cloudCoverPct: number): WeatherForecast {
  return create(WeatherForecastSchema, {
    provider: 'spec',
    locationId,
    latDeg: locationId === 'paris' ? 48.85 : 45.76,
    lonDeg: locationId === 'paris' ? 2.35 : 4.84,
    issuedAt,
    intervals: [create(WeatherIntervalSchema, { startTs: issuedAt, intervalMs: HOUR_MS, cloudCoverPct, airTempC: 18 })],
  });
}

export function describeWeatherStoreContract(name: string, harness: WeatherStoreHarness): void {
  describe(`WeatherStore contract: ${name}`, () => {
    let store: WeatherArchive & LatestWeather;
    const locationsAt = async (asOfTs: number, maxAgeMs: number) => (await store.latest(asOfTs, maxAgeMs)).map((issue) => [issue.locationId, issue.issuedAt]);

    beforeAll(async () => {
      store = await harness.open();
    });

    afterAll(async () => {
      await harness.close?.();
    });

    it('keeps an issue as it was given: position, provider and the values forecast per interval', async () => {
      expect(await store.insert([])).toBe(0);
      expect(await store.insert([anIssue('lyon', T0, 40)])).toBe(1);

      expect(await store.latest(T0, DAY_MS)).toEqual([
        { locationId: 'lyon', provider: 'spec', latDeg: 45.76, lonDeg: 4.84, issuedAt: T0, intervals: [{ startTs: T0, intervalMs: HOUR_MS, cloudCoverPct: 40, airTempC: 18 }] },
      ]);
    });

    it('keeps an issue once: the same location and issue time again is left as it was, and not counted', async () => {
      expect(await store.insert([anIssue('lyon', T0, 90), anIssue('paris', T0, 10), anIssue('paris', T0, 20)])).toBe(1);

      const latest = await store.latest(T0, DAY_MS);
      expect(latest.map((issue) => [issue.locationId, issue.intervals[0]?.cloudCoverPct])).toEqual([
        ['lyon', 40],
        ['paris', 10],
      ]);
    });

    it('gives the latest issue of every location at or before the time asked, and none as old as the age allowed', async () => {
      await store.insert([anIssue('lyon', T0 + HOUR_MS, 50)]);

      expect(await locationsAt(T0 + HOUR_MS, DAY_MS)).toEqual([
        ['lyon', T0 + HOUR_MS],
        ['paris', T0],
      ]);
      expect(await locationsAt(T0 + HOUR_MS - 1, DAY_MS)).toEqual([
        ['lyon', T0],
        ['paris', T0],
      ]);
      expect(await locationsAt(T0 + HOUR_MS, HOUR_MS)).toEqual([['lyon', T0 + HOUR_MS]]);
      expect(await locationsAt(T0 + 30 * MINUTE_MS, HOUR_MS)).toEqual([
        ['lyon', T0],
        ['paris', T0],
      ]);
      expect(await locationsAt(T0 - 1, DAY_MS)).toEqual([]);
    });
  });
}
