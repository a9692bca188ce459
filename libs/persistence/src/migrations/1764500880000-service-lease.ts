// Leases of the scheduled cycles (issue 12 §2): one row per lease, counting its terms (each
// acquisition, by any instance, adds one: the fencing token) and the last interval published under
// one, so that no interval is published twice across a fail-over. The lease itself is a session
// advisory lock (libs/service-runtime, lease.pg.ts); this row only says who took it last and when.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ServiceLease1764500880000 implements MigrationInterface {
  readonly name = 'ServiceLease1764500880000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists service_lease (
       name text not null,
       epoch bigint not null,
       holder text not null,
       acquired_at timestamptz not null,
       last_interval_ts timestamptz,
       last_interval_epoch bigint,
       constraint pk_service_lease primary key (name)
     )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists service_lease');
  }
}
