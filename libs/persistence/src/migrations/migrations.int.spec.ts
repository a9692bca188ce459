import { Client } from 'pg';

import { runMigrations } from '../data-source.factory';
import { createTestDatabase } from '../testing/test-database';
import type { TestDatabase } from '../testing/test-database';
import { testDatabaseUrls } from '../testing/database-urls';
import { TimeSeriesSchema, TimeSeriesSchemaMissingError } from '../timeseries/time-series.schema';
import { createPgPool } from '../pg-pool.factory';
import { MIGRATIONS } from './migrations';

const ALL_MIGRATIONS = MIGRATIONS.map((migration) => migration.name);

async function relations(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ relname: string }>(
      "select relname from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p', 'v', 'm') order by relname",
    );
    return rows.map((row) => row.relname);
  } finally {
    await client.end();
  }
}


describe.each(testDatabaseUrls())('migrations on $name', ({ url: adminUrl }) => {
  const databases: TestDatabase[] = [];
  const fresh = async (): Promise<TestDatabase> => {
    const database = await createTestDatabase(adminUrl);
    databases.push(database);
    return database;
  };
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('apply on an empty database, and a second run is a no-op', async () => {
    const database = await fresh();
    expect((await runMigrations(database.url)).applied).toEqual(ALL_MIGRATIONS);
    expect(ALL_MIGRATIONS).toEqual(['Registry1764500000000', 'Telemetry1764500100000', 'SegmentDetails1764500200000', 'Forecasts1764500300000', 'RollupRefreshPerTable1764500400000', 'Flexibility1764500500000', 'Access1764500600000', 'Settlement1764500750000', 'SettlementOrganiserData1764500760000', 'DataLifecycle1764500870000', 'ServiceLease1764500880000', 'ForecasterCheckpoint1764500900000', 'FlexOrderTracking1764500910000', 'ForecasterCheckpointStorage1764500920000']);
    const before = await relations(database.url);
    expect(before).toEqual(
      expect.arrayContaining(['grid_node', 'segment', 'inbox', 'outbox', 'telemetry', 'telemetry_1m', 'telemetry_15m', 'telemetry_1h', 'telemetry_dirty_interval',
        'forecast_issue', 'forecast_segment', 'forecast_node', 'weather_forecast', 'forecast_skill', 'flex_request', 'flex_offer', 'flex_order', 'flex_redispatch', 'flex_delivery', 'audit_log', 'idempotency_key',
        'settlement_data_change', 'settlement_cursor', 'settlement_order', 'settlement_allocation_period', 'settlement_statement', 'settlement_statement_version',
        'settlement_participant_consumption', 'settlement_allocation_share', 'forecaster_checkpoint', 'forecaster_checkpoint_part', 'service_lease', 'flex_order_tracking']),
    );
    expect((await runMigrations(database.url)).applied).toEqual([]);
    expect(await relations(database.url)).toEqual(before);
  });

  it('apply exactly once when several processes migrate at the same time', async () => {
    const database = await fresh();
    const results = await Promise.all([runMigrations(database.url), runMigrations(database.url), runMigrations(database.url)]);
    expect(results.flatMap((result) => result.applied).sort()).toEqual([...ALL_MIGRATIONS].sort());
  });

  it('build the native time-series schema, and the schema detects it', async () => {
    const database = await fresh();
    const pool = createPgPool(database.url, { max: 1 });
    try {
      await expect(TimeSeriesSchema.detect(pool)).rejects.toBeInstanceOf(TimeSeriesSchemaMissingError);
      await runMigrations(database.url);
      const schema = await TimeSeriesSchema.detect(pool);
      expect(schema.mode).toBe('native');
    } finally {
      await pool.end();
    }
  });
});
