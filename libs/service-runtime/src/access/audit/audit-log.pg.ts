/** AuditLog in PostgreSQL (table audit_log, migration 1764500600000), one row per command. */
import type { Pool } from 'pg';

import type { AuditEntry, AuditLog, AuditQuery } from './audit-log.port';

interface AuditRow {
  at: Date;
  service: string;
  request_id: string;
  subject: string | null;
  roles: string[];
  method: string;
  route: string;
  path: string;
  target_ids: string[];
  status: number;
  error: string | null;
  duration_ms: number;
}

export class PgAuditLog implements AuditLog {
  constructor(private readonly pool: Pool) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.pool.query(
      `insert into audit_log (at, service, request_id, subject, roles, method, route, path, target_ids, status, error, duration_ms)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [new Date(entry.at), entry.service, entry.requestId, entry.subject ?? null, [...entry.roles], entry.method, entry.route, entry.path, [...entry.targetIds], entry.status, entry.error ?? null, Math.round(entry.durationMs)],
    );
  }

  async list(query: AuditQuery): Promise<AuditEntry[]> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (query.fromTs !== undefined) where('at >= ?', new Date(query.fromTs));
    if (query.toTs !== undefined) where('at < ?', new Date(query.toTs));
    if (query.service !== undefined) where('service = ?', query.service);
    if (query.subject !== undefined) where('subject = ?', query.subject);
    values.push(query.limit);
    const { rows } = await this.pool.query<AuditRow>(
      `select at, service, request_id, subject, roles, method, route, path, target_ids, status, error, duration_ms
         from audit_log ${conditions.length > 0 ? `where ${conditions.join(' and ')}` : ''}
        order by at desc, id desc limit $${values.length}`,
      values,
    );
    return rows.map((row) => ({
      at: row.at.getTime(),
      service: row.service,
      requestId: row.request_id,
      ...(row.subject === null ? {} : { subject: row.subject }),
      roles: row.roles,
      method: row.method,
      route: row.route,
      path: row.path,
      targetIds: row.target_ids,
      status: row.status,
      ...(row.error === null ? {} : { error: row.error }),
      durationMs: row.duration_ms,
    }));
  }
}
