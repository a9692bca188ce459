/**
 * StatementStore in PostgreSQL (migration 1764500750000-settlement): settlement_order, settlement_statement,
 * settlement_statement_version (append-only), settlement_cursor. A version is inserted only when it is the
 * next one, in one statement, so that two replicas deciding on the same latest version cannot both append.
 */
import type { Pool } from 'pg';

import type { AllocationPeriod, FollowedOrder, InputExtent, StatementKind, StatementSummary, StatementVersionRecord } from './statement-records';
import type { SaveOutcome, StatementStore } from './statement-store.port';

type Queryable = Pick<Pool, 'query'>;

interface VersionRow {
  statement_id: string;
  kind: StatementKind;
  order_id: string | null;
  node_id: string;
  dso_id: string;
  version: number;
  content_sha256: string;
  document: string;
  changes: string | null;
  data_change_id: string;
  data_as_of: Date;
  issued_at: Date;
  published_at: Date | null;
}

const VERSION_COLUMNS = `v.statement_id, s.kind, s.order_id, s.node_id, s.dso_id, v.version, v.content_sha256, v.document, v.changes,
  v.data_change_id::text as data_change_id, v.data_as_of, v.issued_at, v.published_at`;

function versionOf(row: VersionRow): StatementVersionRecord {
  return {
    statementId: row.statement_id,
    kind: row.kind,
    ...(row.order_id === null ? {} : { orderId: row.order_id }),
    nodeId: row.node_id,
    dsoId: row.dso_id,
    version: row.version,
    contentSha256: row.content_sha256,
    document: row.document,
    ...(row.changes === null ? {} : { changes: row.changes }),
    dataChangeId: Number(row.data_change_id),
    dataAsOf: row.data_as_of.getTime(),
    issuedAt: row.issued_at.getTime(),
    ...(row.published_at === null ? {} : { publishedAt: row.published_at.getTime() }),
  };
}

function summariesOf(rows: VersionRow[]): StatementSummary[] {
  const byId = new Map<string, StatementSummary & { versions: StatementVersionRecord[] }>();
  for (const row of rows) {
    let summary = byId.get(row.statement_id);
    if (!summary) byId.set(row.statement_id, (summary = { statementId: row.statement_id, kind: row.kind, ...(row.order_id === null ? {} : { orderId: row.order_id }), nodeId: row.node_id, dsoId: row.dso_id, versions: [] }));
    summary.versions.push(versionOf(row));
  }
  return [...byId.values()];
}

export class PgStatementStore implements StatementStore {
  constructor(private readonly db: Queryable) {}

  async followOrder(order: { orderId: string; nodeId: string; acceptedAt: number }): Promise<SaveOutcome> {
    const result = await this.db.query(
      'insert into settlement_order (order_id, node_id, accepted_at) values ($1, $2, $3) on conflict (order_id) do nothing',
      [order.orderId, order.nodeId, new Date(order.acceptedAt)],
    );
    return result.rowCount === 1 ? 'inserted' : 'duplicate';
  }

  async pendingOrders(nowTs: number, limit: number): Promise<FollowedOrder[]> {
    const { rows } = await this.db.query<{ order_id: string; node_id: string; accepted_at: Date; due_at: Date | null; attempts: number; last_error: string }>(
      `select order_id, node_id, accepted_at, due_at, attempts, last_error from settlement_order
        where pending and (due_at is null or due_at <= $1)
        order by due_at nulls first, order_id limit $2`,
      [new Date(nowTs), limit],
    );
    return rows.map((row) => ({
      orderId: row.order_id,
      nodeId: row.node_id,
      acceptedAt: row.accepted_at.getTime(),
      ...(row.due_at === null ? {} : { dueAt: row.due_at.getTime() }),
      attempts: row.attempts,
      lastError: row.last_error,
    }));
  }

  async planOrder(orderId: string, dueAt: number): Promise<void> {
    await this.db.query('update settlement_order set due_at = $2 where order_id = $1', [orderId, new Date(dueAt)]);
  }

  async waitingOrders(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('select count(*)::int as n from settlement_order where pending and attempts > 0');
    return rows[0].n;
  }

