/**
 * What the lights of one (commune policy, location) do over a forecast grid, per quantile level and
 * interval, independent of any segment: the share of the interval the lights are on at full power
 * and the share they are on in the dimmed night window. A segment's forecast is then two
 * multiply-adds per value (see lights-forecast.ts), so the cost of the geometry grows with distinct
 * locations × steps, not segments × steps.
 *
 * Interval means: an interval that straddles dusk or dawn gets the fraction of it the lights are on,
 * found where the piecewise-linear elevation crosses the threshold. Uncertainty only lives there: a
 * photocell's switching level varies with sensor, dirt and cloud (a dark sky switches it earlier), so
 * the threshold is taken as normal around the policy's with `twilightSigmaDeg`, and quantile level p
 * uses the threshold θ + z_p σ. The on-share is non-decreasing in θ, so quantiles never cross, and
 * they are identical (zero spread) in full night and full day.
 */
import type { ForecastGrid } from '../grid/forecast-grid';
import { QUANTILE_LEVELS } from '../grid/quantile-series';
import type { LightingPolicy } from '@trottoir/kernel';
import { inNightWindow } from '@trottoir/kernel';
import { localHourOf } from '@trottoir/kernel';
import { boundarySamples } from './sun-elevation';

/** Spread of the switching elevation, degrees: ≈ 6 minutes of dusk at mid-latitudes. */
export const DEFAULT_TWILIGHT_SIGMA_DEG = 1;

export interface LightsProfile {
  readonly levels: readonly number[];
  readonly steps: number;
  /** Share of each interval on at full power, level-major `[level × steps + step]`, 0…1. */
  readonly fullOnShare: Float64Array;
  /** Share of each interval on inside the dimmed night window, same layout. */
  readonly dimmedOnShare: Float64Array;
  /** The policy's night dimming level, percent (segments apply their own minimum on top). */
  readonly nightDimmingPct: number;
}

export interface LightsProfileOptions {
  levels?: readonly number[];
  twilightSigmaDeg?: number;
}

/**
 * The profile from sun elevations over `grid` (boundary sub-samples or interval midpoints, see
 * `boundarySamples`) and the commune's policy.
 */
export function lightsProfile(
  sunElevationDeg: Float64Array,
  grid: ForecastGrid,
  policy: LightingPolicy,
  options: LightsProfileOptions = {},
): LightsProfile {
  const levels = options.levels ?? QUANTILE_LEVELS;
  const sigma = options.twilightSigmaDeg ?? DEFAULT_TWILIGHT_SIGMA_DEG;
  const { steps } = grid;
  const { samples, samplesPerStep } = boundarySamples(sunElevationDeg, steps);
  const thresholds = levels.map((level) => policy.onBelowElevationDeg + normalQuantile(level) * sigma);
  const fullOnShare = new Float64Array(levels.length * steps);
  const dimmedOnShare = new Float64Array(levels.length * steps);
  const subMs = grid.stepMs / samplesPerStep;
  for (let step = 0; step < steps; step++) {
    for (let sub = 0; sub < samplesPerStep; sub++) {
      const k = step * samplesPerStep + sub;
      const from = samples[k];
      const to = samples[k + 1];
      // The window is read at the sub-interval's midpoint: window edges fall on interval boundaries
      // for whole- and quarter-hour policies, so this is exact for them.
      const dimmed = inNightWindow(policy, localHourOf(grid.startTs + (k + 0.5) * subMs, policy.timeZone));
      const target = dimmed ? dimmedOnShare : fullOnShare;
      for (let level = 0; level < levels.length; level++) {
        target[level * steps + step] += belowShare(from, to, thresholds[level]) / samplesPerStep;
      }
    }
  }
  return { levels, steps, fullOnShare, dimmedOnShare, nightDimmingPct: policy.nightDimmingPct };
}

/** Share of a sub-interval whose elevation, linear from `from` to `to`, is below `threshold`. */
export function belowShare(from: number, to: number, threshold: number): number {
  if (from < threshold && to < threshold) return 1;
  if (from >= threshold && to >= threshold) return 0;
  const crossing = (threshold - from) / (to - from);
  return to > from ? crossing : 1 - crossing;
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
