/**
 * Checks a provider's weather forecast before the forecaster trusts it. A rejected forecast goes to
 * weather.dlq.v1 with one of these codes (names of trottoir.telemetry.v1.DeadLetterReason, without
 * the prefix) and a detail a human can act on; nothing of it is used.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@trottoir/kernel';
import type { WeatherForecast } from '@trottoir/contracts';

export type WeatherRejectCode = 'SCHEMA_INVALID' | 'NOT_FINITE' | 'OUT_OF_RANGE';

export interface WeatherRejection {
  readonly code: WeatherRejectCode;
  readonly detail: string;
}

const MIN_INTERVAL_MS = MINUTE_MS;
const MAX_INTERVAL_MS = 6 * HOUR_MS;
/** A forecast further ahead than this is not a weather forecast we can use (and is likely a unit error). */
const MAX_LEAD_MS = 16 * DAY_MS;

function reject(code: WeatherRejectCode, detail: string): WeatherRejection {
  return { code, detail };
}

function outOfRange(name: string, value: number | undefined, min: number, max: number): WeatherRejection | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value)) return reject('NOT_FINITE', `${name} is ${value}`);
  if (value < min || value > max) return reject('OUT_OF_RANGE', `${name} ${value} outside [${min}, ${max}]`);
  return undefined;
}

/** The first problem of `forecast`, or undefined when it can be used. */
export function validateWeatherForecast(forecast: WeatherForecast): WeatherRejection | undefined {
  if (forecast.locationId.trim() === '') return reject('SCHEMA_INVALID', 'locationId is empty');
  for (const [name, value] of [['latDeg', forecast.latDeg], ['lonDeg', forecast.lonDeg], ['issuedAt', forecast.issuedAt]] as const) {
    if (!Number.isFinite(value)) return reject('NOT_FINITE', `${name} is ${value}`);
  }
  const position = outOfRange('latDeg', forecast.latDeg, -90, 90) ?? outOfRange('lonDeg', forecast.lonDeg, -180, 180);
  if (position) return position;
  if (!Number.isInteger(forecast.issuedAt) || forecast.issuedAt <= 0) return reject('SCHEMA_INVALID', `issuedAt ${forecast.issuedAt} is not a positive whole epoch ms`);
  if (forecast.intervals.length === 0) return reject('SCHEMA_INVALID', 'no intervals');
  let previousStart = Number.NEGATIVE_INFINITY;
  for (const [index, interval] of forecast.intervals.entries()) {
    const at = `intervals[${index}]`;
    if (!Number.isFinite(interval.startTs)) return reject('NOT_FINITE', `${at}.startTs is ${interval.startTs}`);
    if (!Number.isInteger(interval.startTs)) return reject('SCHEMA_INVALID', `${at}.startTs ${interval.startTs} is not a whole epoch ms`);
    if (interval.startTs <= previousStart) return reject('SCHEMA_INVALID', `${at}.startTs is not after the previous interval's`);
    previousStart = interval.startTs;
    if (interval.startTs - forecast.issuedAt > MAX_LEAD_MS) return reject('OUT_OF_RANGE', `${at} starts more than 16 days after issuedAt`);
    if (interval.intervalMs < MIN_INTERVAL_MS || interval.intervalMs > MAX_INTERVAL_MS) {
      return reject('OUT_OF_RANGE', `${at}.intervalMs ${interval.intervalMs} outside [${MIN_INTERVAL_MS}, ${MAX_INTERVAL_MS}]`);
    }
    if (interval.ghiWm2 === undefined && interval.cloudCoverPct === undefined) return reject('SCHEMA_INVALID', `${at} has neither ghiWm2 nor cloudCoverPct`);
    const bad =
      outOfRange(`${at}.ghiWm2`, interval.ghiWm2, 0, 1500) ??
      outOfRange(`${at}.cloudCoverPct`, interval.cloudCoverPct, 0, 100) ??
      outOfRange(`${at}.airTempC`, interval.airTempC, -60, 60);
    if (bad) return bad;
  }
  return undefined;
}
