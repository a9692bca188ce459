/**
 * The PV forecast's backtest on a long simulated year: segments of one street kind under one grid node,
 * simulated by @trottoir/simulator (weather, moving clouds, soiling washed by rain, parked cars, broken
 * tiles) at 5-minute steps averaged to 15-minute rollups, then replayed with a rolling origin through
 * `runBacktest` (the node's summed PV power as one site). Prints one JSON line per horizon.
 *
 *   node tools/scripts/run-ts.mjs test/validation/forecast-backtest-year.ts [--kind urban-street|rural-road|car-park]
 *        [--segments 10] [--seed 7] [--year 2025] [--days 365] [--warmup-days 14] [--horizons 15m,1h,3h,6h,24h]
 *        [--nwp-noise 0.2]
 *
 * `--nwp-noise σ` adds a simulated weather forecast: the simulator's own cloud cover of each target interval plus
 * a normal error of σ × (0.5 + lead in days), drawn per (issue hour, target day) — an assumed provider skill,
 * not a measured one — turned into a clear-sky index by Kasten–Czeplak like a real cloud-cover forecast.
 */
import { create } from '@bufbuild/protobuf';
import { SegmentKind, SegmentSchema } from '@trottoir/contracts';
import { parseHorizons, runBacktest } from '@trottoir/forecasting-domain';
import type { MeasuredPoint, PvWeatherForecast } from '@trottoir/forecasting-domain';
import { hashSeed, Prng } from '@trottoir/kernel';
import { createFleetState, stepFleet } from '@trottoir/simulator';
import type { CityWeather } from '@trottoir/simulator';

const KINDS: Record<string, SegmentKind> = { 'urban-street': SegmentKind.URBAN_STREET, 'rural-road': SegmentKind.RURAL_ROAD, 'car-park': SegmentKind.CAR_PARK };
const LYON = { latDeg: 45.7578, lonDeg: 4.832, elevationM: 170 };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

/** A simulated provider: true cloud cover + an error growing with the lead, fixed per (issue hour, target day). */
function simulatedNwp(weather: CityWeather, sigma: number, seed: number) {
  return (issuedAt: number, startTs: number, steps: number): PvWeatherForecast => {
    const issueHour = Math.floor(issuedAt / 3_600_000);
    const points = [];
    for (let step = 0; step < steps; step++) {
      const ts = startTs + step * 900_000;
      const targetDay = Math.floor(ts / 86_400_000);
      const leadDays = (ts - issuedAt) / 86_400_000;
      const error = new Prng(hashSeed(seed, 'nwp', `${issueHour}:${targetDay}`)).normal() * sigma * (0.5 + leadDays);
      const now = weather.at(ts + 450_000);
      points.push({ ts, cloudCover: Math.min(Math.max(now.cloudCover + error, 0), 1), airTempC: now.airTempC });
    }
    return { issuedAt, locations: [{ latDeg: LYON.latDeg, lonDeg: LYON.lonDeg, points }] };
  };
}

function main(): void {
  if (process.argv.includes('--help')) {
    process.stdout.write('usage: forecast-backtest-year.ts [--kind urban-street|rural-road|car-park] [--segments 10] [--seed 7] [--year 2025] [--days 365] [--warmup-days 14] [--horizons list]\n');
    return;
  }
  const kindName = arg('kind', 'urban-street');
  const kind = KINDS[kindName];
  if (kind === undefined) throw new Error(`--kind ${kindName}: expected one of ${Object.keys(KINDS).join(', ')}`);
  const count = Number(arg('segments', '10'));
  const seed = Number(arg('seed', '7'));
  const year = Number(arg('year', '2025'));
  const days = Number(arg('days', '365'));
  const peakPowerWEach = 15_000;
  const segments = Array.from({ length: count }, (_, i) =>
    create(SegmentSchema, {
      segmentId: `seg-${i}`,
      gridNodeId: 'lv-1',
      kind,
      // A street a few hundred metres long: the segments share most clouds, not all.
      location: { latDeg: LYON.latDeg + (i % 5) * 0.002, lonDeg: LYON.lonDeg + Math.floor(i / 5) * 0.003 },
      commissionedAt: Date.UTC(2020, 0, 1),
      pv: { areaM2: 100, peakPowerW: peakPowerWEach, tiltDeg: 0, azimuthDeg: 180, inverterLimitW: peakPowerWEach },
    }),
  );
  const state = createFleetState(segments, { seed, elevationM: LYON.elevationM });
  const startTs = Date.UTC(year, 0, 1);
  const subStepMs = 300_000;
  const series: MeasuredPoint[] = [];
  const t0 = Date.now();
  stepFleet(state, startTs, 0);
  for (let interval = 0; interval < days * 96; interval++) {
    let sumW = 0;
    // Readings at the end of each 5-minute sub-step, averaged over the interval they close.
    for (let k = 1; k <= 3; k++) {
      for (const reading of stepFleet(state, startTs + interval * 900_000 + k * subStepMs, subStepMs)) sumW += reading.pvPowerW;
    }
    series.push({ ts: startTs + interval * 900_000, powerW: sumW / 3 });
  }
  const simulatedS = (Date.now() - t0) / 1000;
  const horizons = arg('horizons', '15m,1h,3h,6h,24h');
  const t1 = Date.now();
  const rows = runBacktest(
    series,
    { latDeg: LYON.latDeg, lonDeg: LYON.lonDeg, elevationM: LYON.elevationM, tiltDeg: 0, azimuthDeg: 180, peakPowerW: count * peakPowerWEach },
    {
      horizonsMs: parseHorizons(horizons),
      warmupMs: Number(arg('warmup-days', '14')) * 86_400_000,
      ...(process.argv.includes('--nwp-noise') ? { weatherAt: simulatedNwp(state.weather, Number(arg('nwp-noise', '0.2')), seed) } : {}),
    },
  );
  const nwp = process.argv.includes('--nwp-noise') ? `, simulated NWP σ ${arg('nwp-noise', '0.2')}` : '';
  process.stderr.write(`${kindName} × ${count}, seed ${seed}${nwp}, ${days} days from ${year}-01-01: simulated in ${simulatedS.toFixed(1)} s, backtest ${((Date.now() - t1) / 1000).toFixed(1)} s\n`);
  for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
}

main();
