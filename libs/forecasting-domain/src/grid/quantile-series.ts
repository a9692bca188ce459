/**
 * A forecast as quantiles: for each quantile level and each interval of a grid, a power in W.
 * Stored level-major in one typed array (`values[level * steps + step]`) so a fleet of 100,000
 * segments is 100,000 flat arrays, not millions of small objects.
 */

/** The quantile levels every Trottoir forecast carries (P10, P25, P50, P75, P90). */
export const QUANTILE_LEVELS: readonly number[] = [0.1, 0.25, 0.5, 0.75, 0.9];

export interface QuantileSeries {
  /** Ascending probability levels in (0, 1). */
  readonly levels: readonly number[];
  readonly steps: number;
  /**
   * `levels.length × steps` values, W; for each step non-decreasing across levels. Float32 where the forecast
   * is kept for the rest of a cycle (a fleet run's node forecasts): it is stored and published as float32 anyway.
   */
  readonly values: Float64Array | Float32Array;
}

export function createQuantileSeries(steps: number, levels: readonly number[] = QUANTILE_LEVELS): QuantileSeries {
  return { levels, steps, values: new Float64Array(levels.length * steps) };
}

export function quantileAt(series: QuantileSeries, levelIndex: number, step: number): number {
  return series.values[levelIndex * series.steps + step] ?? Number.NaN;
}

/** Index of the median level, or −1 when the series has none. */
export function medianLevelIndex(series: QuantileSeries): number {
  return series.levels.indexOf(0.5);
}

/** True when every step's values are non-decreasing across levels (quantiles never cross). */
export function isMonotone(series: QuantileSeries): boolean {
  const { steps, values, levels } = series;
  for (let step = 0; step < steps; step++) {
    for (let level = 1; level < levels.length; level++) {
      if ((values[level * steps + step] ?? 0) < (values[(level - 1) * steps + step] ?? 0)) return false;
    }
  }
  return true;
}

/** Sorts each step's values across levels in place, so quantiles fitted separately never cross. */
export function sortAcrossLevels(series: QuantileSeries): void {
  const { steps, values, levels } = series;
  const column = new Float64Array(levels.length);
  for (let step = 0; step < steps; step++) {
    for (let level = 0; level < levels.length; level++) column[level] = values[level * steps + step] ?? 0;
    column.sort();
    for (let level = 0; level < levels.length; level++) values[level * steps + step] = column[level] ?? 0;
  }
}
