/**
 * The sun's apparent elevation over a forecast grid, sampled at sub-interval boundaries so the
 * lights model can find when dusk or dawn falls inside an interval. Computed per distinct location,
 * never per segment: a city of 100,000 segments has a few hundred locations once rounded to 0.01°
 * (≈ 1 km, which moves dusk by under 5 s). Time is the outer loop so SPA's time-only half, cached
 * by @trottoir/solar for the last timestamp, is paid once per instant for all locations.
 */
import { sunPosition } from '@trottoir/solar';
import type { GeoLocation } from '@trottoir/solar';

import type { ForecastGrid } from '../grid/forecast-grid';

/** Sub-samples per 15-minute interval by default: 3.75 min apart, linear in between (dusk error < 2 s). */
export const DEFAULT_SUN_SAMPLES_PER_STEP = 4;

/**
 * Elevation samples for one location: `steps × samplesPerStep + 1` values, sample k at
 * `startTs + k × stepMs / samplesPerStep` (both ends of every interval included).
 */
export function sunElevationSamples(location: GeoLocation, grid: ForecastGrid, samplesPerStep = DEFAULT_SUN_SAMPLES_PER_STEP): Float64Array {
  return sunElevationSamplesFor([location], grid, samplesPerStep)[0] ?? new Float64Array(0);
}

/** The same for many locations at once (time outer, locations inner: the SPA cache is hit). */
export function sunElevationSamplesFor(
  locations: readonly GeoLocation[],
  grid: ForecastGrid,
  samplesPerStep = DEFAULT_SUN_SAMPLES_PER_STEP,
): Float64Array[] {
  if (!Number.isInteger(samplesPerStep) || samplesPerStep < 1) throw new RangeError(`samplesPerStep must be a positive integer, got ${samplesPerStep}`);
  const count = grid.steps * samplesPerStep + 1;
  const out = locations.map(() => new Float64Array(count));
  const dtMs = grid.stepMs / samplesPerStep;
  for (let k = 0; k < count; k++) {
    const ts = grid.startTs + k * dtMs;
    for (let i = 0; i < locations.length; i++) out[i][k] = sunPosition(ts, locations[i]).apparentElevationDeg;
  }
  return out;
}

/** A location rounded to `roundDeg` (elevation to 100 m): the key segments share a sun series by. */
export function roundedLocation(latitudeDeg: number, longitudeDeg: number, elevationM = 0, roundDeg = 0.01): GeoLocation {
  const round = (value: number, unit: number): number => Math.round(value / unit) * unit;
  return { latitudeDeg: round(latitudeDeg, roundDeg), longitudeDeg: round(longitudeDeg, roundDeg), elevationM: round(elevationM, 100) };
}

/**
 * Normalises what a caller may pass as a series of elevations for `steps` intervals into boundary
 * samples: either `steps × S + 1` boundary samples (returned as is, with S), or one value per interval
 * taken at its midpoint (what a PV model computes), from which the boundaries are interpolated and
 * the two ends extrapolated linearly. Coarser: SPA's apparent elevation jumps by ≈ 0.5° where refraction
 * starts at the horizon, which bends the interpolation near dusk and dawn (up to ≈ 2 min of lighting).
 */
export function boundarySamples(elevationDeg: Float64Array, steps: number): { samples: Float64Array; samplesPerStep: number } {
  if (elevationDeg.length === steps) {
    const samples = new Float64Array(steps + 1);
    if (steps === 1) {
      samples[0] = elevationDeg[0];
      samples[1] = elevationDeg[0];
      return { samples, samplesPerStep: 1 };
    }
    for (let k = 1; k < steps; k++) samples[k] = (elevationDeg[k - 1] + elevationDeg[k]) / 2;
    samples[0] = 1.5 * elevationDeg[0] - 0.5 * elevationDeg[1];
    samples[steps] = 1.5 * elevationDeg[steps - 1] - 0.5 * elevationDeg[steps - 2];
    return { samples, samplesPerStep: 1 };
  }
  const samplesPerStep = (elevationDeg.length - 1) / steps;
  if (!Number.isInteger(samplesPerStep) || samplesPerStep < 1) {
    throw new RangeError(`expected ${steps} midpoint elevations or steps × S + 1 boundary samples, got ${elevationDeg.length}`);
  }
  return { samples: elevationDeg, samplesPerStep };
}
