/**
 * Weather forecasts in PostgreSQL (weather_forecast): the adapter of the intake's WeatherArchive and
 * of the cycle's LatestWeather (contract: weather-store.contract.ts). Every accepted issue is kept by
 * (location, issue time).
 */
import type { WeatherForecast } from '@trottoir/contracts';
import type { ProviderWeatherInterval } from '@trottoir/forecasting-domain';
import type { Queryable } from '@trottoir/persistence';

import type { LatestWeather, StoredWeatherForecast } from '../cycle/latest-weather.port';
import type { WeatherArchive } from '../weather/weather-archive.port';
import { keptIntervals } from './weather-intervals';

export class PgWeatherStore implements WeatherArchive, LatestWeather {
  constructor(private readonly db: Queryable) {}

  async insert(forecasts: readonly WeatherForecast[]): Promise<number> {
    if (forecasts.length === 0) return 0;
    const result = await this.db.query(
      `insert into weather_forecast (location_id, issued_at, provider, lat_deg, lon_deg, intervals)
       select * from unnest($1::text[], $2::timestamptz[], $3::text[], $4::float8[], $5::float8[], $6::jsonb[])
       on conflict (location_id, issued_at) do nothing`,
      [
        forecasts.map((forecast) => forecast.locationId),
        forecasts.map((forecast) => new Date(forecast.issuedAt)),
        forecasts.map((forecast) => forecast.provider),
        forecasts.map((forecast) => forecast.latDeg),
        forecasts.map((forecast) => forecast.lonDeg),
        forecasts.map((forecast) => JSON.stringify(keptIntervals(forecast))),
      ],
    );
    return result.rowCount ?? 0;
  }

  async latest(asOfTs: number, maxAgeMs: number): Promise<StoredWeatherForecast[]> {
    const { rows } = await this.db.query<{ location_id: string; provider: string; lat_deg: number; lon_deg: number; issued_at: Date; intervals: ProviderWeatherInterval[] }>(
      `select distinct on (location_id) location_id, provider, lat_deg, lon_deg, issued_at, intervals
         from weather_forecast where issued_at <= $1 and issued_at > $2
        order by location_id, issued_at desc`,
      [new Date(asOfTs), new Date(asOfTs - maxAgeMs)],
    );
    return rows.map((row) => ({
      locationId: row.location_id,
      provider: row.provider,
      latDeg: row.lat_deg,
      lonDeg: row.lon_deg,
      issuedAt: row.issued_at.getTime(),
      intervals: row.intervals,
    }));
  }
}
