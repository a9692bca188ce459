// Time series: the telemetry table (native daily range partitions) and its 1m/15m/1h rollup tables.
// It once built a TimescaleDB hypertable with continuous aggregates when the extension could be
// loaded; that branch never ran in any test (issue 12 §4) and is gone: the native schema is the one
// tested path, and it runs unchanged on a TimescaleDB server (see libs/persistence/README.md).
import type { MigrationInterface, QueryRunner } from 'typeorm';

import { dropStatements, nativeStatements } from './sql/telemetry-v1.sql';

export class Telemetry1764500100000 implements MigrationInterface {
  readonly name = 'Telemetry1764500100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of nativeStatements()) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of dropStatements()) await queryRunner.query(statement);
  }
}
