/**
 * One full forecast cycle of a 100,000-segment city, 192 quarter-hours × 5 quantile levels of PV,
 * street-light and EV power per segment and per grid node: what the forecasting service computes
 * every 15 minutes (learning the last quarter-hour, the node forecasts, then every segment's, in the
 * chunks the service stores and publishes). The models are first warmed with two weeks of synthetic
 * measurements so the cycle runs on learned state, as in production. Not part of `npm test`.
 *
 * Run: npm run bench:forecast [-- --segments 100000 --seed 1]. The last line is JSON:
 * {"segments":…,"steps":…,"seconds":…,"segmentStepsPerSec":…} (seconds = the cycle, warm-up excluded).
 */
import { parseArgs } from 'node:util';

import { FleetForecaster, fleetModelInputOf, forecastGridFor } from '@trottoir/forecasting-domain';
import type { FleetInterval } from '@trottoir/forecasting-domain';
import { generateCity } from '@trottoir/fleet';
import { ISP_MS, Prng } from '@trottoir/kernel';

const { values } = parseArgs({
  options: {
    segments: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'warmup-days': { type: 'string', default: '14' },
    chunk: { type: 'string', default: '2000' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: npm run bench:forecast [-- --segments 100000] [--seed 1] [--warmup-days 14] [--chunk 2000]');
  process.exit(0);
}
const segmentCount = Number(values.segments);
const warmupDays = Number(values['warmup-days']);
const chunk = Number(values.chunk);
if (!(segmentCount >= 1) || !(warmupDays >= 0) || !(chunk >= 1)) throw new Error('--segments, --warmup-days and --chunk must be positive numbers');

const issuedAt = Date.UTC(2026, 5, 21, 9, 2);
const log = (line: string) => process.stderr.write(`${line}\n`);

let started = performance.now();
const city = generateCity({ segments: segmentCount, seed: Number(values.seed) });
const input = fleetModelInputOf(city.segments, city.gridNodes, { timeZone: 'Europe/Paris' });
const forecaster = new FleetForecaster(input);
log(`city: ${input.segments.length} segments, ${input.nodes.length} grid nodes (${Math.round(performance.now() - started)} ms)`);

/** Plausible quarter-hours: PV as a share of peak following the sun's day, lights at night, some EV charging. */
const random = Prng.fromSeed(7);
function syntheticInterval(ts: number): FleetInterval {
  const n = input.segments.length;
  const hour = new Date(ts).getUTCHours() + new Date(ts).getUTCMinutes() / 60;
  const daylight = Math.max(0, Math.sin(((hour - 4) / 16) * Math.PI));
  const clouds = 0.4 + 0.6 * random.next();
  const interval: FleetInterval = { ts, pvW: new Float64Array(n), lightsW: new Float64Array(n), evW: new Float64Array(n) };
  input.segments.forEach((segment, i) => {
    interval.pvW[i] = segment.peakPowerW * 0.55 * daylight * clouds;
    interval.lightsW[i] = daylight > 0 ? 0 : segment.lightsRatedW * (hour >= 21 || hour < 3 ? 0.5 : 1);
    interval.evW[i] = segment.evCapacityW > 0 && random.next() < 0.2 ? random.next() * segment.evCapacityW : 0;
  });
  return interval;
}

started = performance.now();
const firstTs = Math.floor(issuedAt / ISP_MS) * ISP_MS - warmupDays * 96 * ISP_MS;
for (let day = 0; day < warmupDays; day++) {
  const intervals = Array.from({ length: 96 }, (_, k) => syntheticInterval(firstTs + (day * 96 + k) * ISP_MS));
  forecaster.observe(intervals);
  log(`warm-up: day ${day + 1}/${warmupDays} (${Math.round((performance.now() - started) / 1000)} s)`);
}

// The cycle: learn the last quarter-hour, forecast nodes, then every segment chunk by chunk.
const lastInterval = syntheticInterval(Math.floor(issuedAt / ISP_MS) * ISP_MS - ISP_MS);
const grid = forecastGridFor(issuedAt);
started = performance.now();
forecaster.observe([lastInterval]);
const learnedMs = performance.now() - started;
const run = forecaster.forecast(grid);
const nodesMs = performance.now() - started - learnedMs;
let checksum = 0;
for (let from = 0; from < run.segmentCount; from += chunk) {
  for (const segment of run.segments(from, from + chunk)) checksum += (segment.pvW.values[40] ?? 0) + (segment.evW.values[300] ?? 0) + (segment.lightsW.values[900] ?? 0);
}
const seconds = (performance.now() - started) / 1000;
log(`cycle: learn ${learnedMs.toFixed(0)} ms, nodes ${nodesMs.toFixed(0)} ms, total ${seconds.toFixed(2)} s; RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB; checksum ${Math.round(checksum)}`);
console.log(JSON.stringify({ segments: run.segmentCount, steps: grid.steps, seconds: +seconds.toFixed(3), segmentStepsPerSec: Math.round((run.segmentCount * grid.steps) / seconds) }));
