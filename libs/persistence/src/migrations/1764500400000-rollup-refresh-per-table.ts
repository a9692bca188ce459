// One rollup table refreshed at a time (native schema): the node-state cycle refreshes, each minute,
// the recent 1-minute buckets and only the quarter-hours and hours that have just closed. With the v1
// function it re-aggregated the whole current hour three times a minute, which at 100,000 segments
// stalled ingestion for seconds once a minute.
import type { MigrationInterface, QueryRunner } from 'typeorm';

import { refreshRollupFn } from './sql/telemetry-v2.sql';

async function nativeSchema(queryRunner: QueryRunner): Promise<boolean> {
  const rows: unknown[] = await queryRunner.query("select 1 from pg_class where oid = to_regclass('telemetry') and relkind = 'p'");
  return rows.length > 0;
}

export class RollupRefreshPerTable1764500400000 implements MigrationInterface {
  readonly name = 'RollupRefreshPerTable1764500400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await nativeSchema(queryRunner)) await queryRunner.query(refreshRollupFn());
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop function if exists telemetry_refresh_rollup(text, timestamptz, timestamptz)');
  }
}
