/** PgFlexStore against the flexibility store's contract, on each PostgreSQL the suite runs on. */
import { createPgPool, runMigrations } from '@trottoir/persistence';
import type { TestDatabase } from '@trottoir/testing';
import { createTestDatabase, testDatabaseServers } from '@trottoir/testing';
import type { Pool } from 'pg';

import { describeFlexStoreContract } from './flex-store.contract';
import { PgFlexStore } from './flex-store.pg';

describe.each(testDatabaseServers())('flexibility store on $name', ({ url: serverUrl }) => {
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

  describeFlexStoreContract('PostgreSQL', { open: async () => new PgFlexStore(pool) });
});
