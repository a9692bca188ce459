/**
 * Forecasts in PostgreSQL: the adapter of the cycle's IssuedForecasts and of the endpoints'
 * ForecastHistory (contract: forecast-store.contract.ts). Segment rows go first, in chunks; the node
 * rows and the issue row last, in one transaction: readers join on the issue row, so a half-written
 * issue is never served.
 */
import { QUANTILE_LEVELS } from '@trottoir/forecasting-domain';
import type { FlowForecasts, ForecastGrid, NodeForecastResult, SegmentForecastResult } from '@trottoir/forecasting-domain';
import type { Queryable } from '@trottoir/persistence';
import type { Pool } from 'pg';

import type { ForecastHistory, StoredForecast } from '../api/forecast-history.port';
import type { IssuedForecasts, IssueWriteMeta } from '../cycle/issued-forecasts.port';
import { blobToSeries, seriesToBlob } from './quantile-blob';

/** Rows per INSERT: ~2,500 parameters and ~6 MB per statement. */
const ROWS_PER_STATEMENT = 500;

interface IssueRow {
  issued_at: Date;
  start_ts: Date;
  interval_ms: number;
  steps: number;
  levels: number[];
  model_version: string;
  pv_w: Buffer;
  lights_w: Buffer;
  ev_w: Buffer;
}

export class PgForecastStore implements IssuedForecasts, ForecastHistory {
  constructor(private readonly pool: Pool) {}

  async writeSegments(issuedAt: number, segments: readonly SegmentForecastResult[]): Promise<void> {
    await insertRows(this.pool, 'forecast_segment (segment_id, issued_at, grid_node_id, pv_w, lights_w, ev_w)', 'segment_id', issuedAt, segments, (segment) => [
      segment.segmentId,
      segment.gridNodeId,
      ...blobsOf(segment),
    ]);
  }

  async writeIssue(issue: { grid: ForecastGrid; nodes: readonly NodeForecastResult[]; segmentCount: number }, meta: IssueWriteMeta): Promise<boolean> {
    const { grid, nodes } = issue;
    const levels = nodes[0]?.pvW.levels ?? QUANTILE_LEVELS;
    const issuedAt = new Date(grid.issuedAt);
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const inserted = await client.query(
        `insert into forecast_issue (issued_at, start_ts, interval_ms, steps, levels, model_version, segments, nodes, weather_locations, duration_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) on conflict (issued_at) do nothing`,
        [issuedAt, new Date(grid.startTs), grid.stepMs, grid.steps, levels, meta.modelVersion, issue.segmentCount, nodes.length, meta.weatherLocations, Math.round(meta.durationMs)],
      );
      if (inserted.rowCount === 0) {
        await client.query('rollback');
        return false;
      }
      await insertRows(client, 'forecast_node (node_id, issued_at, segments, pv_w, lights_w, ev_w)', 'node_id', grid.issuedAt, nodes, (node) => [node.nodeId, node.segments, ...blobsOf(node)]);
      await client.query('commit');
      return true;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The latest issue time stored, if any (no use case asks yet; the contract suite does). */
  async latestIssuedAt(): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ issued_at: Date | null }>('select max(issued_at) as issued_at from forecast_issue');
    return rows[0]?.issued_at?.getTime() ?? undefined;
  }

  async nodeForecast(nodeId: string, asOfIssuedAt?: number): Promise<StoredForecast | undefined> {
    const row = await this.latestRow<{ segments: number }>('forecast_node', 'node_id', 'segments', nodeId, asOfIssuedAt);
    return row ? { ...fromRow(nodeId, row), segments: row.segments } : undefined;
  }

  async segmentForecast(segmentId: string, asOfIssuedAt?: number): Promise<StoredForecast | undefined> {
    const row = await this.latestRow<{ grid_node_id: string }>('forecast_segment', 'segment_id', 'grid_node_id', segmentId, asOfIssuedAt);
    return row ? { ...fromRow(segmentId, row), gridNodeId: row.grid_node_id } : undefined;
  }

  /** The row of `id` in `table` joined to its issue, latest at or before `asOfIssuedAt`. */
  private async latestRow<Extra extends object>(table: 'forecast_node' | 'forecast_segment', idColumn: string, extraColumn: string, id: string, asOfIssuedAt?: number): Promise<(IssueRow & Extra) | undefined> {
    const { rows } = await this.pool.query<IssueRow & Extra>(
      `select i.issued_at, i.start_ts, i.interval_ms, i.steps, i.levels, i.model_version, f.${extraColumn}, f.pv_w, f.lights_w, f.ev_w
         from ${table} f join forecast_issue i on i.issued_at = f.issued_at
        where f.${idColumn} = $1 and ($2::timestamptz is null or f.issued_at <= $2)
        order by f.issued_at desc limit 1`,
      [id, asOfIssuedAt === undefined ? null : new Date(asOfIssuedAt)],
    );
    return rows[0];
  }

  async pruneSegments(beforeTs: number): Promise<number> {
    const result = await this.pool.query('delete from forecast_segment where issued_at < $1', [new Date(beforeTs)]);
    return result.rowCount ?? 0;
  }
}

function blobsOf(forecast: FlowForecasts): Buffer[] {
  return [seriesToBlob(forecast.pvW), seriesToBlob(forecast.lightsW), seriesToBlob(forecast.evW)];
}

/**
 * Inserts forecast rows, `ROWS_PER_STATEMENT` at a time: (id, issued_at, …the row's other values) with
 * one placeholder per value, not unnest(bytea[]): node-postgres sends a Buffer parameter as binary but
 * an array of them as hex text, which doubled the bytes and took most of a cycle's store time.
 */
async function insertRows<T>(db: Queryable, target: string, idColumn: string, issuedAt: number, items: readonly T[], valuesOf: (item: T) => unknown[]): Promise<void> {
  for (let from = 0; from < items.length; from += ROWS_PER_STATEMENT) {
    const rows = items.slice(from, from + ROWS_PER_STATEMENT).map(valuesOf);
    const params: unknown[] = [new Date(issuedAt)];
    const tuples = rows.map(([id, ...rest]) => {
      params.push(id);
      const placeholders = [`$${params.length}`, '$1'];
      for (const value of rest) {
        params.push(value);
        placeholders.push(`$${params.length}`);
      }
      return `(${placeholders.join(', ')})`;
    });
    await db.query(`insert into ${target} values ${tuples.join(', ')} on conflict (${idColumn}, issued_at) do nothing`, params);
  }
}

function fromRow(id: string, row: IssueRow): StoredForecast {
  const levels = row.levels.map(Number);
  return {
    id,
    issuedAt: row.issued_at.getTime(),
    startTs: row.start_ts.getTime(),
    intervalMs: row.interval_ms,
    steps: row.steps,
    levels,
    modelVersion: row.model_version,
    pvW: blobToSeries(row.pv_w, levels, row.steps),
    lightsW: blobToSeries(row.lights_w, levels, row.steps),
    evW: blobToSeries(row.ev_w, levels, row.steps),
  };
}
