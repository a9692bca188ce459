/**
 * The forecasting service's warm restart at fleet scale (issue 13, goal 3: a restart issues its first
 * forecast within 30 s at 100,000 segments), through the real checkpoint store on PostgreSQL:
 *
 * 1. a first process (the service before the restart) warms the models up with days of synthetic
 *    quarter-hours, issues a cycle and saves the checkpoint with `PgLearnedStateStore` (timed: `saveMs`);
 * 2. a second process (the restarted service), from its first line: builds the fleet view (in the service
 *    the compacted fleet topics bring it; here the same seeded city, timed apart as `fleetMs`), loads the
 *    latest checkpoint from PostgreSQL part by part (`loadMs`), restores the forecaster from it
 *    (`restoreMs`), learns the quarter-hour since and forecasts every node and segment (`firstCycleMs`).
 *    `sinceStartMs` runs from the process's start (Node's own boot included) to the end of that cycle.
 *
 * The cycle's storing and publishing are left out, as in `bench:forecast`. The database is a throwaway one
 * on --database-url (dropped at the end). Not part of `npm test`.
 *
 * Run: npm run bench:forecast-restart [-- --segments 100000 --warmup-days 1 --heap-mb 0]
 * Ends with one JSON line:
 * {"segments":…,"nodes":…,"checkpointMb":…,"parts":…,"saveMs":…,"fleetMs":…,"loadMs":…,"restoreMs":…,"firstCycleMs":…,"sinceStartMs":…,"rssMb":…}
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

import { FleetForecaster, forecasterCheckpointParts, ForecasterCheckpointReader, FORECASTER_STATE_VERSION, fleetModelInputOf, forecastGridFor } from '@trottoir/forecasting-domain';
import type { FleetModelInput } from '@trottoir/forecasting-domain';
import { generateCity } from '@trottoir/fleet';
import { ISP_MS, Prng } from '@trottoir/kernel';
import { createPgPool, runMigrations } from '@trottoir/persistence';
import { createTestDatabase } from '@trottoir/testing';

import { PgLearnedStateStore } from '../../services/forecasting/src/checkpoint/learned-state.pg';
import { syntheticInterval } from './forecast.bench.helpers';
import { sampleRss } from './peak-rss';

const MODEL_VERSION = 'bench';
const FIRST_ISSUED_AT = Date.UTC(2026, 5, 21, 9, 2);

const { values } = parseArgs({
  options: {
    segments: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'warmup-days': { type: 'string', default: '1' },
    'heap-mb': { type: 'string', default: '0' },
    'database-url': { type: 'string', default: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    role: { type: 'string', default: '' },
    url: { type: 'string', default: '' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(`usage: npm run bench:forecast-restart [-- --segments 100000] [--seed 1] [--warmup-days 1] [--heap-mb 0] [--database-url <url>]

Times a warm restart of the forecaster: a first process warms up, issues and checkpoints into a throwaway
database on --database-url; a second one builds the fleet, loads the checkpoint from PostgreSQL, restores
and issues its first forecast. --heap-mb: both processes' --max-old-space-size (0: Node's default).
Progress on stderr, one JSON line on stdout.`);
  process.exit(0);
}
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const segmentCount = Number(values.segments);
const warmupDays = Number(values['warmup-days']);
if (!(segmentCount >= 1) || !(warmupDays >= 0)) throw new Error('--segments must be positive and --warmup-days not negative');

/** The fleet as the service's fleet view would hold it, and the model input built from it. */
function fleet(): FleetModelInput {
  const city = generateCity({ segments: segmentCount, seed: Number(values.seed) });
  return fleetModelInputOf(city.segments, city.gridNodes, { timeZone: 'Europe/Paris' });
}

/** Issues one cycle: learns the quarter-hour before `issuedAt`, forecasts every node and walks every segment. */
function cycle(forecaster: FleetForecaster, input: FleetModelInput, issuedAt: number, random: Prng): void {
  forecaster.observe([syntheticInterval(input, Math.floor(issuedAt / ISP_MS) * ISP_MS - ISP_MS, random)]);
  const run = forecaster.forecast(forecastGridFor(issuedAt));
  for (let from = 0; from < run.segmentCount; from += 2_000) for (const segment of run.segments(from, from + 2_000)) void segment.pvW;
}

