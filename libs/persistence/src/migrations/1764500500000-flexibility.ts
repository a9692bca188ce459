// Flexibility trading with DSOs (dispatch): requests, the offers that answer them, orders with the
// dispatch problem each was solved as (stored so that anyone can replay the decision: gzip of the
// problem file's JSON, with its SHA-256) and the per-ISP delivery measured against the baseline frozen
// with the order; re-dispatches are kept beside the order, never written over it.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATEMENTS = [
  `create table if not exists flex_request (
     request_id text not null,
     node_id text not null,
     dso_id text not null,
     received_at timestamptz not null,
     request jsonb not null,
     constraint pk_flex_request primary key (request_id)
   )`,
  'create index if not exists ix_flex_request_node on flex_request (node_id, received_at)',
  `create table if not exists flex_offer (
     offer_id text not null,
     request_id text not null,
     node_id text not null,
     dso_id text not null,
     issued_at timestamptz not null,
     valid_until timestamptz not null,
     offer jsonb not null,
     problem_gz bytea,
     solution jsonb,
     constraint pk_flex_offer primary key (offer_id),
     constraint fk_flex_offer_request foreign key (request_id) references flex_request (request_id),
     constraint ux_flex_offer_request unique (request_id)
   )`,
  `create table if not exists flex_order (
     order_id text not null,
     offer_id text not null,
     node_id text not null,
     dso_id text not null,
     received_at timestamptz not null,
     status text not null check (status in ('accepted', 'rejected')),
     reason text not null default '',
     flex_order jsonb not null,
     setpoints integer not null default 0,
     baseline_w double precision[],
     problem_gz bytea,
     problem_sha256 text,
     solution_gz bytea,
     constraint pk_flex_order primary key (order_id)
   )`,
  'create index if not exists ix_flex_order_node on flex_order (node_id, received_at)',
  `create table if not exists flex_redispatch (
     order_id text not null,
     isp_start timestamptz not null,
     at timestamptz not null,
     reason text not null,
     target_w double precision not null,
     problem_gz bytea not null,
     solution_gz bytea not null,
     constraint pk_flex_redispatch primary key (order_id, isp_start, at),
     constraint fk_flex_redispatch_order foreign key (order_id) references flex_order (order_id)
   )`,
  `create table if not exists flex_delivery (
     order_id text not null,
     isp_start timestamptz not null,
     node_id text not null,
     ordered_w double precision not null,
     baseline_w double precision not null,
     measured_w double precision not null,
     delivered_w double precision not null,
     coverage double precision not null,
     segments_dispatched integer not null,
     segments_lost integer not null,
     redispatches integer not null,
     computed_at timestamptz not null,
     constraint pk_flex_delivery primary key (order_id, isp_start),
     constraint fk_flex_delivery_order foreign key (order_id) references flex_order (order_id)
   )`,
];

export class Flexibility1764500500000 implements MigrationInterface {
  readonly name = 'Flexibility1764500500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['flex_delivery', 'flex_redispatch', 'flex_order', 'flex_offer', 'flex_request']) await queryRunner.query(`drop table if exists ${table}`);
  }
}
