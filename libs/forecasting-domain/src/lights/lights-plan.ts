/**
 * One cycle's street-light profiles for a whole fleet: segments are grouped by (commune policy,
 * location rounded to `roundDeg`), the sun is computed once per distinct location and sub-sample, and
 * one profile is built per group. The service calls this once per cycle, then forecastFleetLights.
 */
import type { GeoLocation } from '@trottoir/solar';

import type { ForecastGrid } from '../grid/forecast-grid';
import type { LightingPolicy } from '@trottoir/kernel';
import { lightsProfile } from './lights-profile';
import type { LightsProfile, LightsProfileOptions } from './lights-profile';
import { DEFAULT_SUN_SAMPLES_PER_STEP, roundedLocation, sunElevationSamplesFor } from './sun-elevation';

export interface LightsPlanInput {
  /** Per segment: latitude and longitude, degrees (the service fills a missing location with its node's). */
  readonly latitudeDeg: Float64Array;
  readonly longitudeDeg: Float64Array;
  /** Per segment: index into `policies` (its commune). */
  readonly policyIndex: Uint32Array;
  readonly policies: readonly LightingPolicy[];
}

export interface LightsPlanOptions extends LightsProfileOptions {
  /** Rounding of locations, degrees (default 0.01° ≈ 1 km: dusk moves < 5 s). */
  roundDeg?: number;
  samplesPerStep?: number;
}

export interface LightsPlan {
  readonly profiles: LightsProfile[];
  /** Per segment: index into `profiles` (LightsFleet.profileIndex). */
  readonly profileIndex: Uint32Array;
  /** Distinct locations the sun was computed for. */
  readonly locations: number;
}

/**
 * The segments grouped by (rounded location, policy): depends on the fleet only, so a forecaster makes
 * it once and plans every cycle (and every learned batch) from it — grouping 100,000 segments by string
 * keys cost more than the sun positions of a step.
 */
export interface LightsGrouping {
  readonly locations: readonly GeoLocation[];
  readonly groups: ReadonlyArray<{ readonly location: number; readonly policy: number }>;
  readonly profileIndex: Uint32Array;
}

export function groupLightsSegments(input: LightsPlanInput, roundDeg = 0.01): LightsGrouping {
  const count = input.policyIndex.length;
  const locationKeys = new Map<string, number>();
  const locations: GeoLocation[] = [];
  const groupKeys = new Map<string, number>();
  const groups: { location: number; policy: number }[] = [];
  const profileIndex = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const location = roundedLocation(input.latitudeDeg[i], input.longitudeDeg[i], 0, roundDeg);
    const locationKey = `${location.latitudeDeg.toFixed(6)},${location.longitudeDeg.toFixed(6)}`;
    let locationId = locationKeys.get(locationKey);
    if (locationId === undefined) {
      locationId = locations.length;
      locations.push(location);
      locationKeys.set(locationKey, locationId);
    }
    const policy = input.policyIndex[i];
    if (!input.policies[policy]) throw new RangeError(`segment ${i} points at policy ${policy}, there are ${input.policies.length}`);
    const groupKey = `${locationId}:${policy}`;
    let group = groupKeys.get(groupKey);
    if (group === undefined) {
      group = groups.length;
      groups.push({ location: locationId, policy });
      groupKeys.set(groupKey, group);
    }
    profileIndex[i] = group;
  }
  return { locations, groups, profileIndex };
}

/** The profiles of a grouping on a grid: one sun computation per location and sub-sample, one profile per group. */
export function planGroupedLightsProfiles(grouping: LightsGrouping, policies: readonly LightingPolicy[], grid: ForecastGrid, options: LightsPlanOptions = {}): LightsPlan {
  const elevations = sunElevationSamplesFor(grouping.locations, grid, options.samplesPerStep ?? DEFAULT_SUN_SAMPLES_PER_STEP);
  const profiles = grouping.groups.map(({ location, policy }) => lightsProfile(elevations[location], grid, policies[policy] as LightingPolicy, options));
  return { profiles, profileIndex: grouping.profileIndex, locations: grouping.locations.length };
}

export function planLightsProfiles(input: LightsPlanInput, grid: ForecastGrid, options: LightsPlanOptions = {}): LightsPlan {
  return planGroupedLightsProfiles(groupLightsSegments(input, options.roundDeg ?? 0.01), input.policies, grid, options);
}
