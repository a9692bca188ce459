/**
 * A provider's weather forecasts, as received (one issue per location, intervals of up to 6 h), made
 * into the PV model's input: every provider interval covers each 15-minute interval inside it, and a
 * cloud cover in % becomes a fraction.
 */
import { ISP_MS } from '@trottoir/kernel';

import type { PvWeatherForecast, WeatherForecastPoint } from '../pv/weather-forecast';

/** One interval of a provider's forecast; a value absent (or null, as stored JSON may have it) was not forecast. */
export interface ProviderWeatherInterval {
  readonly startTs: number;
  readonly intervalMs: number;
  readonly ghiWm2?: number | null;
  readonly cloudCoverPct?: number | null;
  readonly airTempC?: number | null;
}

/** A provider's issue for one location. */
export interface ProviderWeatherForecast {
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly issuedAt: number;
  readonly intervals: readonly ProviderWeatherInterval[];
}

/** The issues (one per location) as the PV model's weather input, issued when the latest of them was; undefined without any. */
export function pvWeatherOf(forecasts: readonly ProviderWeatherForecast[]): PvWeatherForecast | undefined {
  if (forecasts.length === 0) return undefined;
  return {
    issuedAt: Math.max(...forecasts.map((forecast) => forecast.issuedAt)),
    locations: forecasts.map((forecast) => ({ latDeg: forecast.latDeg, lonDeg: forecast.lonDeg, points: forecast.intervals.flatMap(quarterHourPoints) })),
  };
}

/** The 15-minute points an interval covers, each with the interval's values. */
function quarterHourPoints(interval: ProviderWeatherInterval): WeatherForecastPoint[] {
  const points: WeatherForecastPoint[] = [];
  for (let ts = interval.startTs; ts < interval.startTs + interval.intervalMs; ts += ISP_MS) {
    points.push({
      ts,
      ...(interval.ghiWm2 === undefined || interval.ghiWm2 === null ? {} : { ghiWm2: interval.ghiWm2 }),
      ...(interval.cloudCoverPct === undefined || interval.cloudCoverPct === null ? {} : { cloudCover: interval.cloudCoverPct / 100 }),
      ...(interval.airTempC === undefined || interval.airTempC === null ? {} : { airTempC: interval.airTempC }),
    });
  }
  return points;
}