  async deferOrder(orderId: string, reason: string, retryAt: number): Promise<void> {
    await this.db.query('update settlement_order set attempts = attempts + 1, last_error = $2, due_at = greatest(coalesce(due_at, $3), $3) where order_id = $1', [orderId, reason, new Date(retryAt)]);
  }

  async orderSettled(orderId: string, extent: InputExtent): Promise<void> {
    await this.db.query(
      `update settlement_order set pending = false, attempts = 0, last_error = '', data_from = $2, data_to = $3, baseline_days = $4
        where order_id = $1`,
      [orderId, new Date(extent.dataFromTs), new Date(extent.dataToTs), [...extent.baselineDays]],
    );
  }

  async followAllocationPeriod(period: { nodeId: string; month: string; dueAt: number }): Promise<SaveOutcome> {
    const result = await this.db.query(
      'insert into settlement_allocation_period (node_id, month, due_at) values ($1, $2, $3) on conflict (node_id, month) do nothing',
      [period.nodeId, period.month, new Date(period.dueAt)],
    );
    return result.rowCount === 1 ? 'inserted' : 'duplicate';
  }

  async pendingAllocationPeriods(nowTs: number, limit: number): Promise<AllocationPeriod[]> {
    const { rows } = await this.db.query<{ node_id: string; month: string; due_at: Date; attempts: number; last_error: string }>(
      `select node_id, month, due_at, attempts, last_error from settlement_allocation_period
        where pending and due_at <= $1 order by due_at, node_id limit $2`,
      [new Date(nowTs), limit],
    );
    return rows.map((row) => ({ nodeId: row.node_id, month: row.month, dueAt: row.due_at.getTime(), attempts: row.attempts, lastError: row.last_error }));
  }

  async deferAllocationPeriod(nodeId: string, month: string, reason: string, retryAt: number): Promise<void> {
    await this.db.query('update settlement_allocation_period set attempts = attempts + 1, last_error = $3, due_at = greatest(due_at, $4) where node_id = $1 and month = $2', [nodeId, month, reason, new Date(retryAt)]);
  }

  async allocationPeriodSettled(nodeId: string, month: string, extent: { dataFromTs: number; dataToTs: number }): Promise<void> {
    await this.db.query(
      `update settlement_allocation_period set pending = false, attempts = 0, last_error = '', data_from = $3, data_to = $4 where node_id = $1 and month = $2`,
      [nodeId, month, new Date(extent.dataFromTs), new Date(extent.dataToTs)],
    );
  }

  async reopenAllocationPeriods(nodeId: string, fromTs: number, toTs: number): Promise<number> {
    const result = await this.db.query(
      'update settlement_allocation_period set pending = true where node_id = $1 and not pending and data_from < $3 and data_to > $2',
      [nodeId, new Date(fromTs), new Date(toTs)],
    );
    return result.rowCount ?? 0;
  }

  async allocationStatements(nodeId: string, month: string): Promise<StatementSummary[]> {
    const { rows } = await this.db.query<VersionRow>(
      `select ${VERSION_COLUMNS} from settlement_statement_version v join settlement_statement s using (statement_id)
        where s.kind = 'allocation' and s.node_id = $1 and starts_with(s.statement_id, $2) order by v.statement_id, v.version`,
      [nodeId, `allocation-${nodeId}-${month}-`],
    );
    return summariesOf(rows);
  }

  async resettleFor(changes: readonly { bucketStartTs: number; localDay: string }[], bucketMs: number): Promise<number> {
    if (changes.length === 0) return 0;
    const periods = await this.db.query(
      `update settlement_allocation_period p set pending = true
         from unnest($1::timestamptz[]) as c(bucket_start)
        where not p.pending and p.data_from < c.bucket_start + $2 * interval '1 millisecond' and p.data_to > c.bucket_start`,
      [changes.map((c) => new Date(c.bucketStartTs)), bucketMs],
    );
    const result = await this.db.query(
      `update settlement_order o set pending = true
         from unnest($1::timestamptz[], $2::text[]) as c(bucket_start, local_day)
        where not o.pending
          and ((o.data_from < c.bucket_start + $3 * interval '1 millisecond' and o.data_to > c.bucket_start) or c.local_day = any (o.baseline_days))`,
      [changes.map((c) => new Date(c.bucketStartTs)), changes.map((c) => c.localDay), bucketMs],
    );
    return (result.rowCount ?? 0) + (periods.rowCount ?? 0);
  }

