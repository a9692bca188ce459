// What the organiser of a collective self-consumption operation feeds in for the monthly allocation (issue
// 11 §3): the consumption of participants the segments do not meter (nearby buildings), and the `custom`
// key's shares per ISP. Append-only like the rest of settlement (DESIGN §4): a correction is a newer row
// for the same ISP and participant, and a read takes the newest; nothing is deleted to be corrected.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATEMENTS = [
  `create table if not exists settlement_participant_consumption (
     node_id text not null,
     participant text not null,
     isp_start timestamptz not null,
     recorded_at timestamptz not null,
     power_w double precision not null check (power_w >= 0),
     constraint pk_settlement_participant_consumption primary key (node_id, participant, isp_start, recorded_at)
   )`,
  `create table if not exists settlement_allocation_share (
     node_id text not null,
     participant text not null,
     isp_start timestamptz not null,
     recorded_at timestamptz not null,
     share double precision not null check (share >= 0 and share <= 1),
     constraint pk_settlement_allocation_share primary key (node_id, participant, isp_start, recorded_at)
   )`,
];

export class SettlementOrganiserData1764500760000 implements MigrationInterface {
  readonly name = 'SettlementOrganiserData1764500760000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of STATEMENTS) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['settlement_allocation_share', 'settlement_participant_consumption']) await queryRunner.query(`drop table if exists ${table}`);
  }
}
