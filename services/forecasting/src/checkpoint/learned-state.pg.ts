/**
 * LearnedStateStore in PostgreSQL (migration 1764500900000-forecaster-checkpoint): one transaction
 * inserts the checkpoint row and its parts and deletes the older checkpoints, so a process killed while
 * writing leaves the previous one. Parts travel one per statement as binary parameters and are stored
 * uncompressed (migration 1764500920000); they are read back in one binary COPY, part by part as they
 * arrive: at 100,000 segments a checkpoint is some 300 MB, never held whole on either side.
 */
import { copyRowsOut } from '@trottoir/persistence';
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
    let meta: CheckpointMeta | undefined;
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
        // checkpoint_id is a bigserial read from the table just now: digits, safe to write into the COPY.
        if (!/^\d+$/.test(row.checkpoint_id)) throw new Error(`forecaster checkpoint id ${row.checkpoint_id} is not a number`);
        let expected = 0;
        await copyRowsOut(client, `select part, bytes from forecaster_checkpoint_part where checkpoint_id = ${row.checkpoint_id} order by part`, ([part, bytes]) => {
          const number = part?.readInt32BE(0);
          if (number !== expected || !bytes) throw new Error(`forecaster checkpoint ${row.checkpoint_id}: part ${expected} is missing`);
          expected++;
          onPart(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        });
        if (expected !== row.parts) throw new Error(`forecaster checkpoint ${row.checkpoint_id}: ${expected} of ${row.parts} parts found`);
      }
      await client.query('commit');
      meta = row ? { ...versions, learnedUpToTs: row.learned_up_to.getTime(), issuedAt: row.issued_at.getTime() } : undefined;
    } catch (error) {
      // A COPY stopped half-way leaves the connection mid-protocol: it is closed, not pooled again.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    client.release();
    return meta;
  }
}
