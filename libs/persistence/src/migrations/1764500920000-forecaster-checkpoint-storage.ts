// Checkpoint parts stored as they come (issue 13, warm restart): a part is some 8 MB of floats that
// PostgreSQL's TOAST would compress on write (pglz, a few times slower than the write itself) and
// decompress on every read, for a cache that lives an hour. EXTERNAL keeps them out of line, uncompressed.
// Applies to parts written from now on; the next checkpoint replaces the older ones.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ForecasterCheckpointStorage1764500920000 implements MigrationInterface {
  readonly name = 'ForecasterCheckpointStorage1764500920000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table forecaster_checkpoint_part alter column bytes set storage external');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table forecaster_checkpoint_part alter column bytes set storage extended');
  }
}