  async latestVersion(statementId: string): Promise<StatementVersionRecord | undefined> {
    const { rows } = await this.db.query<VersionRow>(
      `select ${VERSION_COLUMNS} from settlement_statement_version v join settlement_statement s using (statement_id)
        where v.statement_id = $1 order by v.version desc limit 1`,
      [statementId],
    );
    return rows[0] ? versionOf(rows[0]) : undefined;
  }

  async appendVersion(record: StatementVersionRecord): Promise<'inserted' | 'conflict'> {
    await this.db.query(
      `insert into settlement_statement (statement_id, kind, order_id, node_id, dso_id, created_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (statement_id) do nothing`,
      [record.statementId, record.kind, record.orderId ?? null, record.nodeId, record.dsoId, new Date(record.issuedAt)],
    );
    const result = await this.db.query(
      `insert into settlement_statement_version (statement_id, version, content_sha256, document, changes, data_change_id, data_as_of, issued_at)
       select $1, $2, $3, $4, $5, $6, $7, $8
        where (select coalesce(max(version), 0) from settlement_statement_version where statement_id = $1) = $2 - 1
       on conflict (statement_id, version) do nothing`,
      [record.statementId, record.version, record.contentSha256, record.document, record.changes ?? null, record.dataChangeId, new Date(record.dataAsOf), new Date(record.issuedAt)],
    );
    return result.rowCount === 1 ? 'inserted' : 'conflict';
  }

  async unpublishedVersions(limit: number): Promise<StatementVersionRecord[]> {
    const { rows } = await this.db.query<VersionRow>(
      `select ${VERSION_COLUMNS} from settlement_statement_version v join settlement_statement s using (statement_id)
        where v.published_at is null order by v.issued_at, v.statement_id, v.version limit $1`,
      [limit],
    );
    return rows.map(versionOf);
  }

  async markPublished(statementId: string, version: number, publishedAt: number): Promise<void> {
    await this.db.query('update settlement_statement_version set published_at = $3 where statement_id = $1 and version = $2 and published_at is null', [statementId, version, new Date(publishedAt)]);
  }

  async statementsOfOrder(orderId: string): Promise<StatementSummary[]> {
    const { rows } = await this.db.query<VersionRow>(
      `select ${VERSION_COLUMNS} from settlement_statement_version v join settlement_statement s using (statement_id)
        where s.order_id = $1 order by v.statement_id, v.version`,
      [orderId],
    );
    return summariesOf(rows);
  }

  async statement(statementId: string): Promise<StatementSummary | undefined> {
    const { rows } = await this.db.query<VersionRow>(
      `select ${VERSION_COLUMNS} from settlement_statement_version v join settlement_statement s using (statement_id)
        where v.statement_id = $1 order by v.version`,
      [statementId],
    );
    return summariesOf(rows)[0];
  }

  async orderScope(orderId: string): Promise<{ nodeId: string } | undefined> {
    const { rows } = await this.db.query<{ node_id: string }>(
      `select node_id from settlement_order where order_id = $1
       union all select node_id from settlement_statement where order_id = $1 limit 1`,
      [orderId],
    );
    return rows[0] ? { nodeId: rows[0].node_id } : undefined;
  }

  async statementScope(statementId: string): Promise<{ nodeId: string } | undefined> {
    const { rows } = await this.db.query<{ node_id: string }>('select node_id from settlement_statement where statement_id = $1', [statementId]);
    return rows[0] ? { nodeId: rows[0].node_id } : undefined;
  }

  async cursor(name: string): Promise<number> {
    const { rows } = await this.db.query<{ position: string }>('select position::text as position from settlement_cursor where name = $1', [name]);
    return rows[0] ? Number(rows[0].position) : 0;
  }

  async moveCursor(name: string, position: number): Promise<void> {
    await this.db.query(
      `insert into settlement_cursor (name, position) values ($1, $2)
       on conflict (name) do update set position = greatest(settlement_cursor.position, excluded.position)`,
      [name, position],
    );
  }
}
