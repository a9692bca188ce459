// Time series: the telemetry table and its 1m/15m/1h rollups. A TimescaleDB hypertable with
// continuous aggregates where the extension can be loaded, native daily partitions with rollup
// tables elsewhere; `TimeSeriesSchema` hides the difference from the code above.
import type { MigrationInterface, QueryRunner } from 'typeorm';

import { dropStatements, nativeStatements, timescaleStatements } from './sql/telemetry-v1.sql';

/**
 * TimescaleDB is usable only if its package is installed AND the library is preloaded; an
 * installed-but-not-preloaded extension makes CREATE EXTENSION fail and abort the migration.
 */
async function timescaleUsable(queryRunner: QueryRunner): Promise<boolean> {
  const rows: unknown[] = await queryRunner.query(
    `select 1 from pg_available_extensions
      where name = 'timescaledb'
        and (exists (select 1 from pg_extension where extname = 'timescaledb')
             or current_setting('shared_preload_libraries') like '%timescaledb%')`,
  );
  return rows.length > 0;
}

export class Telemetry1764500100000 implements MigrationInterface {
  readonly name = 'Telemetry1764500100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const statements = (await timescaleUsable(queryRunner)) ? timescaleStatements() : nativeStatements();
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const hypertable: unknown[] = await queryRunner.query(
      "select 1 from pg_extension where extname = 'timescaledb' and to_regclass('telemetry') is not null and (select relkind from pg_class where oid = to_regclass('telemetry')) = 'r'",
    );
    for (const statement of dropStatements(hypertable.length > 0 ? 'timescaledb' : 'native')) {
      await queryRunner.query(statement);
    }
  }
}
