/**
 * A migrated throwaway database for the specs of one describe block (a contract suite against
 * PostgreSQL): created and migrated before them, dropped after. `pool` is read when a spec runs.
 */
import { createPgPool, runMigrations } from '@trottoir/persistence';
import type { Pool } from 'pg';

import type { TestDatabase } from './test-database';
import { createTestDatabase } from './test-database';

export interface MigratedTestDatabase {
  /** The pool of the database (throws before the block's specs start). */
  readonly pool: Pool;
}

export function useMigratedDatabase(serverUrl: string, options: { poolMax?: number } = {}): MigratedTestDatabase {
  let database: TestDatabase | undefined;
  let pool: Pool | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(serverUrl);
    await runMigrations(database.url);
    pool = createPgPool(database.url, { max: options.poolMax ?? 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });
  return {
    get pool(): Pool {
      if (!pool) throw new Error('the migrated database is opened in beforeAll: read its pool in a spec');
      return pool;
    },
  };
}
