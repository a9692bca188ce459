import fc from 'fast-check';

import { forecastGridFor } from '../grid/forecast-grid';
import type { ForecastGrid } from '../grid/forecast-grid';
import { isMonotone, QUANTILE_LEVELS, quantileAt } from '../grid/quantile-series';
import { DEFAULT_LIGHTING_POLICY } from '@trottoir/kernel';
import type { LightingPolicy } from '@trottoir/kernel';
import { forecastFleetLights, forecastLights } from './lights-forecast';
import { planLightsProfiles } from './lights-plan';
import { belowShare, lightsProfile, normalQuantile } from './lights-profile';
import { sunElevationSamples } from './sun-elevation';

const LYON = { latitudeDeg: 45.76, longitudeDeg: 4.84, elevationM: 170 };
const RATING = { count: 4, ratedPowerWEach: 60, minDimmingPct: 30 };
const RATED_W = RATING.count * RATING.ratedPowerWEach;
const P50 = QUANTILE_LEVELS.indexOf(0.5);
const P10 = 0;
const P90 = QUANTILE_LEVELS.length - 1;

function forecastAt(issuedAt: number, policy: LightingPolicy = DEFAULT_LIGHTING_POLICY, rating = RATING, location = LYON, twilightSigmaDeg?: number) {
  const grid = forecastGridFor(issuedAt);
  const elevation = sunElevationSamples(location, grid);
  const profile = lightsProfile(elevation, grid, policy, { twilightSigmaDeg });
  return { grid, elevation, series: forecastLights(profile, rating) };
}

const stepOf = (grid: ForecastGrid, ts: number): number => Math.floor((ts - grid.startTs) / grid.stepMs);

