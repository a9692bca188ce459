// The TypeORM data source that runs the migrations at service start. Schema changes happen only
// through migrations (never synchronize); the stores use plain SQL through pg, so it maps no entity.
import { DataSource } from 'typeorm';

import { MIGRATIONS } from './migrations/migrations';

export interface DataSourceOptions {
  readonly databaseUrl: string;
  /** Connections in TypeORM's own pool; hot paths use `createPgPool` instead. */
  readonly poolMax?: number;
  readonly applicationName?: string;
  readonly logging?: boolean;
}

export const MIGRATIONS_TABLE = 'typeorm_migrations';

export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    applicationName: options.applicationName ?? 'trottoir',
    poolSize: options.poolMax ?? 5,
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
  });
}

/** Arbitrary but fixed: every process migrating this database takes the same session lock. */
const MIGRATION_LOCK_KEY = 7_146_552_019;

export interface MigrationResult {
  /** Names of the migrations applied by this call; empty when the schema was already current. */
  readonly applied: string[];
}

/**
 * Applies pending migrations, each in its own transaction. Services started together (one process
 * or many) would otherwise race to create the same tables, so a session advisory lock serialises them.
 */
export async function runMigrations(databaseUrl: string): Promise<MigrationResult> {
  const dataSource = createDataSource({ databaseUrl, poolMax: 2, applicationName: 'trottoir-migrate' });
  await dataSource.initialize();
  const lockRunner = dataSource.createQueryRunner();
  try {
    await lockRunner.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return { applied: applied.map((migration) => migration.name) };
    } finally {
      await lockRunner.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lockRunner.release();
    await dataSource.destroy();
  }
}
