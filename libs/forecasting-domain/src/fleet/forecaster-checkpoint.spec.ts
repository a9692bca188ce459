import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { DEFAULT_LIGHTING_POLICY, ISP_MS } from '@trottoir/kernel';
import { forecastGridFor } from '../grid/forecast-grid';
import { FleetForecaster } from './fleet-forecaster';
import type { FleetForecastRun } from './fleet-forecaster';
import type { FleetInterval, FleetModelInput, FleetSegmentSpec } from './fleet-model';
import { FORECASTER_STATE_VERSION, forecasterCheckpointParts, ForecasterCheckpointReader } from './forecaster-checkpoint';
import { BinaryRecordReader, BinaryRecordWriter } from './binary-record';

function aFleet(segmentCount: number): FleetModelInput {
  const segments = Array.from({ length: segmentCount }, (_, i): FleetSegmentSpec => ({
    segmentId: `s${i}`,
    gridNodeId: i % 2 === 0 ? 'LV1' : 'LV2',
    latDeg: 45.76 + i * 0.002,
    lonDeg: 4.84,
    elevationM: 170,
    tiltDeg: 0,
    azimuthDeg: 180,
    peakPowerW: 3_000 + 500 * i,
    inverterLimitW: 3_000 + 500 * i,
    lightsRatedW: 240,
    lightsMinDimmingPct: 20,
    policyIndex: 0,
    // Every third segment without chargers: its EV entry is absent and must stay so.
    evCapacityW: i % 3 === 2 ? 0 : 22_000,
    evConnectors: i % 3 === 2 ? 0 : 1,
  }));
  const ids = (node: string) => segments.filter((s) => node === 'SS' || s.gridNodeId === node).map((s) => s.segmentId);
  return { segments, nodes: ['SS', 'LV1', 'LV2'].map((nodeId) => ({ nodeId, segmentIds: ids(nodeId) })), policies: [DEFAULT_LIGHTING_POLICY], timeZone: 'Europe/Paris' };
}

/** Quarter-hours from `fromTs`: PV following the sun with random clouds, lights at night, random EV charging. */
function intervals(input: FleetModelInput, fromTs: number, count: number, seed: number): FleetInterval[] {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  return Array.from({ length: count }, (_, k) => {
    const ts = fromTs + k * ISP_MS;
    const hour = (ts % 86_400_000) / 3_600_000;
    const daylight = Math.max(0, Math.sin(((hour - 4) / 16) * Math.PI));
    const n = input.segments.length;
    const interval: FleetInterval = { ts, pvW: new Float64Array(n), lightsW: new Float64Array(n), evW: new Float64Array(n) };
    const clouds = 0.3 + 0.7 * random();
    input.segments.forEach((segment, i) => {
      interval.pvW[i] = segment.peakPowerW * 0.6 * daylight * clouds;
      interval.lightsW[i] = daylight > 0 ? 0 : segment.lightsRatedW * (0.8 + 0.4 * random());
      interval.evW[i] = random() < 0.3 ? segment.evCapacityW * random() : 0;
    });
    return interval;
  });
}

function restored(forecaster: FleetForecaster): FleetForecaster {
  const reader = new ForecasterCheckpointReader();
  for (const part of forecasterCheckpointParts(forecaster.learned())) expect(reader.accept(part)).toBe(true);
  return new FleetForecaster(forecaster.input, reader.finish());
}

function valuesOf(run: FleetForecastRun): number[] {
  const out: number[] = [];
  for (const forecast of [...run.nodes, ...run.segments(0, run.segmentCount)]) {
    for (const series of [forecast.pvW, forecast.lightsW, forecast.evW]) out.push(...series.values);
  }
  return out;
}

const START = Date.UTC(2026, 5, 18);

describe('forecaster checkpoint', () => {
  it('restores a forecaster that learns and forecasts exactly as the original from then on (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 40, max: 300 }), fc.integer({ min: 1, max: 1e6 }), (segments, learned, seed) => {
        const input = aFleet(segments);
        const original = new FleetForecaster(input);
        original.observe(intervals(input, START, learned, seed));
        const copy = restored(original);
        // The next cycle: both learn the same quarter-hours, then forecast.
        const next = intervals(input, START + learned * ISP_MS, 6, seed + 1);
        original.observe(next);
        copy.observe(next);
        const grid = forecastGridFor(START + (learned + 6) * ISP_MS + 90_000, 96);
        expect(valuesOf(copy.forecast(grid))).toEqual(valuesOf(original.forecast(grid)));
      }),
      { numRuns: 12 },
    );
  });

  it('is not read when written by another version of the models', () => {
    const input = aFleet(2);
    const forecaster = new FleetForecaster(input);
    const [header] = forecasterCheckpointParts(forecaster.learned());
    const reader = new BinaryRecordReader<{ kind: string; version: string }>(header as Uint8Array);
    expect(reader.header.version).toBe(FORECASTER_STATE_VERSION);
    const older = new BinaryRecordWriter().finish({ ...reader.header, version: 'trottoir-forecaster-state/0', sections: undefined });
    expect(new ForecasterCheckpointReader().accept(older)).toBe(false);
  });

  it('refuses to finish without its segment parts', () => {
    const forecaster = new FleetForecaster(aFleet(3));
    const [header] = forecasterCheckpointParts(forecaster.learned());
    const reader = new ForecasterCheckpointReader();
    reader.accept(header as Uint8Array);
    expect(() => reader.finish()).toThrow(/incomplete/);
  });
});
