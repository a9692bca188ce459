/**
 * Rolling-origin backtest of the PV model on one measured series (one site): at the start of every
 * 15-minute interval the model, fed with everything measured before it and nothing after, issues a
 * forecast; each requested horizon's target is then scored against the measurement. Scored targets are
 * daytime intervals (clear-sky power > 0) with a measurement, where both references exist.
 *
 * The point forecast (MAE, RMSE, skill) is the model's expected power. References, built by the same rolling origin: smart persistence (the last ratio measured ÷ clear-sky
 * power with the sun ≥ 10°, times the target's clear-sky power) and climatology (the mean ratio of the
 * target's solar hour over about the last 30 days, times the target's clear-sky power).
 */
import { ISP_MS } from '@trottoir/kernel';
import { forecastGridFor } from '../grid/forecast-grid';
import { QUANTILE_LEVELS } from '../grid/quantile-series';
import type { QuantileSeries } from '../grid/quantile-series';
import { buildClearSkyTable } from '../pv/clear-sky-table';
import { CSI_MIN_ELEVATION_DEG, solarHourOf } from '../pv/csi-model';
import { createPvFleet, forecastPvFleet, observePvNodes, observePvSegments } from '../pv/pv-fleet';
import type { PvFleetOptions } from '../pv/pv-fleet';
import type { PvWeatherForecast } from '../pv/weather-forecast';
import { HorizonAccumulator } from './backtest-metrics';
import type { HorizonScores } from './backtest-metrics';
import { formatHorizon } from './horizons';

export interface BacktestSite {
  latDeg: number;
  lonDeg: number;
  elevationM: number;
  tiltDeg: number;
  azimuthDeg: number;
  peakPowerW: number;
  /** Default: the peak power. */
  inverterLimitW?: number;
}

export interface MeasuredPoint {
  /** Start of the measured interval, epoch ms UTC. */
  ts: number;
  /** Mean AC power over the interval, W (NaN = missing). */
  powerW: number;
}

export interface BacktestOptions {
  horizonsMs: readonly number[];
  /** Forecasts issued before first ts + warmup are not scored (default 0). */
  warmupMs?: number;
  model?: PvFleetOptions;
  /**
   * The weather forecast available at an issue time, if any (for a backtest with a provider's archive or a
   * simulated one); it must have been issued at or before `issuedAt`.
   */
  weatherAt?: (issuedAt: number, startTs: number, steps: number) => PvWeatherForecast | undefined;
}

/** One issued forecast as the replay sees it (for tests and tools): what was issued at `issuedAt`. */
export interface IssuedForecast {
  issuedAt: number;
  series: QuantileSeries;
  /** Expected power per step, W (the point forecast scored by MAE, RMSE and skill). */
  expectedW: Float64Array;
  /** Per step: the smart persistence and climatology references, W. */
  persistenceW: Float64Array;
  climatologyW: Float64Array;
}

/** Averages a series onto 15-minute intervals (by interval start); returns the first index and the values. */
export function toIntervals(series: readonly MeasuredPoint[]): { firstIndex: number; powerW: Float64Array } {
  const finite = series.filter((p) => Number.isFinite(p.ts));
  if (finite.length === 0) return { firstIndex: 0, powerW: new Float64Array(0) };
  let first = Infinity;
  let last = -Infinity;
  for (const p of finite) {
    const index = Math.floor(p.ts / ISP_MS);
    if (index < first) first = index;
    if (index > last) last = index;
  }
  const sum = new Float64Array(last - first + 1);
  const count = new Float64Array(last - first + 1);
  for (const p of finite) {
    if (!Number.isFinite(p.powerW)) continue;
    const i = Math.floor(p.ts / ISP_MS) - first;
    sum[i] += p.powerW;
    count[i]++;
  }
  return { firstIndex: first, powerW: sum.map((s, i) => (count[i] > 0 ? s / count[i] : Number.NaN)) };
}

/**
 * Replays the series: calls `onForecast` with each forecast (steps = longest horizon) before feeding the
 * interval it starts with. A forecast issued at t depends only on intervals ending at or before t.
 */
