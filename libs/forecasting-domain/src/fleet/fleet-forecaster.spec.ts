import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { forecastGridFor } from '../grid/forecast-grid';
import { isMonotone } from '../grid/quantile-series';
import { DEFAULT_LIGHTING_POLICY, ISP_MS } from '@trottoir/kernel';
import { FleetForecaster } from './fleet-forecaster';
import type { FleetInterval, FleetModelInput, FleetSegmentSpec } from './fleet-model';

function aSegment(index: number, overrides: Partial<FleetSegmentSpec> = {}): FleetSegmentSpec {
  return {
    segmentId: `s${index}`,
    gridNodeId: index % 2 === 0 ? 'LV1' : 'LV2',
    latDeg: 45.76 + index * 0.002,
    lonDeg: 4.84,
    elevationM: 170,
    tiltDeg: 0,
    azimuthDeg: 180,
    peakPowerW: 3_000 + 500 * index,
    inverterLimitW: 3_000 + 500 * index,
    lightsRatedW: 240,
    lightsMinDimmingPct: 20,
    policyIndex: 0,
    evCapacityW: 22_000,
    evConnectors: 1,
    ...overrides,
  };
}

function aFleet(segmentCount: number): FleetModelInput {
  const segments = Array.from({ length: segmentCount }, (_, i) => aSegment(i));
  const ids = (node: string) => segments.filter((s) => node === 'SS' || s.gridNodeId === node).map((s) => s.segmentId);
  return {
    segments,
    nodes: ['SS', 'LV1', 'LV2'].map((nodeId) => ({ nodeId, segmentIds: ids(nodeId) })),
    policies: [DEFAULT_LIGHTING_POLICY],
    timeZone: 'Europe/Paris',
  };
}

/** A day of quarter-hours: PV following the sun, lights at night, each segment's EV charging at random. */
function aDay(input: FleetModelInput, dayStartTs: number, random: () => number): FleetInterval[] {
  return Array.from({ length: 96 }, (_, k) => {
    const ts = dayStartTs + k * ISP_MS;
    const hour = k / 4;
    const daylight = Math.max(0, Math.sin(((hour - 4) / 16) * Math.PI));
    const n = input.segments.length;
    const interval: FleetInterval = { ts, pvW: new Float64Array(n), lightsW: new Float64Array(n), evW: new Float64Array(n) };
    input.segments.forEach((segment, i) => {
      interval.pvW[i] = segment.peakPowerW * 0.6 * daylight;
      interval.lightsW[i] = daylight > 0 ? 0 : segment.lightsRatedW;
      interval.evW[i] = random() < 0.3 ? segment.evCapacityW * random() : 0;
    });
    return interval;
  });
}

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

const JUNE_21 = Date.UTC(2026, 5, 21);

