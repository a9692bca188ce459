/**
 * EV charging load as quantiles from learned habits: for each interval, the bucket of its local hour
 * of the week, shrunk toward a prior — p = (counts + k × prior) ÷ (n + k), k = `priorWeight` samples —
 * then read as quantiles of power ÷ capacity and scaled by the entry's capacity, so every value lies in
 * [0, Σ connector max power] and levels never cross. A 48 h grid touches at most 49 buckets: the
 * quantiles are computed once per bucket and entry, then copied to the intervals.
 *
 * Grid nodes use the same functions on node habits (fed with the node's summed EV power): a node's
 * spread comes from its own statistics, never from summing segment quantiles, which would add up
 * the segments' tails as if they all peaked together.
 */
import type { ForecastGrid } from '../grid/forecast-grid';
import { createQuantileSeries, QUANTILE_LEVELS } from '../grid/quantile-series';
import type { QuantileSeries } from '../grid/quantile-series';
import { hourOfWeekOf } from '@trottoir/kernel';
import { HOURS_PER_WEEK } from './ev-habits';
import type { EvHabits } from './ev-habits';
import { histogramQuantilesInto } from './ev-histogram';

/** Prior weight in samples: two weeks of one hour's 15-minute samples. */
export const DEFAULT_EV_PRIOR_WEIGHT = 8;

/** Which hour-of-week bucket each interval of a grid falls in (read at the interval's midpoint). */
export interface EvGridBuckets {
  readonly steps: number;
  /** Distinct buckets in grid order. */
  readonly buckets: Uint8Array;
  /** Per step, index into `buckets`. */
  readonly slotOfStep: Uint8Array;
}

export function evGridBuckets(grid: ForecastGrid, timeZone: string): EvGridBuckets {
  const slotOfStep = new Uint8Array(grid.steps);
  const buckets: number[] = [];
  const slotOfBucket = new Int16Array(HOURS_PER_WEEK).fill(-1);
  for (let step = 0; step < grid.steps; step++) {
    const bucket = hourOfWeekOf(grid.startTs + (step + 0.5) * grid.stepMs, timeZone);
    if (slotOfBucket[bucket] < 0) {
      slotOfBucket[bucket] = buckets.length;
      buckets.push(bucket);
    }
    slotOfStep[step] = slotOfBucket[bucket];
  }
  if (buckets.length > 255) throw new RangeError('a grid longer than a week is not supported');
  return { steps: grid.steps, buckets: Uint8Array.from(buckets), slotOfStep };
}

/** Scratch buffers reused across entries so a fleet cycle allocates nothing per entry. */
export interface EvForecastScratch {
  readonly probs: Float64Array;
  readonly quantiles: Float64Array;
}

export function createEvForecastScratch(habits: EvHabits, levels: readonly number[] = QUANTILE_LEVELS): EvForecastScratch {
  return { probs: new Float64Array(habits.bins), quantiles: new Float64Array(HOURS_PER_WEEK * levels.length) };
}

/**
 * Writes one entry's forecast into `out` (steps = the grid's): `prior` is 168 × bins probabilities
 * (ev-prior.ts).
 */
export function forecastEvInto(
  out: QuantileSeries,
  habits: EvHabits,
  entry: number,
  gridBuckets: EvGridBuckets,
  prior: Float32Array,
  priorWeight = DEFAULT_EV_PRIOR_WEIGHT,
  scratch: EvForecastScratch = createEvForecastScratch(habits, out.levels),
): void {
  const { bins, counts, layout } = habits;
  const { levels, steps, values } = out;
  const nLevels = levels.length;
  if (steps !== gridBuckets.steps) throw new RangeError(`output has ${steps} steps, the grid ${gridBuckets.steps}`);
  const capacityW = habits.capacityW[entry];
  if (!(capacityW > 0)) {
    // No connectors: nothing to charge (most segments of a city have none).
    values.fill(0);
    return;
  }
  const { probs, quantiles } = scratch;
  const { buckets, slotOfStep } = gridBuckets;
  for (let slot = 0; slot < buckets.length; slot++) {
    const bucket = buckets[slot];
    const start = (entry * HOURS_PER_WEEK + bucket) * bins;
    const priorStart = bucket * bins;
    let n = 0;
    for (let b = 0; b < bins; b++) n += counts[start + b];
    const norm = 1 / (n + priorWeight);
    for (let b = 0; b < bins; b++) probs[b] = (counts[start + b] + priorWeight * prior[priorStart + b]) * norm;
    histogramQuantilesInto(layout, probs, 0, levels, quantiles, slot * nLevels);
  }
  for (let level = 0; level < nLevels; level++) {
    const row = level * steps;
    for (let step = 0; step < steps; step++) values[row + step] = quantiles[slotOfStep[step] * nLevels + level] * capacityW;
  }
}

/** One entry's forecast as a new series. */
export function forecastEv(habits: EvHabits, entry: number, gridBuckets: EvGridBuckets, prior: Float32Array, priorWeight = DEFAULT_EV_PRIOR_WEIGHT): QuantileSeries {
  const out = createQuantileSeries(gridBuckets.steps);
  forecastEvInto(out, habits, entry, gridBuckets, prior, priorWeight);
  return out;
}

export interface EvFleetPriors {
  /** Distinct priors (e.g. one pooled prior per segment kind × AC/DC, or defaults per connector set). */
  readonly priors: readonly Float32Array[];
  /** Per entry, index into `priors`. */
  readonly priorIndex: Uint16Array | Uint32Array;
  readonly priorWeight?: number;
}

/**
 * Forecasts every entry (segments, or nodes) of `habits`, handing each to `sink` in turn. The series
 * is reused for the next entry: encode or copy it before returning.
 */
export function forecastFleetEv(
  habits: EvHabits,
  gridBuckets: EvGridBuckets,
  priors: EvFleetPriors,
  sink: (entry: number, series: QuantileSeries) => void,
  levels: readonly number[] = QUANTILE_LEVELS,
): void {
  const out = createQuantileSeries(gridBuckets.steps, levels);
  const scratch = createEvForecastScratch(habits, levels);
  const count = habits.capacityW.length;
  for (let entry = 0; entry < count; entry++) {
    const prior = priors.priors[priors.priorIndex[entry]];
    if (!prior) throw new RangeError(`entry ${entry} points at prior ${priors.priorIndex[entry]}, there are ${priors.priors.length}`);
    forecastEvInto(out, habits, entry, gridBuckets, prior, priors.priorWeight, scratch);
    sink(entry, out);
  }
}