/** The service before the restart: warm-up, one issue, the checkpoint saved. */
async function before(url: string): Promise<void> {
  const input = fleet();
  const forecaster = new FleetForecaster(input);
  const random = Prng.fromSeed(7);
  const firstTs = Math.floor(FIRST_ISSUED_AT / ISP_MS) * ISP_MS - warmupDays * 96 * ISP_MS;
  const startedAt = performance.now();
  for (let hour = 0; hour < warmupDays * 24; hour++) {
    forecaster.observe(Array.from({ length: 4 }, (_, k) => syntheticInterval(input, firstTs + (hour * 4 + k) * ISP_MS, random)));
    if (hour % 24 === 23) log(`warm-up: day ${(hour + 1) / 24}/${warmupDays} (${Math.round((performance.now() - startedAt) / 1000)} s)`);
  }
  cycle(forecaster, input, FIRST_ISSUED_AT, random);
  const pool = createPgPool(url, { max: 2 });
  try {
    const savedAt = performance.now();
    let parts = 0;
    const meta = { stateVersion: FORECASTER_STATE_VERSION, modelVersion: MODEL_VERSION, learnedUpToTs: Math.floor(FIRST_ISSUED_AT / ISP_MS) * ISP_MS, issuedAt: FIRST_ISSUED_AT };
    const bytes = await new PgLearnedStateStore(pool).save(meta, (function* () {
      for (const part of forecasterCheckpointParts(forecaster.learned())) {
        parts++;
        yield part;
      }
    })());
    const saveMs = performance.now() - savedAt;
    log(`checkpoint saved: ${parts} parts, ${Math.round(bytes / 1e6)} MB in ${Math.round(saveMs)} ms`);
    console.log(JSON.stringify({ checkpointMb: +(bytes / 1e6).toFixed(1), parts, saveMs: Math.round(saveMs) }));
  } finally {
    await pool.end();
  }
}

/** The restarted service: everything from its first line to its first forecast. */
async function after(url: string): Promise<void> {
  const peakRss = sampleRss();
  let startedAt = performance.now();
  const input = fleet();
  const fleetMs = performance.now() - startedAt;
  const pool = createPgPool(url, { max: 2 });
  try {
    startedAt = performance.now();
    const reader = new ForecasterCheckpointReader();
    let readable = true;
    const meta = await new PgLearnedStateStore(pool).loadLatest({ stateVersion: FORECASTER_STATE_VERSION, modelVersion: MODEL_VERSION }, (part) => {
      if (readable) readable = reader.accept(part);
    });
    if (!meta || !readable) throw new Error('the checkpoint just saved could not be read back');
    const loadMs = performance.now() - startedAt;
    startedAt = performance.now();
    const forecaster = new FleetForecaster(input, reader.finish());
    const restoreMs = performance.now() - startedAt;
    startedAt = performance.now();
    cycle(forecaster, input, FIRST_ISSUED_AT + ISP_MS, Prng.fromSeed(8));
    const firstCycleMs = performance.now() - startedAt;
    // performance.now() counts from the process's time origin: Node's boot and the module loading included.
    const sinceStartMs = performance.now();
    log(`restart: fleet ${Math.round(fleetMs)} ms, checkpoint loaded from PostgreSQL ${Math.round(loadMs)} ms, restored ${Math.round(restoreMs)} ms, first cycle ${Math.round(firstCycleMs)} ms; first forecast ${(sinceStartMs / 1000).toFixed(1)} s after the process started`);
    console.log(
      JSON.stringify({ segments: input.segments.length, nodes: input.nodes.length, fleetMs: Math.round(fleetMs), loadMs: Math.round(loadMs), restoreMs: Math.round(restoreMs), firstCycleMs: Math.round(firstCycleMs), sinceStartMs: Math.round(sinceStartMs), rssMb: peakRss() }),
    );
  } finally {
    await pool.end();
  }
}

/** Runs this file again as `role` in a process of its own; resolves its JSON line. */
function child(role: 'before' | 'after', url: string): Promise<Record<string, number>> {
  const heapMb = Number(values['heap-mb']);
  const nodeArgs = [...(heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : []), '-r', '@swc-node/register'];
  const spawned = spawn(process.execPath, [...nodeArgs, __filename, ...process.argv.slice(2), '--role', role, '--url', url], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  let stdout = '';
  spawned.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) =>
    spawned.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>) : reject(new Error(`the ${role} process exited with ${code}`)))),
  );
}

async function main(): Promise<void> {
  if (values.role === 'before') return before(values.url);
  if (values.role === 'after') return after(values.url);
  const database = await createTestDatabase(values['database-url']);
  try {
    await runMigrations(database.url);
    log(`${segmentCount} segments, ${warmupDays} day(s) of warm-up; database ${database.name}`);
    const saved = await child('before', database.url);
    const restarted = await child('after', database.url);
    const { segments, nodes, fleetMs, loadMs, restoreMs, firstCycleMs, sinceStartMs, rssMb } = restarted;
    console.log(JSON.stringify({ segments, nodes, checkpointMb: saved.checkpointMb, parts: saved.parts, saveMs: saved.saveMs, fleetMs, loadMs, restoreMs, firstCycleMs, sinceStartMs, rssMb }));
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
