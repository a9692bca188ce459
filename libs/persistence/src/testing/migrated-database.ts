// Integration-spec fixture: a fresh database on one server, migrated, with a pg pool and the
// detected time-series schema. One per spec file and server, dropped afterwards.
import type { Pool } from 'pg';

import { runMigrations } from '../data-source.factory';
import { createPgPool } from '../pg-pool.factory';
import { TimeSeriesSchema } from '../timeseries/time-series.schema';
import type { TestDatabase } from './test-database';
import { createTestDatabase } from './test-database';

export interface MigratedDatabase {
  readonly database: TestDatabase;
  readonly pool: Pool;
  readonly schema: TimeSeriesSchema;
}

export async function openMigratedDatabase(adminUrl: string): Promise<MigratedDatabase> {
  const database = await createTestDatabase(adminUrl);
  await runMigrations(database.url);
  const pool = createPgPool(database.url, { max: 4, applicationName: 'trottoir-persistence-spec' });
  return { database, pool, schema: await TimeSeriesSchema.detect(pool) };
}

export async function closeMigratedDatabase(fixture: MigratedDatabase | undefined): Promise<void> {
  if (!fixture) return;
  await fixture.pool.end();
  await fixture.database.drop();
}
