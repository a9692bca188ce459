/**
 * Speed of one PV forecast cycle for a large fleet (the PV share of the 10 s goal): 100,000 segments
 * on 50 sites under 500 nodes, 192 quarter-hours, after one observed interval. Prints a JSON line
 * {"segments":…,"steps":…,"sites":…,"nodes":…,"prepareSeconds":…,"segmentsSeconds":…,"nodesSeconds":…,"segmentStepsPerSec":…}.
 *   node tools/scripts/run-ts.mjs test/bench/pv-forecast.bench.ts [--segments 100000]
 */
import { createPvFleet, createQuantileSeries, forecastGridFor, observePvNodes, observePvSegments, preparePvForecast, pvNodeForecasts, pvSegmentForecastInto } from '@trottoir/forecasting-domain';
import type { PvSegmentSpec } from '@trottoir/forecasting-domain';

const i = process.argv.indexOf('--segments');
const count = i > 0 ? Number(process.argv[i + 1]) : 100_000;
const segments: PvSegmentSpec[] = Array.from({ length: count }, (_, s) => ({
  segmentId: `s${s}`,
  nodeId: `n${s % 500}`,
  latDeg: 45.7 + (s % 10) * 0.02,
  lonDeg: 4.8 + (Math.floor(s / 10) % 5) * 0.02,
  elevationM: 170,
  tiltDeg: 0,
  azimuthDeg: 180,
  peakPowerW: 10_000,
  inverterLimitW: 9_000,
}));
const fleet = createPvFleet(segments);
const issuedAt = Date.UTC(2026, 5, 21, 10, 0);
observePvSegments(fleet, issuedAt - 900_000, new Float64Array(count).fill(5000));
observePvNodes(fleet, issuedAt - 900_000, new Float64Array(fleet.nodes.length).fill(5000 * 200));
const grid = forecastGridFor(issuedAt, 192);
const t0 = performance.now();
const prepared = preparePvForecast(fleet, grid);
const t1 = performance.now();
const out = createQuantileSeries(grid.steps);
const expectedW = new Float64Array(grid.steps);
let checksum = 0;
for (let s = 0; s < count; s++) checksum += pvSegmentForecastInto(prepared, s, out, expectedW).values[500];
const t2 = performance.now();
const nodes = pvNodeForecasts(prepared);
const t3 = performance.now();
const seconds = (t3 - t0) / 1000;
process.stderr.write(`checksum ${checksum.toFixed(0)}, ${nodes.size} nodes\n`);
process.stdout.write(
  `${JSON.stringify({ segments: count, steps: grid.steps, sites: fleet.sites.length, nodes: fleet.nodes.length, prepareSeconds: +((t1 - t0) / 1000).toFixed(3), segmentsSeconds: +((t2 - t1) / 1000).toFixed(3), nodesSeconds: +((t3 - t2) / 1000).toFixed(3), segmentStepsPerSec: Math.round((count * grid.steps) / seconds) })}\n`,
);
