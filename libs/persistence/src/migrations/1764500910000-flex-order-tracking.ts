// Dispatch's orders under way (issue 12 §2, delivery tracking fail-over): one row per accepted order
// still measured, naming the instance that tracks it (owner) and the owner epoch, the fencing token that
// every write of the owner checks and that an adoption by another instance raises by one. The state is
// what that instance needs to resume the order (gzipped JSON, services/dispatch tracked-order-state.ts).
// A delivered order's row is deleted: its figures are in flex_delivery.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATEMENTS = [
  `create table if not exists flex_order_tracking (
     order_id text not null,
     node_id text not null,
     owner text not null,
     owner_epoch bigint not null check (owner_epoch > 0),
     saved_at timestamptz not null,
     adopted_at timestamptz,
     state_gz bytea not null,
     constraint pk_flex_order_tracking primary key (order_id)
   )`,
  `create index if not exists ix_flex_order_tracking_owner on flex_order_tracking (owner)`,
];

export class FlexOrderTracking1764500910000 implements MigrationInterface {
  readonly name = 'FlexOrderTracking1764500910000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists flex_order_tracking');
  }
}
