/**
 * The PostgreSQL adapters of the forecasting service against their contract suites, on each PostgreSQL
 * the suite runs on (the machine's server and embedded PostgreSQL).
 */
import { createPgPool, runMigrations } from '@trottoir/persistence';
import type { TestDatabase } from '@trottoir/testing';
import { createTestDatabase, testDatabaseServers } from '@trottoir/testing';
import type { Pool } from 'pg';

import { describeForecastStoreContract } from './forecast-store.contract';
import { PgForecastStore } from './forecast.store.pg';
import { describeWeatherStoreContract } from './weather-store.contract';
import { PgWeatherStore } from './weather.store.pg';

describe.each(testDatabaseServers())('forecasting stores on $name', ({ url: serverUrl }) => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl);
    await runMigrations(database.url);
    pool = createPgPool(database.url, { max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  describeForecastStoreContract('PostgreSQL', { open: async () => new PgForecastStore(pool) });
  describeWeatherStoreContract('PostgreSQL', { open: async () => new PgWeatherStore(pool) });
});
