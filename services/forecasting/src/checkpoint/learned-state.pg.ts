/**
 * LearnedStateStore in PostgreSQL (migration 1764500900000-forecaster-checkpoint): one transaction
 * inserts the checkpoint row and its parts and deletes the older checkpoints, so a process killed while
 * writing leaves the previous one. Parts travel one per statement as binary parameters, and are read back
 * one per query: at 100,000 segments a checkpoint is some 200 MB, never held whole on either side.
 */
import type { Pool } from 'pg';

import type { CheckpointMeta, LearnedStateStore } from './learned-state.port';

export class PgLearnedStateStore implements LearnedStateStore {
  constructor(private readonly pool: Pool) {}

  async save(meta: CheckpointMeta, parts: Iterable<Uint8Array>): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const { rows } = await client.query<{ checkpoint_id: string }>(
        `insert into forecaster_checkpoint (state_version, model_version, learned_up_to, issued_at, parts, bytes)
         values ($1, $2, $3, $4, 1, 0) returning checkpoint_id`,
        [meta.stateVersion, meta.modelVersion, new Date(meta.learnedUpToTs), new Date(meta.issuedAt)],
      );
      const id = rows[0]?.checkpoint_id;
      let count = 0;
      let bytes = 0;
      for (const part of parts) {
        await client.query('insert into forecaster_checkpoint_part (checkpoint_id, part, bytes) values ($1, $2, $3)', [id, count++, Buffer.from(part.buffer, part.byteOffset, part.byteLength)]);
        bytes += part.byteLength;
      }
      if (count === 0) throw new RangeError('a checkpoint has at least one part');
      await client.query('update forecaster_checkpoint set parts = $2, bytes = $3 where checkpoint_id = $1', [id, count, bytes]);
      await client.query('delete from forecaster_checkpoint where checkpoint_id < $1', [id]);
      await client.query('commit');
      return bytes;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async loadLatest(versions: Pick<CheckpointMeta, 'stateVersion' | 'modelVersion'>, onPart: (bytes: Uint8Array) => void): Promise<CheckpointMeta | undefined> {
    const client = await this.pool.connect();
    try {
      // One snapshot for the row and every part: a newer checkpoint committed meanwhile deletes this one's parts.
      await client.query('begin isolation level repeatable read read only');
      const { rows } = await client.query<{ checkpoint_id: string; learned_up_to: Date; issued_at: Date; parts: number }>(
        `select checkpoint_id, learned_up_to, issued_at, parts from forecaster_checkpoint
          where state_version = $1 and model_version = $2 order by checkpoint_id desc limit 1`,
        [versions.stateVersion, versions.modelVersion],
      );
      const row = rows[0];
      if (row) {
        for (let part = 0; part < row.parts; part++) {
          const result = await client.query<{ bytes: Buffer }>('select bytes from forecaster_checkpoint_part where checkpoint_id = $1 and part = $2', [row.checkpoint_id, part]);
          const bytes = result.rows[0]?.bytes;
          if (!bytes) throw new Error(`forecaster checkpoint ${row.checkpoint_id}: part ${part} is missing`);
          onPart(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        }
      }
      await client.query('commit');
      return row ? { ...versions, learnedUpToTs: row.learned_up_to.getTime(), issuedAt: row.issued_at.getTime() } : undefined;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
