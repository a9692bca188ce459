import fc from 'fast-check';

import { forecastGridFor } from '../grid/forecast-grid';
import { isMonotone } from '../grid/quantile-series';
import { buildClearSkyTable } from './clear-sky-table';
import { createQuantileSeries } from '../grid/quantile-series';
import { createPvFleet, forecastPvFleet, observePvNodes, observePvSegments, preparePvForecast, pvFleetState, pvNodeForecasts, pvSegmentForecastInto } from './pv-fleet';
import type { PvSegmentSpec } from './pv-fleet';

const segment = (i: number, nodeId: string): PvSegmentSpec => ({
  segmentId: `s${i}`,
  nodeId,
  latDeg: 45.76 + i * 0.001,
  lonDeg: 4.83,
  elevationM: 170,
  tiltDeg: 0,
  azimuthDeg: 180,
  peakPowerW: 10_000 + 1000 * i,
  inverterLimitW: 6_000 + 500 * i,
});

function trainedFleet(days: number, seed: number) {
  const segments = [segment(0, 'a'), segment(1, 'a'), segment(2, 'b')];
  const fleet = createPvFleet(segments, [{ nodeId: 'feeder', segmentIds: ['s0', 's1', 's2'] }]);
  const start = Date.UTC(2026, 4, 1);
  const table = buildClearSkyTable(fleet.sites, start, 900_000, days * 96);
  let r = seed;
  for (let i = 0; i < days * 96; i++) {
    r = (r * 48271) % 2147483647;
    const csi = 0.3 + 0.7 * (r / 2147483647);
    const powers = segments.map((s, k) => table.acWPerWp[fleet.siteOf[k] * table.steps + i] * s.peakPowerW * 0.7 * csi);
    observePvSegments(fleet, start + i * 900_000, powers, table);
    const byNode = fleet.nodes.map((node) => node.segmentIds.reduce((sum, id) => sum + powers[Number(id.slice(1))], 0));
    observePvNodes(fleet, start + i * 900_000, byNode, table);
  }
  return { fleet, segments, issuedAt: start + days * 86_400_000 + 60_000 };
}

describe('PV fleet forecast', () => {
  it('is zero at night, ordered, never above min(clear-sky power, inverter limit), for segments and nodes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 3 }), (seed, days) => {
        const { fleet, segments, issuedAt } = trainedFleet(days, seed);
        const grid = forecastGridFor(issuedAt, 192);
        const table = buildClearSkyTable(fleet.sites, grid.startTs, grid.stepMs, grid.steps);
        const forecast = forecastPvFleet(fleet, grid, { table });
        forecast.segments.forEach((series, k) => {
          expect(isMonotone(series)).toBe(true);
          for (let step = 0; step < grid.steps; step++) {
            const clearW = table.acWPerWp[fleet.siteOf[k] * table.steps + step] * segments[k].peakPowerW;
            const cap = Math.min(clearW, segments[k].inverterLimitW);
            for (let level = 0; level < series.levels.length; level++) {
              const value = series.values[level * grid.steps + step];
              expect(value).toBeGreaterThanOrEqual(0);
              expect(value).toBeLessThanOrEqual(cap + 1e-9);
              if (clearW === 0) expect(value).toBe(0);
            }
          }
        });
        for (const node of forecast.nodes.values()) expect(isMonotone(node.pvW)).toBe(true);
        const feeder = forecast.nodes.get('feeder')!.pvW;
        const midnight = Math.round((Date.UTC(2026, 4, 1 + days + 1) - grid.startTs) / grid.stepMs);
        expect(feeder.values[4 * grid.steps + midnight]).toBe(0);
      }),
      { numRuns: 5 },
    );
  });

  it('builds nodes for leaf ids not listed, and its state round-trips through a structured clone', () => {
    const { fleet, segments, issuedAt } = trainedFleet(2, 3);
    expect(fleet.nodes.map((n) => n.nodeId).sort()).toEqual(['a', 'b', 'feeder']);
    const restored = createPvFleet(segments, [{ nodeId: 'feeder', segmentIds: ['s0', 's1', 's2'] }], structuredClone(pvFleetState(fleet)));
    const grid = forecastGridFor(issuedAt, 96);
    expect(forecastPvFleet(restored, grid).segments[1].values).toEqual(forecastPvFleet(fleet, grid).segments[1].values);
  });

  it('writes any segment on demand as the whole-fleet call does, and gives nodes their references', () => {
    const { fleet, issuedAt } = trainedFleet(3, 11);
    const grid = forecastGridFor(issuedAt, 96);
    const whole = forecastPvFleet(fleet, grid);
    const prepared = preparePvForecast(fleet, grid);
    const out = createQuantileSeries(96);
    const expectedW = new Float64Array(96);
    pvSegmentForecastInto(prepared, 2, out, expectedW);
    expect(Array.from(out.values)).toEqual(Array.from(whole.segments[2].values));
    expect(Array.from(expectedW)).toEqual(Array.from(whole.segmentExpectedW[2]));
    const feeder = pvNodeForecasts(prepared).get('feeder')!;
    const noon = Math.round((Date.UTC(2026, 4, 4, 12) - grid.startTs) / grid.stepMs);
    expect(feeder.references.smartPersistenceW[noon]).toBeGreaterThan(0);
    expect(feeder.references.climatologyW[noon]).toBeGreaterThan(0);
    expect(feeder.expectedW[noon]).toBeGreaterThan(feeder.pvW.values[noon]); // above P10
    expect(feeder.expectedW[noon]).toBeLessThan(feeder.pvW.values[4 * 96 + noon]); // below P90
  });
});
