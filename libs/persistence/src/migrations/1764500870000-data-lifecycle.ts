// Data lifecycle (issue 12 §5): raw telemetry retention by whole daily partitions, and what the
// outbox relay and its pruning need (the event time of each message, an index to prune by).
import type { MigrationInterface, QueryRunner } from 'typeorm';

import { DROP_PARTITIONS_FN } from './sql/telemetry-v3.sql';

export class DataLifecycle1764500870000 implements MigrationInterface {
  readonly name = 'DataLifecycle1764500870000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DROP_PARTITIONS_FN);
    // The record timestamp the relay sends: the event's time, not the moment it was relayed.
    await queryRunner.query('alter table outbox add column if not exists event_time timestamptz null');
    await queryRunner.query('create index if not exists ix_outbox_published_at on outbox (published_at) where published_at is not null');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop index if exists ix_outbox_published_at');
    await queryRunner.query('alter table outbox drop column if exists event_time');
    await queryRunner.query('drop function if exists telemetry_drop_partitions(timestamptz)');
  }
}
