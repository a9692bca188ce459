/**
 * The outbox in PostgreSQL (table `outbox`, migration 1764500000000; `event_time` from 1764500870000).
 * Writers call `appendOutbox` with the client of their own transaction, so the change and its events
 * commit together. The relay holds a transaction-scoped advisory lock while it publishes: a second
 * relay (another replica) finds it taken and comes back later, and one killed mid-publish releases it
 * with its connection, leaving its rows unpublished for the next one.
 */
import type { OutboxMessage, OutboxStore, PendingOutboxMessage } from '@trottoir/messaging';
import type { Pool, PoolClient } from 'pg';

import type { Queryable } from '../timeseries/time-series.schema';

/** Any key works as long as every relay uses the same one; named so that pg_locks says whose it is. */
const RELAY_LOCK = "hashtext('trottoir.outbox.relay')";

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: Buffer;
  headers: Record<string, string>;
  event_time_ms: number;
}

/** Adds messages to the outbox inside the caller's transaction (`db` is its client). */
export async function appendOutbox(db: Queryable, messages: readonly OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const params: unknown[] = [];
  const rows = messages.map((message) => {
    params.push(message.topic, message.key, Buffer.from(message.value), JSON.stringify(message.headers), new Date(message.timestampMs));
    const at = params.length - 4;
    return `($${at}, $${at + 1}, $${at + 2}, $${at + 3}::jsonb, $${at + 4})`;
  });
  await db.query(`insert into outbox (topic, key, payload, headers, event_time) values ${rows.join(', ')}`, params);
}

export class PgOutboxStore implements OutboxStore {
  constructor(private readonly pool: Pick<Pool, 'connect' | 'query'>) {}

  async relay(limit: number, publish: (messages: readonly PendingOutboxMessage[]) => Promise<void>): Promise<number> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // The connection sits idle while the bus publishes; if the server ends it then, pg emits 'error'
    // on the client, which with no listener would crash the process. The next query reports it instead.
    const onError = (error: Error) => (broken = error);
    client.on('error', onError);
    try {
      await client.query('begin');
      try {
        return await this.relayIn(client, limit, publish);
      } catch (error) {
        if (!broken) await client.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      }
    } finally {
      client.off('error', onError);
      // A connection that failed is not handed to the next caller.
      client.release(broken);
    }
  }

  private async relayIn(client: PoolClient, limit: number, publish: (messages: readonly PendingOutboxMessage[]) => Promise<void>): Promise<number> {
    const { rows: lock } = await client.query<{ held: boolean }>(`select pg_try_advisory_xact_lock(${RELAY_LOCK}) as held`);
    if (!lock[0].held) {
      await client.query('rollback');
      return 0;
    }
    const { rows } = await client.query<OutboxRow>(
      // Ordered by the bigint column, not by the text alias of the same name (which would put 10 before 9).
      `select id::text, topic, key, payload, headers, (extract(epoch from coalesce(event_time, created_at)) * 1000)::float8 as event_time_ms
         from outbox where published_at is null order by outbox.id limit $1`,
      [limit],
    );
    if (rows.length > 0) {
      await publish(rows.map((row) => ({ id: row.id, topic: row.topic, key: row.key, value: new Uint8Array(row.payload), headers: row.headers, timestampMs: Math.round(row.event_time_ms) })));
      await client.query('update outbox set published_at = now() where id = any($1::bigint[])', [rows.map((row) => row.id)]);
    }
    await client.query('commit');
    return rows.length;
  }

  async pendingCount(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('select count(*) as n from outbox where published_at is null');
    return Number(rows[0].n);
  }

  async prunePublished(beforeMs: number): Promise<number> {
    const { rowCount } = await this.pool.query('delete from outbox where published_at < $1', [new Date(beforeMs)]);
    return rowCount ?? 0;
  }
}
