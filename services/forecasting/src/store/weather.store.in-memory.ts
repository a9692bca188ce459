/**
 * Weather forecasts in memory, for unit specs: the same contract as PgWeatherStore
 * (weather-store.contract.ts). Intervals are kept as the stored JSON keeps them.
 */
import type { WeatherForecast } from '@trottoir/contracts';

import type { LatestWeather, StoredWeatherForecast } from '../cycle/latest-weather.port';
import type { WeatherArchive } from '../weather/weather-archive.port';
import { keptIntervals } from './weather-intervals';

export class InMemoryWeatherStore implements WeatherArchive, LatestWeather {
  /** `${locationId}|${issuedAt}` → the issue. */
  private readonly issues = new Map<string, StoredWeatherForecast>();

  async insert(forecasts: readonly WeatherForecast[]): Promise<number> {
    let added = 0;
    for (const forecast of forecasts) {
      const key = `${forecast.locationId}|${forecast.issuedAt}`;
      if (this.issues.has(key)) continue;
      const { locationId, provider, latDeg, lonDeg, issuedAt } = forecast;
      this.issues.set(key, { locationId, provider, latDeg, lonDeg, issuedAt, intervals: JSON.parse(JSON.stringify(keptIntervals(forecast))) });
      added++;
    }
    return added;
  }

  async latest(asOfTs: number, maxAgeMs: number): Promise<StoredWeatherForecast[]> {
    const byLocation = new Map<string, StoredWeatherForecast>();
    for (const issue of this.issues.values()) {
      if (issue.issuedAt > asOfTs || issue.issuedAt <= asOfTs - maxAgeMs) continue;
      const kept = byLocation.get(issue.locationId);
      if (!kept || kept.issuedAt < issue.issuedAt) byLocation.set(issue.locationId, issue);
    }
    return [...byLocation.values()].sort((a, b) => (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0));
  }
}
