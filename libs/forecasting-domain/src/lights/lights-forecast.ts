/**
 * Street-light load per segment as quantiles: rated power (count × W each) × learned scale × the
 * profile's on-shares, full power outside the night window and the policy's dimming inside it — never
 * below the segment's minimum dimming while on, as the fleet does (public safety).
 */
import { createQuantileSeries } from '../grid/quantile-series';
import type { QuantileSeries } from '../grid/quantile-series';
import type { LightsProfile } from './lights-profile';

/** One segment's lighting rating (the registry's LightingRating). */
export interface LightsRating {
  count: number;
  ratedPowerWEach: number;
  minDimmingPct: number;
}

/**
 * Writes one segment's forecast into `out` (same levels and steps as the profile). `scale` is the
 * learned measured ÷ expected ratio (1 when unknown).
 */
export function forecastLightsInto(out: QuantileSeries, profile: LightsProfile, ratedW: number, minDimmingPct: number, scale = 1): void {
  const size = profile.levels.length * profile.steps;
  if (out.values.length !== size) throw new RangeError(`output holds ${out.values.length} values, the profile ${size}`);
  const fullW = Math.max(0, ratedW * scale);
  const dimmedW = (fullW * Math.min(100, Math.max(profile.nightDimmingPct, minDimmingPct))) / 100;
  const { fullOnShare, dimmedOnShare } = profile;
  const values = out.values;
  for (let i = 0; i < size; i++) values[i] = fullW * fullOnShare[i] + dimmedW * dimmedOnShare[i];
}

/** One segment's forecast as a new series. */
export function forecastLights(profile: LightsProfile, rating: LightsRating, scale = 1): QuantileSeries {
  const out = createQuantileSeries(profile.steps, profile.levels);
  forecastLightsInto(out, profile, rating.count * rating.ratedPowerWEach, rating.minDimmingPct, scale);
  return out;
}

/**
 * The fleet in columns (one entry per segment; a segment without lights has ratedW 0). Built once
 * when the registry changes, so a cycle allocates nothing per segment.
 */
export interface LightsFleet {
  /** count × rated W each, W. */
  readonly ratedW: Float64Array;
  readonly minDimmingPct: Float64Array;
  /** Index into the cycle's profiles (the segment's commune policy and rounded location). */
  readonly profileIndex: Uint32Array;
  /** Learned scale per segment (lights-scale.ts); 1 everywhere when absent. */
  readonly scale?: Float32Array;
}

/**
 * Forecasts every segment, handing each to `sink` in turn. The series passed to `sink` is reused for
 * the next segment (100,000 × 960 doubles would be 768 MB): encode or copy it before returning.
 */
export function forecastFleetLights(
  fleet: LightsFleet,
  profiles: readonly LightsProfile[],
  sink: (segmentIndex: number, series: QuantileSeries) => void,
): void {
  const first = profiles[0];
  if (!first) return;
  const scratch = createQuantileSeries(first.steps, first.levels);
  const count = fleet.ratedW.length;
  for (let i = 0; i < count; i++) {
    const profile = profiles[fleet.profileIndex[i]];
    if (!profile) throw new RangeError(`segment ${i} points at profile ${fleet.profileIndex[i]}, there are ${profiles.length}`);
    forecastLightsInto(scratch, profile, fleet.ratedW[i], fleet.minDimmingPct[i], fleet.scale ? fleet.scale[i] : 1);
    sink(i, scratch);
  }
}
