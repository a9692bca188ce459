/**
 * The minute-rollups contract against PostgreSQL, on each server the suite runs on (the machine's and
 * embedded), migrated as in production; readings go in through the pipeline's TelemetryWriter and
 * late intervals through its DirtyIntervalStore. A database of its own for every test.
 */
import { createPgPool, DirtyIntervalStore, runMigrations, TelemetryWriter, TimeSeriesSchema } from '@trottoir/persistence';
import type { TestDatabase } from '@trottoir/testing';
import { createTestDatabase, testDatabaseServers } from '@trottoir/testing';
import type { Pool } from 'pg';

import { describeMinuteRollupsContract } from './minute-rollups.contract';
import { PgMinuteRollups } from './minute-rollups.pg';
import { telemetryRow } from './small-grid.fixture';

describe.each(testDatabaseServers())('PgMinuteRollups on $name', ({ name, url }) => {
  const opened: { database: TestDatabase; pool: Pool }[] = [];

  describeMinuteRollupsContract(`PostgreSQL (${name})`, {
    create: async () => {
      const database = await createTestDatabase(url);
      await runMigrations(database.url);
      const pool = createPgPool(database.url, { max: 2 });
      opened.push({ database, pool });
      const schema = await TimeSeriesSchema.detect(pool);
      return {
        rollups: new PgMinuteRollups(pool),
        // Partitions around the readings' own days, as in production where readings are recent.
        record: async (readings) => void (await new TelemetryWriter(pool, schema, { clock: { now: () => Math.max(...readings.map((r) => r.ts)) } }).write(readings.map((reading) => telemetryRow(reading)))),
        markDirty: (tsList) => new DirtyIntervalStore(pool).mark(tsList),
      };
    },
    close: async () => {
      for (const { database, pool } of opened.splice(0)) {
        await pool.end();
        await database.drop();
      }
    },
  });
});
