// Measures telemetry write throughput (rows/s) of TelemetryWriter: COPY through a staging table vs
// multi-row INSERT, for fresh rows and for a replay of the same rows (all duplicates). Runs against a
// throwaway database created on the given server and dropped at the end.
// Run: node tools/scripts/run-ts.mjs test/bench/telemetry-write.bench.ts --help
import { randomBytes } from 'node:crypto';

import { TelemetryWriter, TimeSeriesSchema, createPgPool, runMigrations } from '@trottoir/persistence';
import type { TelemetryRow, WriteResult } from '@trottoir/persistence';
import { Command } from 'commander';
import { Client } from 'pg';

interface BenchOptions {
  databaseUrl: string;
  rows: number;
  batch: number;
  segments: number;
}

const program = new Command()
  .name('telemetry-write.bench')
  .description('rows/s of TelemetryWriter.write (COPY) vs writeWithInsert (multi-row INSERT) on a fresh database')
  .option('--database-url <url>', 'server to create the throwaway database on', process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--rows <n>', 'rows per method', (value) => Number.parseInt(value, 10), 100_000)
  .option('--batch <n>', 'rows per write call', (value) => Number.parseInt(value, 10), 5_000)
  .option('--segments <n>', 'distinct segments in the rows', (value) => Number.parseInt(value, 10), 1_000);

function generateRows(prefix: string, count: number, segments: number, startTs: number): TelemetryRow[] {
  return Array.from({ length: count }, (_, i) => {
    const step = Math.floor(i / segments);
    return {
      segmentId: `${prefix}-${String(i % segments).padStart(5, '0')}`,
      ts: startTs + step * 10_000,
      pvPowerW: -Math.round(Math.random() * 6_000),
      lightsPowerW: 0,
      evPowerW: Math.random() < 0.3 ? 7_400 : 0,
      batteryPowerW: 0,
      batterySocPct: i % 3 === 0 ? null : 50,
      netPowerW: 100,
      meterImportWh: 10_000 + step,
      meterExportWh: 5_000 + step,
      lightsDimmingPct: 0,
      evSessionsActive: i % 2,
    };
  });
}

async function timed(rows: TelemetryRow[], batch: number, write: (rows: TelemetryRow[]) => Promise<WriteResult>) {
  const started = process.hrtime.bigint();
  let inserted = 0;
  for (let start = 0; start < rows.length; start += batch) inserted += (await write(rows.slice(start, start + batch))).inserted;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, inserted, rowsPerSecond: Math.round(rows.length / seconds) };
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(options: BenchOptions): Promise<void> {
  const name = `trottoir_bench_${randomBytes(4).toString('hex')}`;
  await admin(options.databaseUrl, `create database "${name}"`);
  const url = new URL(options.databaseUrl);
  url.pathname = `/${name}`;
  const pool = createPgPool(url.toString(), { max: 2 });
  try {
    await runMigrations(url.toString());
    const schema = await TimeSeriesSchema.detect(pool);
    const writer = new TelemetryWriter(pool, schema);
    const startTs = Date.now() - 3_600_000;
    console.log(`mode=${schema.mode} rows=${options.rows} batch=${options.batch} segments=${options.segments}`);
    await writer.write(generateRows('warmup', 1_000, 100, startTs));
    const results: Record<string, unknown>[] = [];
    for (const [method, write] of [
      ['COPY', (rows: TelemetryRow[]) => writer.write(rows)],
      ['multi-row INSERT', (rows: TelemetryRow[]) => writer.writeWithInsert(rows)],
    ] as const) {
      const rows = generateRows(method === 'COPY' ? 'copy' : 'insert', options.rows, options.segments, startTs);
      results.push({ method, phase: 'fresh rows', ...(await timed(rows, options.batch, write)) });
      results.push({ method, phase: 'replay (duplicates)', ...(await timed(rows, options.batch, write)) });
    }
    console.table(results);
  } finally {
    await pool.end();
    await admin(options.databaseUrl, `drop database if exists "${name}" with (force)`);
  }
}

main(program.parse().opts<BenchOptions>()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