export function replayForecasts(series: readonly MeasuredPoint[], site: BacktestSite, options: BacktestOptions, onForecast: (forecast: IssuedForecast) => void): void {
  const { firstIndex, powerW } = toIntervals(series);
  const steps = Math.max(1, Math.round(Math.max(...options.horizonsMs) / ISP_MS));
  const geometry = { latitudeDeg: site.latDeg, longitudeDeg: site.lonDeg, elevationM: site.elevationM, tiltDeg: site.tiltDeg, azimuthDeg: site.azimuthDeg };
  const fleet = createPvFleet(
    [{ segmentId: 'site', nodeId: 'site', latDeg: site.latDeg, lonDeg: site.lonDeg, elevationM: site.elevationM, tiltDeg: site.tiltDeg, azimuthDeg: site.azimuthDeg, peakPowerW: site.peakPowerW, inverterLimitW: site.inverterLimitW ?? site.peakPowerW }],
    [],
    undefined,
    options.model,
  );
  const table = buildClearSkyTable([geometry], firstIndex * ISP_MS, ISP_MS, powerW.length + steps);
  // The fleet groups sites itself; a one-segment fleet has exactly this site, so the table is shared.
  const fleetTable = { ...table, sites: fleet.sites };
  const climatologyRatio = new Float64Array(24);
  const climatologyCount = new Float64Array(24);
  let lastRatio = Number.NaN;
  const measured = new Float64Array(1);
  for (let i = 0; i < powerW.length; i++) {
    const ts = (firstIndex + i) * ISP_MS;
    if (i > 0) {
      const grid = forecastGridFor(ts, steps);
      const weather = options.weatherAt?.(ts, grid.startTs, steps);
      const forecast = forecastPvFleet(fleet, grid, weather ? { table: fleetTable, weather } : { table: fleetTable });
      const persistenceW = new Float64Array(steps);
      const climatologyW = new Float64Array(steps);
      for (let step = 0; step < steps; step++) {
        const clearW = table.acWPerWp[i + step] * site.peakPowerW;
        const hour = solarHourOf(firstIndex + i + step, site.lonDeg);
        persistenceW[step] = lastRatio * clearW;
        climatologyW[step] = climatologyCount[hour] > 0 ? climatologyRatio[hour] * clearW : Number.NaN;
      }
      onForecast({ issuedAt: ts, series: forecast.segments[0], expectedW: forecast.segmentExpectedW[0], persistenceW, climatologyW });
    }
    measured[0] = powerW[i];
    observePvSegments(fleet, ts, measured, fleetTable);
    observePvNodes(fleet, ts, measured, fleetTable);
    const clearW = table.acWPerWp[i] * site.peakPowerW;
    if (Number.isFinite(powerW[i]) && clearW > 0) {
      const ratio = powerW[i] / clearW;
      if (table.elevationDeg[i] >= CSI_MIN_ELEVATION_DEG) lastRatio = ratio;
      const hour = solarHourOf(firstIndex + i, site.lonDeg);
      climatologyCount[hour]++;
      // About the last 30 days of this hour (4 intervals a day).
      climatologyRatio[hour] += Math.max(1 / climatologyCount[hour], 1 / 120) * (Math.min(ratio, 1.5) - climatologyRatio[hour]);
    }
  }
}

/** Runs the backtest and returns one score row per horizon, shortest first. */
export function runBacktest(series: readonly MeasuredPoint[], site: BacktestSite, options: BacktestOptions): HorizonScores[] {
  const { firstIndex, powerW } = toIntervals(series);
  const levels = options.model?.levels ?? QUANTILE_LEVELS;
  const horizons = [...options.horizonsMs].sort((a, b) => a - b);
  const accumulators = horizons.map((ms) => new HorizonAccumulator(formatHorizon(ms), levels));
  const steps = Math.max(1, Math.round(Math.max(...horizons) / ISP_MS));
  const table = buildClearSkyTable(
    [{ latitudeDeg: site.latDeg, longitudeDeg: site.lonDeg, elevationM: site.elevationM, tiltDeg: site.tiltDeg, azimuthDeg: site.azimuthDeg }],
    firstIndex * ISP_MS,
    ISP_MS,
    powerW.length + steps,
  );
  const scoredFrom = firstIndex * ISP_MS + (options.warmupMs ?? 0);
  const column = new Float64Array(levels.length);
  replayForecasts(series, site, options, ({ issuedAt, series: forecast, expectedW, persistenceW, climatologyW }) => {
    if (issuedAt < scoredFrom) return;
    const issueIndex = Math.round(issuedAt / ISP_MS) - firstIndex;
    horizons.forEach((ms, h) => {
      const step = Math.round(ms / ISP_MS) - 1;
      const target = issueIndex + step;
      if (target >= powerW.length || !Number.isFinite(powerW[target]) || !(table.acWPerWp[target] > 0)) return;
      if (!Number.isFinite(persistenceW[step]) || !Number.isFinite(climatologyW[step])) return;
      for (let k = 0; k < levels.length; k++) column[k] = forecast.values[k * forecast.steps + step];
      // The point forecast scored by MAE, RMSE and skill: the expected power (RMSE rewards the expectation).
      accumulators[h].add(powerW[target], column, expectedW[step], persistenceW[step], climatologyW[step]);
    });
  });
  return accumulators.map((accumulator) => accumulator.scores(site.peakPowerW));
}
