// Settlement (issue 11 §4): the orders and the months of energy allocation it follows, its statements and
// their versions (never rewritten: a changed result is a new version with the difference to the previous
// one), and the log of late data it re-settles from.
//
// Why a log of its own: ingestion marks the quarter-hours that late readings touched in
// telemetry_dirty_interval, and the rollup refresh DELETES each mark once it has handled it. Settlement runs
// on its own schedule, so reading those marks it would miss every one handled between two of its cycles.
// A trigger copies each mark (a new one, or a mark moved by `on conflict do update`), in the mark's own
// transaction, into the append-only settlement_data_change, which settlement reads with a cursor kept in
// settlement_cursor. Nothing is lost however the cycles interleave, and ingestion's code does not change. A
// change is acted on only once its interval is no longer marked (the rollups then hold the late data).
// change_id is taken when a row is written, not when its transaction commits: a cursor past id 11 would
// skip an id 10 committed later. Each row therefore carries its transaction id, and the reader stops
// below the oldest transaction still running (pg_snapshot_xmin), so no row can commit behind the cursor.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATEMENTS = [
  `create table if not exists settlement_data_change (
     change_id bigserial not null,
     bucket_start timestamptz not null,
     logged_at timestamptz not null default now(),
     tx_id xid8 not null default pg_current_xact_id(),
     constraint pk_settlement_data_change primary key (change_id)
   )`,
  `create or replace function settlement_log_data_change() returns trigger language plpgsql as $fn$
   begin
     insert into settlement_data_change (bucket_start) values (new.bucket_start);
     return null;
   end
   $fn$`,
  'drop trigger if exists tr_settlement_data_change on telemetry_dirty_interval',
  `create trigger tr_settlement_data_change after insert or update on telemetry_dirty_interval
     for each row execute function settlement_log_data_change()`,
  `create table if not exists settlement_cursor (
     name text not null,
     position bigint not null,
     constraint pk_settlement_cursor primary key (name)
   )`,
  `create table if not exists settlement_order (
     order_id text not null,
     node_id text not null,
     accepted_at timestamptz not null,
     due_at timestamptz,
     data_from timestamptz,
     data_to timestamptz,
     baseline_days text[] not null default '{}',
     pending boolean not null default true,
     attempts integer not null default 0,
     last_error text not null default '',
     constraint pk_settlement_order primary key (order_id)
   )`,
  'create index if not exists ix_settlement_order_pending on settlement_order (due_at) where pending',
  'create index if not exists ix_settlement_order_window on settlement_order (data_from, data_to)',
  `create table if not exists settlement_allocation_period (
     node_id text not null,
     month text not null,
     due_at timestamptz not null,
     data_from timestamptz,
     data_to timestamptz,
     pending boolean not null default true,
     attempts integer not null default 0,
     last_error text not null default '',
     constraint pk_settlement_allocation_period primary key (node_id, month)
   )`,
  'create index if not exists ix_settlement_allocation_period_pending on settlement_allocation_period (due_at) where pending',
  `create table if not exists settlement_statement (
     statement_id text not null,
     kind text not null check (kind in ('order', 'allocation')),
     order_id text,
     node_id text not null,
     dso_id text not null,
     created_at timestamptz not null,
     constraint pk_settlement_statement primary key (statement_id),
     constraint ux_settlement_statement_order unique (order_id)
   )`,
  `create table if not exists settlement_statement_version (
     statement_id text not null,
     version integer not null check (version >= 1),
     content_sha256 text not null,
     document text not null,
     changes text,
     data_change_id bigint not null,
     data_as_of timestamptz not null,
     issued_at timestamptz not null,
     published_at timestamptz,
     constraint pk_settlement_statement_version primary key (statement_id, version),
     constraint fk_settlement_statement_version_statement foreign key (statement_id) references settlement_statement (statement_id)
   )`,
  'create index if not exists ix_settlement_statement_version_unpublished on settlement_statement_version (issued_at) where published_at is null',
];

export class Settlement1764500750000 implements MigrationInterface {
  readonly name = 'Settlement1764500750000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop trigger if exists tr_settlement_data_change on telemetry_dirty_interval');
    await queryRunner.query('drop function if exists settlement_log_data_change()');
    for (const table of ['settlement_statement_version', 'settlement_statement', 'settlement_allocation_period', 'settlement_order', 'settlement_cursor', 'settlement_data_change']) await queryRunner.query(`drop table if exists ${table}`);
  }
}
