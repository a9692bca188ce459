/**
 * The backup and restore procedure of deploy/README.md, tried on each PostgreSQL server of the suite:
 * a migrated database with data in every kind of table (registry, daily telemetry partitions, rollups,
 * outbox, migrations history) is dumped with `pg_dump -Fc`, restored with `pg_restore` into a new empty
 * database, and the copy holds the same rows and works: the migrations see nothing to do, the schema is
 * detected, a new day gets its partition, retention drops by partition, the outbox relays what waited.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { DAY_MS } from '@trottoir/kernel';
import { createPgPool, PgOutboxStore, runMigrations, TelemetryWriter, TimeSeriesSchema } from '@trottoir/persistence';
import type { TelemetryRow } from '@trottoir/persistence';
import type { TestDatabase } from '@trottoir/testing';
import { createTestDatabase, testDatabaseServers } from '@trottoir/testing';
import type { Pool } from 'pg';

import { ensurePgTools, pgTool } from './support/pg-tools';

const NOW = Date.UTC(2026, 11, 3, 12);
const TABLES = ['grid_node', 'telemetry', 'telemetry_default', 'telemetry_1m', 'telemetry_15m', 'telemetry_1h', 'outbox', 'typeorm_migrations'];

function reading(segmentId: string, ts: number): TelemetryRow {
  return { segmentId, ts, pvPowerW: -800, lightsPowerW: 40, evPowerW: 0, batteryPowerW: 0, batterySocPct: null, netPowerW: -760, meterImportWh: 1_000, meterExportWh: 2_000, lightsDimmingPct: 0, evSessionsActive: 0 };
}

async function counts(pool: Pool): Promise<Record<string, number>> {
  const partitions = await pool.query<{ name: string }>("select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'telemetry'::regclass");
  const result: Record<string, number> = {};
  for (const table of [...TABLES, ...partitions.rows.map((row) => row.name)]) {
    result[table] = Number((await pool.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0].n);
  }
  return result;
}

describe.each(testDatabaseServers())('backup and restore with pg_dump / pg_restore on $name', ({ url }) => {
  const databases: TestDatabase[] = [];
  const pools: Pool[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trottoir-backup-'));

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    await Promise.all(databases.map((database) => database.drop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function database(): Promise<{ database: TestDatabase; pool: Pool }> {
    const created = await createTestDatabase(url);
    databases.push(created);
    const pool = createPgPool(created.url, { max: 2 });
    pools.push(pool);
    return { database: created, pool };
  }

  it('gives back every row in a new database, which the services can use as it is', async () => {
    ensurePgTools();
    const source = await database();
    await runMigrations(source.database.url);
    const schema = await TimeSeriesSchema.detect(source.pool);
    await source.pool.query("insert into grid_node (node_id, kind, rated_limit_w, dso_id, name) values ('ps01', 'PRIMARY_SUBSTATION', 4e7, 'enedis', 'PS 01')");
    const writer = new TelemetryWriter(source.pool, schema, { clock: { now: () => NOW } });
    await writer.write([0, 1, 2].flatMap((day) => [0, 60_000, 120_000].map((offset) => reading('seg-1', NOW - day * DAY_MS + offset))));
    // Outside the writer's horizon: parked in the default partition, which must come back too.
    await writer.write([reading('seg-1', Date.UTC(2020, 0, 1))]);
    await schema.refreshRollups(NOW - 3 * DAY_MS, NOW + DAY_MS);
    await source.pool.query("insert into outbox (topic, key, payload, event_time) values ('fleet.grid-node.v1', 'ps01', '\\x0a0470733031', now())");
    const before = await counts(source.pool);
    expect(before).toMatchObject({ grid_node: 1, telemetry: 10, telemetry_default: 1, outbox: 1 });
    expect(before.telemetry_1m).toBeGreaterThan(0);

    const file = path.join(dir, 'trottoir.dump');
    pgTool('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${source.database.url}`]);
    const target = await database();
    pgTool('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${target.database.url}`, file]);

    expect(await counts(target.pool)).toEqual(before);
    expect(await runMigrations(target.database.url)).toEqual({ applied: [] });
    const restored = await TimeSeriesSchema.detect(target.pool);
    expect(restored.mode).toBe('native');
    const restoredWriter = new TelemetryWriter(target.pool, restored, { clock: { now: () => NOW + DAY_MS } });
    expect(await restoredWriter.write([reading('seg-1', NOW + DAY_MS)])).toEqual({ inserted: 1, duplicates: 0 });
    expect(await restored.dropPartitionsBefore(NOW - DAY_MS)).toEqual(['telemetry_p20261201']);
    const relayed: string[] = [];
    await new PgOutboxStore(target.pool).relay(10, async (messages) => void relayed.push(...messages.map((message) => message.key)));
    expect(relayed).toEqual(['ps01']);
  });
});