describe('street-light forecast', () => {
  // Issued 2026-06-21 10:00 UTC (12:00 in Lyon): the grid covers two short summer nights.
  const summer = forecastAt(Date.UTC(2026, 5, 21, 10));

  it('is zero in daylight: at local noon and mid-afternoon every level is 0 W', () => {
    for (const ts of [Date.UTC(2026, 5, 21, 10, 30), Date.UTC(2026, 5, 21, 14)]) {
      for (let level = 0; level < QUANTILE_LEVELS.length; level++) expect(quantileAt(summer.series, level, stepOf(summer.grid, ts))).toBe(0);
    }
  });

  it('is on at full power late evening and dimmed to the policy level after 23:00 local, with no spread in full night', () => {
    const evening = stepOf(summer.grid, Date.UTC(2026, 5, 21, 20, 30)); // 22:30 Paris, sun ≈ −8°
    const night = stepOf(summer.grid, Date.UTC(2026, 5, 22, 0)); // 02:00 Paris
    for (let level = 0; level < QUANTILE_LEVELS.length; level++) {
      expect(quantileAt(summer.series, level, evening)).toBeCloseTo(RATED_W, 9);
      expect(quantileAt(summer.series, level, night)).toBeCloseTo(RATED_W * 0.5, 9);
    }
  });

  it('gives an interval that straddles dusk the share of it the lights are on, and spreads only there', () => {
    const { grid, elevation, series } = summer;
    // The interval whose start is above −2° and end below.
    let dusk = -1;
    for (let step = 0; step < grid.steps && dusk < 0; step++) if (elevation[step * 4] >= -2 && elevation[(step + 1) * 4] < -2) dusk = step;
    expect(dusk).toBeGreaterThan(0);
    const median = quantileAt(series, P50, dusk);
    expect(median).toBeGreaterThan(0);
    expect(median).toBeLessThan(RATED_W);
    expect(quantileAt(series, P90, dusk) - quantileAt(series, P10, dusk)).toBeGreaterThan(0);
    // Two hours before dusk nothing is uncertain: all levels are 0.
    expect(quantileAt(series, P90, dusk - 8)).toBe(0);
  });

  it('matches the exact crossing of a linear elevation', () => {
    expect(belowShare(1, -3, -2)).toBeCloseTo(0.25, 12); // falls through −2° a quarter before the end
    expect(belowShare(-3, 1, -2)).toBeCloseTo(0.25, 12); // rises through −2° a quarter after the start
    expect(belowShare(-5, -4, -2)).toBe(1);
    expect(belowShare(3, 4, -2)).toBe(0);
  });

  it('accepts one elevation per interval (midpoints, as the PV model computes them) and agrees to within two minutes of lighting (the refraction jump at the horizon bends the interpolation)', () => {
    const { grid, series } = summer;
    const midpoints = Float64Array.from({ length: grid.steps }, (_, step) => summer.elevation[step * 4 + 2]);
    const fromMidpoints = forecastLights(lightsProfile(midpoints, grid, DEFAULT_LIGHTING_POLICY), RATING);
    for (let i = 0; i < series.values.length; i++) expect(Math.abs(fromMidpoints.values[i] - series.values[i])).toBeLessThan(0.15 * RATED_W);
  });

  it('inverts the normal CDF at the quantile levels', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815516, 6);
    expect(normalQuantile(0.1)).toBeCloseTo(-1.2815516, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6);
  });

  const policyArb = fc.record({
    onBelowElevationDeg: fc.double({ min: -8, max: 2, noNaN: true }),
    nightDimmingPct: fc.double({ min: 0, max: 100, noNaN: true }),
    nightFromLocalHour: fc.integer({ min: 0, max: 23 }),
    nightToLocalHour: fc.integer({ min: 0, max: 23 }),
    timeZone: fc.constantFrom('Europe/Paris', 'UTC', 'America/New_York', 'Asia/Kolkata'),
  });
  const ratingArb = fc.record({
    count: fc.integer({ min: 0, max: 40 }),
    ratedPowerWEach: fc.double({ min: 0, max: 250, noNaN: true }),
    minDimmingPct: fc.double({ min: 0, max: 100, noNaN: true }),
  });
  const caseArb = fc.record({
    issuedAt: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }),
    latitudeDeg: fc.double({ min: -60, max: 60, noNaN: true }),
    longitudeDeg: fc.double({ min: -180, max: 180, noNaN: true }),
    policy: policyArb,
    rating: ratingArb,
    sigma: fc.double({ min: 0, max: 3, noNaN: true }),
  });

  it('never crosses quantiles, stays in [0, rated], and is never below the minimum dimming where fully on (property)', () => {
    fc.assert(
      fc.property(caseArb, ({ issuedAt, latitudeDeg, longitudeDeg, policy, rating, sigma }) => {
        const grid = forecastGridFor(issuedAt, 96);
        const elevation = sunElevationSamples({ latitudeDeg, longitudeDeg, elevationM: 0 }, grid, 2);
        const profile = lightsProfile(elevation, grid, policy, { twilightSigmaDeg: sigma });
        const series = forecastLights(profile, rating);
        expect(isMonotone(series)).toBe(true);
        const ratedW = rating.count * rating.ratedPowerWEach;
        for (let step = 0; step < grid.steps; step++) {
          const onShare = profile.fullOnShare[P50 * grid.steps + step] + profile.dimmedOnShare[P50 * grid.steps + step];
          for (let level = 0; level < QUANTILE_LEVELS.length; level++) {
            const w = quantileAt(series, level, step);
            expect(w).toBeGreaterThanOrEqual(0);
            expect(w).toBeLessThanOrEqual(ratedW * (1 + 1e-12));
          }
          if (onShare > 1 - 1e-12) expect(quantileAt(series, P50, step)).toBeGreaterThanOrEqual((ratedW * Math.min(100, rating.minDimmingPct)) / 100 - 1e-9);
          if (onShare < 1e-12) expect(quantileAt(series, P50, step)).toBe(0);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('serves the fleet from shared profiles: one sun series per rounded location, and the same values as one segment alone', () => {
    const grid = forecastGridFor(Date.UTC(2026, 11, 1, 12));
    const n = 300;
    const input = {
      latitudeDeg: Float64Array.from({ length: n }, (_, i) => 45.75 + (i % 10) * 0.002),
      longitudeDeg: Float64Array.from({ length: n }, (_, i) => 4.84 + (i % 7) * 0.002),
      policyIndex: Uint32Array.from({ length: n }, (_, i) => i % 2),
      policies: [DEFAULT_LIGHTING_POLICY, { ...DEFAULT_LIGHTING_POLICY, nightDimmingPct: 30 }],
    };
    const plan = planLightsProfiles(input, grid);
    expect(plan.locations).toBeLessThan(20);
    const ratedW = Float64Array.from({ length: n }, (_, i) => 100 + i);
    const fleet = { ratedW, minDimmingPct: new Float64Array(n).fill(20), profileIndex: plan.profileIndex };
    const seen: number[] = [];
    forecastFleetLights(fleet, plan.profiles, (i, series) => {
      seen.push(i);
      if (i === 123) {
        const alone = forecastLights(plan.profiles[plan.profileIndex[i]], { count: 1, ratedPowerWEach: ratedW[i], minDimmingPct: 20 });
        expect(Array.from(series.values)).toEqual(Array.from(alone.values));
      }
    });
    expect(seen).toHaveLength(n);
  });
});