describe('FleetForecaster', () => {
  it('forecasts ordered, non-negative quantiles for every segment and node, and no PV at night', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 95 }), (segmentCount, day, quarter) => {
        const input = aFleet(segmentCount);
        const forecaster = new FleetForecaster(input);
        const issuedAt = Date.UTC(2026, 0, 1) + day * 86_400_000 + quarter * ISP_MS + 60_000;
        const run = forecaster.forecast(forecastGridFor(issuedAt, 96));
        const all = [...run.nodes, ...run.segments(0, segmentCount)];
        for (const forecast of all) {
          for (const series of [forecast.pvW, forecast.lightsW, forecast.evW]) {
            expect(isMonotone(series)).toBe(true);
            expect(Math.min(...series.values)).toBeGreaterThanOrEqual(0);
          }
        }
        // Lights on ⇒ the sun is down ⇒ no PV in that interval, at any level.
        for (const segment of run.segments(0, segmentCount)) {
          for (let step = 0; step < 96; step++) {
            if ((segment.lightsW.values[step] ?? 0) > 0) expect(segment.pvW.values[4 * 96 + step]).toBe(0);
          }
        }
      }),
      { numRuns: 25 },
    );
  });

  it('hands out the same segment forecasts whole or in chunks (each chunk read before the next is asked for)', () => {
    const input = aFleet(5);
    const forecaster = new FleetForecaster(input);
    forecaster.observe(aDay(input, JUNE_21 - 86_400_000, seeded(3)));
    const run = forecaster.forecast(forecastGridFor(JUNE_21 + 6 * 3_600_000));
    const copy = (chunk: ReturnType<typeof run.segments>) =>
      chunk.map((segment) => ({ segmentId: segment.segmentId, pv: [...segment.pvW.values], lights: [...segment.lightsW.values], ev: [...segment.evW.values] }));
    const whole = copy(run.segments(0, 5));
    const chunked = [...copy(run.segments(0, 2)), ...copy(run.segments(2, 4)), ...copy(run.segments(4, 99))];
    expect(chunked).toEqual(whole);
    expect(new Set(whole.map((segment) => segment.pv.join())).size).toBe(5);
  });

  it('reuses its arrays from one forecast to the next without carrying anything over: a second forecast equals a fresh forecaster\'s', () => {
    const input = aFleet(5);
    const snapshot = (forecaster: FleetForecaster, issuedAt: number) => {
      const run = forecaster.forecast(forecastGridFor(issuedAt));
      const series = (f: { pvW: { values: ArrayLike<number> }; lightsW: { values: ArrayLike<number> }; evW: { values: ArrayLike<number> } }) => [f.pvW, f.lightsW, f.evW].map((s) => Array.from(s.values));
      return { nodes: run.nodes.map(series), segments: run.segments(0, 5).map(series) };
    };
    const reused = new FleetForecaster(input);
    const fresh = new FleetForecaster(input);
    for (const forecaster of [reused, fresh]) forecaster.observe(aDay(input, JUNE_21 - 86_400_000, seeded(5)));
    const first = snapshot(reused, JUNE_21 + 20 * 3_600_000);
    const second = snapshot(reused, JUNE_21 + 8 * 3_600_000);
    expect(second).toEqual(snapshot(fresh, JUNE_21 + 8 * 3_600_000));
    expect(second).not.toEqual(first);
  });

  it('sums the street lights of a node from its segments, and forecasts PV for every node', () => {
    const input = aFleet(4);
    const run = new FleetForecaster(input).forecast(forecastGridFor(JUNE_21 + 12 * 3_600_000));
    const segments = run.segments(0, 4);
    const node = run.nodes.find((n) => n.nodeId === 'LV1');
    const members = segments.filter((s) => s.gridNodeId === 'LV1');
    expect(node?.segments).toBe(2);
    node?.lightsW.values.forEach((value, k) => expect(value).toBeCloseTo(members.reduce((sum, s) => sum + (s.lightsW.values[k] ?? 0), 0), 6));
    expect(Math.max(...(run.nodes.find((n) => n.nodeId === 'SS')?.pvW.values ?? []))).toBeGreaterThan(0);
  });

  it('learns node EV habits from the node\'s own sum: independent chargers give a node spread narrower than the sum of the segments\' P10–P90', () => {
    const input = aFleet(6);
    const forecaster = new FleetForecaster(input);
    const random = seeded(11);
    for (let day = 28; day > 0; day--) forecaster.observe(aDay(input, JUNE_21 - day * 86_400_000, random));
    const run = forecaster.forecast(forecastGridFor(JUNE_21 + 60_000));
    const node = run.nodes.find((n) => n.nodeId === 'SS');
    const segments = run.segments(0, 6);
    const steps = run.grid.steps;
    const spread = (values: ArrayLike<number>, step: number) => (values[4 * steps + step] ?? 0) - (values[step] ?? 0);
    let nodeSpread = 0;
    let summedSpread = 0;
    for (let step = 0; step < steps; step++) {
      nodeSpread += spread(node?.evW.values ?? new Float64Array(), step);
      summedSpread += segments.reduce((sum, s) => sum + spread(s.evW.values, step), 0);
    }
    expect(nodeSpread).toBeGreaterThan(0);
    expect(nodeSpread).toBeLessThan(0.8 * summedSpread);
  });

  it('keeps what it learned, by id, when the fleet changes', () => {
    const input = aFleet(3);
    const before = new FleetForecaster(input);
    const random = seeded(5);
    for (let day = 7; day > 0; day--) before.observe(aDay(input, JUNE_21 - day * 86_400_000, random));
    const grid = forecastGridFor(JUNE_21 + 60_000);
    const grown: FleetModelInput = { ...input, segments: [...input.segments, aSegment(3)], nodes: input.nodes };
    const after = new FleetForecaster(grown, before);
    const evOf = (forecaster: FleetForecaster, segmentId: string) => forecaster.forecast(grid).segments(0, 4).find((s) => s.segmentId === segmentId)?.evW.values;
    expect(evOf(after, 's1')).toEqual(evOf(before, 's1'));
    expect(evOf(after, 's3')).not.toEqual(evOf(after, 's1'));
  });
});
