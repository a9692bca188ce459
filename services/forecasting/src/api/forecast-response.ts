/** A stored forecast as the REST API's JSON: one object per interval, quantiles by name (P10 … P90), W. */
import type { QuantileSeries } from '@trottoir/forecasting-domain';

import type { StoredForecast } from './forecast-history.port';
import type { ForecastQuery } from './forecast-query';

export interface ForecastIntervalJson {
  readonly start: string;
  readonly pvW: Record<string, number>;
  readonly lightsW: Record<string, number>;
  readonly evW: Record<string, number>;
}

export interface ForecastJson {
  readonly issuedAt: string;
  readonly modelVersion: string;
  readonly intervalMs: number;
  readonly levels: readonly number[];
  readonly intervals: ForecastIntervalJson[];
}

function quantilesAt(series: QuantileSeries, step: number): Record<string, number> {
  const json: Record<string, number> = {};
  series.levels.forEach((level, levelIndex) => {
    json[`P${Math.round(level * 100)}`] = Math.round((series.values[levelIndex * series.steps + step] ?? 0) * 10) / 10;
  });
  return json;
}

export function forecastJson(forecast: StoredForecast, query: ForecastQuery): ForecastJson {
  const intervals: ForecastIntervalJson[] = [];
  for (let step = 0; step < forecast.steps; step++) {
    const startTs = forecast.startTs + step * forecast.intervalMs;
    if (query.fromTs !== undefined && startTs + forecast.intervalMs <= query.fromTs) continue;
    if (query.toTs !== undefined && startTs >= query.toTs) break;
    intervals.push({ start: new Date(startTs).toISOString(), pvW: quantilesAt(forecast.pvW, step), lightsW: quantilesAt(forecast.lightsW, step), evW: quantilesAt(forecast.evW, step) });
  }
  return { issuedAt: new Date(forecast.issuedAt).toISOString(), modelVersion: forecast.modelVersion, intervalMs: forecast.intervalMs, levels: forecast.levels, intervals };
}
