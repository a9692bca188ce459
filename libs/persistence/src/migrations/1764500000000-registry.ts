// Relational state: the grid topology, the segment registry, and the inbox/outbox tables that make
// Kafka consumers idempotent and publishing transactional.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Registry1764500000000 implements MigrationInterface {
  readonly name = 'Registry1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      create table if not exists grid_node (
        node_id text not null,
        parent_id text null,
        kind text not null,
        rated_limit_w double precision not null,
        dso_id text not null,
        name text not null,
        updated_at timestamptz not null default now(),
        constraint pk_grid_node primary key (node_id),
        constraint fk_grid_node_parent foreign key (parent_id) references grid_node (node_id),
        constraint ck_grid_node_rated_limit_w check (rated_limit_w >= 0),
        constraint ck_grid_node_not_own_parent check (parent_id is distinct from node_id)
      )`);
    await queryRunner.query('create index if not exists ix_grid_node_parent_id on grid_node (parent_id)');
    await queryRunner.query('create index if not exists ix_grid_node_dso_id on grid_node (dso_id)');

    await queryRunner.query(`
      create table if not exists segment (
        segment_id text not null,
        grid_node_id text not null,
        kind text not null,
        lat double precision not null,
        lon double precision not null,
        commissioned_at timestamptz not null,
        ratings jsonb not null,
        updated_at timestamptz not null default now(),
        constraint pk_segment primary key (segment_id),
        constraint fk_segment_grid_node foreign key (grid_node_id) references grid_node (node_id),
        constraint ck_segment_lat check (lat between -90 and 90),
        constraint ck_segment_lon check (lon between -180 and 180)
      )`);
    await queryRunner.query('create index if not exists ix_segment_grid_node_id on segment (grid_node_id)');

    await queryRunner.query(`
      create table if not exists inbox (
        consumer text not null,
        event_id text not null,
        processed_at timestamptz not null default now(),
        constraint pk_inbox primary key (consumer, event_id)
      )`);
    // Pruning old inbox entries scans by time.
    await queryRunner.query('create index if not exists ix_inbox_processed_at on inbox (processed_at)');

    await queryRunner.query(`
      create table if not exists outbox (
        id bigint generated always as identity,
        topic text not null,
        key text not null,
        payload bytea not null,
        headers jsonb not null default '{}'::jsonb,
        created_at timestamptz not null default now(),
        published_at timestamptz null,
        constraint pk_outbox primary key (id)
      )`);
    // The relay only ever reads what is still unpublished, in insertion order.
    await queryRunner.query('create index if not exists ix_outbox_unpublished on outbox (id) where published_at is null');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists outbox');
    await queryRunner.query('drop table if exists inbox');
    await queryRunner.query('drop table if exists segment');
    await queryRunner.query('drop table if exists grid_node');
  }
}
