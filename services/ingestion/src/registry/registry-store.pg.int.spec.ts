/** The registry store contract against PostgreSQL, on each server the suite runs on (the machine's and embedded), migrated as in production. */
import { createPgPool, PgOutboxStore, runMigrations } from '@trottoir/persistence';
import type { TestDatabase } from '@trottoir/testing';
import { createTestDatabase, testDatabaseServers } from '@trottoir/testing';
import type { Pool } from 'pg';

import { describeRegistryRecordsContract } from './registry-records.contract';
import { PgRegistryStore } from './registry-store.pg';

describe.each(testDatabaseServers())('PgRegistryStore on $name', ({ name, url }) => {
  let database: TestDatabase | undefined;
  let pool: Pool | undefined;

  describeRegistryRecordsContract(`PostgreSQL (${name})`, {
    createStore: async () => {
      database = await createTestDatabase(url);
      await runMigrations(database.url);
      pool = createPgPool(database.url, { max: 2 });
      return new PgRegistryStore(pool);
    },
    outbox: () => {
      if (!pool) throw new Error('the store was not created');
      return new PgOutboxStore(pool);
    },
    close: async () => {
      await pool?.end();
      await database?.drop();
    },
  });
});
