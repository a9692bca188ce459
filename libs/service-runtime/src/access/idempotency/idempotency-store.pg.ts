/**
 * IdempotencyStore in PostgreSQL (table idempotency_key, migration 1764500600000). `begin` is one
 * statement, so two replicas receiving the same retry at once cannot both start it: the insert wins
 * for one, and takes over a row only once it has expired.
 */
import type { Pool } from 'pg';

import type { BeginOutcome, IdempotencyStore, IdempotentRequest, StoredResponse } from './idempotency-store.port';

interface KeyRow {
  fingerprint: string;
  status: number | null;
  content_type: string | null;
  body: string | null;
}

export class PgIdempotencyStore implements IdempotencyStore {
  constructor(private readonly pool: Pool) {}

  async begin(request: IdempotentRequest): Promise<BeginOutcome> {
    const claimed = await this.pool.query(
      `insert into idempotency_key (subject, idempotency_key, fingerprint, created_at, expires_at)
       values ($1, $2, $3, $4, $5)
       on conflict (subject, idempotency_key) do update
         set fingerprint = excluded.fingerprint, created_at = excluded.created_at, expires_at = excluded.expires_at,
             status = null, content_type = null, body = null, completed_at = null
         where idempotency_key.expires_at <= excluded.created_at
       returning 1`,
      [request.subject, request.key, request.fingerprint, new Date(request.nowTs), new Date(request.expiresTs)],
    );
    if (claimed.rowCount === 1) return { outcome: 'started' };
    const { rows } = await this.pool.query<KeyRow>('select fingerprint, status, content_type, body from idempotency_key where subject = $1 and idempotency_key = $2', [request.subject, request.key]);
    const row = rows[0];
    // Released between the two statements: the caller may simply try again.
    if (!row) return { outcome: 'in-progress' };
    if (row.fingerprint !== request.fingerprint) return { outcome: 'mismatch' };
    if (row.status === null) return { outcome: 'in-progress' };
    return { outcome: 'replay', response: { status: row.status, body: row.body ?? '', ...(row.content_type === null ? {} : { contentType: row.content_type }) } };
  }

  async complete(subject: string, key: string, response: StoredResponse): Promise<void> {
    await this.pool.query('update idempotency_key set status = $3, content_type = $4, body = $5, completed_at = now() where subject = $1 and idempotency_key = $2', [
      subject,
      key,
      response.status,
      response.contentType ?? null,
      response.body,
    ]);
  }

  async release(subject: string, key: string): Promise<void> {
    await this.pool.query('delete from idempotency_key where subject = $1 and idempotency_key = $2 and status is null', [subject, key]);
  }

  async purgeExpired(nowTs: number): Promise<number> {
    const result = await this.pool.query('delete from idempotency_key where expires_at <= $1', [new Date(nowTs)]);
    return result.rowCount ?? 0;
  }
}
