// Segment registry details the first schema lacked: the connection point (meter, PRM in France) and
// the segment's path as a polyline ([[lat, lon], …], the GeoJSON LineString of the fleet files).
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SegmentDetails1764500200000 implements MigrationInterface {
  readonly name = 'SegmentDetails1764500200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`alter table segment add column if not exists connection_point_id text not null default ''`);
    await queryRunner.query(`alter table segment add column if not exists path jsonb not null default '[]'::jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table segment drop column if exists path');
    await queryRunner.query('alter table segment drop column if exists connection_point_id');
  }
}
