import v8 from 'node:v8';
import { FleetForecaster, fleetModelInputOf, forecastGridFor } from '@trottoir/forecasting-domain';
import type { FleetInterval } from '@trottoir/forecasting-domain';
import { generateCity } from '@trottoir/fleet';
import { ISP_MS, Prng } from '@trottoir/kernel';
const n = Number(process.argv[2] ?? 20000);
const gc = (globalThis as { gc?: () => void }).gc!;
const city = generateCity({ segments: n, seed: 1 });
const input = fleetModelInputOf(city.segments, city.gridNodes, { timeZone: 'Europe/Paris' });
const forecaster = new FleetForecaster(input);
const random = Prng.fromSeed(7);
function syntheticInterval(ts: number): FleetInterval {
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
const firstIssuedAt = Date.UTC(2026, 5, 21, 9, 2);
const firstTs = Math.floor(firstIssuedAt / ISP_MS) * ISP_MS - 96 * ISP_MS;
for (let hour = 0; hour < 24; hour++) forecaster.observe(Array.from({ length: 4 }, (_, k) => syntheticInterval(firstTs + (hour * 4 + k) * ISP_MS)));
const run = forecaster.forecast(forecastGridFor(firstIssuedAt));
gc(); gc();
console.log(JSON.stringify(process.memoryUsage()), input.nodes.length, run.nodes.length);
console.log(v8.writeHeapSnapshot('/tmp/fm/heap.heapsnapshot'));
