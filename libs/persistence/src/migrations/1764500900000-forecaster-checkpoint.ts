// The forecasting models' learned state (issue 13), so a restart forecasts at once instead of re-learning
// weeks of rollups. A checkpoint is a row naming the versions it was written by (the state layout and the
// forecast model: another version is never read, the models re-learn) and the quarter-hours it has learned
// up to, and its parts (a few MB each, so neither the writer nor the reader holds it whole). The service
// writes one in a transaction and drops the older ones in the same transaction: a checkpoint is a cache of
// what the rollups (kept) already say, not a record, so keeping only the latest is not a correction.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATEMENTS = [
  `create table if not exists forecaster_checkpoint (
     checkpoint_id bigserial not null,
     state_version text not null,
     model_version text not null,
     learned_up_to timestamptz not null,
     issued_at timestamptz not null,
     parts integer not null check (parts > 0),
     bytes bigint not null,
     created_at timestamptz not null default now(),
     constraint pk_forecaster_checkpoint primary key (checkpoint_id)
   )`,
  `create table if not exists forecaster_checkpoint_part (
     checkpoint_id bigint not null,
     part integer not null,
     bytes bytea not null,
     constraint pk_forecaster_checkpoint_part primary key (checkpoint_id, part),
     constraint fk_forecaster_checkpoint_part_checkpoint foreign key (checkpoint_id)
       references forecaster_checkpoint (checkpoint_id) on delete cascade
   )`,
  `create index if not exists ix_forecaster_checkpoint_versions on forecaster_checkpoint (state_version, model_version, checkpoint_id desc)`,
];

export class ForecasterCheckpoint1764500900000 implements MigrationInterface {
  readonly name = 'ForecasterCheckpoint1764500900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists forecaster_checkpoint_part');
    await queryRunner.query('drop table if exists forecaster_checkpoint');
  }
}
