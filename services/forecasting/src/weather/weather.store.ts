/**
 * Weather forecasts in PostgreSQL: every accepted issue is kept (location, issue time), and the cycle
 * asks for the latest issue of every location made at or before its own issue time — so a replayed
 * cycle sees what it saw then.
 */
import type { WeatherForecast } from '@trottoir/contracts';
import type { Queryable } from '@trottoir/persistence';

export interface StoredWeatherInterval {
  readonly startTs: number;
  readonly intervalMs: number;
  readonly ghiWm2?: number;
  readonly cloudCoverPct?: number;
  readonly airTempC?: number;
}

export interface StoredWeatherForecast {
  readonly locationId: string;
  readonly provider: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly issuedAt: number;
  readonly intervals: readonly StoredWeatherInterval[];
}

export class WeatherStore {
  constructor(private readonly db: Queryable) {}

  /** Stores forecasts; an issue already stored (same location and issue time) is left as it was. Returns how many were new. */
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
        forecasts.map((forecast) =>
          JSON.stringify(
            forecast.intervals.map(({ startTs, intervalMs, ghiWm2, cloudCoverPct, airTempC }) => ({ startTs, intervalMs, ghiWm2, cloudCoverPct, airTempC })),
          ),
        ),
      ],
    );
    return result.rowCount ?? 0;
  }

  /** The latest issue of every location issued at or before `asOfTs` and no older than `maxAgeMs`. */
  async latest(asOfTs: number, maxAgeMs: number): Promise<StoredWeatherForecast[]> {
    const { rows } = await this.db.query<{ location_id: string; provider: string; lat_deg: number; lon_deg: number; issued_at: Date; intervals: StoredWeatherInterval[] }>(
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
