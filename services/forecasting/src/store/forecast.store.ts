/**
 * Forecasts in PostgreSQL. An issue is written once and never updated: a new issue time is a new
 * belief. Segment rows go first, in chunks; the node rows and the issue row last, in one transaction:
 * readers join on the issue row, so a half-written issue is never served. Reads answer "the latest
 * issue at or before t" for one node or segment.
 */
import { QUANTILE_LEVELS } from '@trottoir/forecasting-domain';
import type { ForecastGrid, NodeForecastResult, QuantileSeries, SegmentForecastResult } from '@trottoir/forecasting-domain';
import type { Pool } from 'pg';

import { blobToSeries, seriesToBlob } from './quantile-blob';

/** Segment rows per INSERT: keeps each statement's parameters to a few MB. */
const SEGMENT_ROWS_PER_STATEMENT = 2_000;

export interface IssueMeta {
  readonly issuedAt: number;
  readonly startTs: number;
  readonly intervalMs: number;
  readonly steps: number;
  readonly levels: readonly number[];
  readonly modelVersion: string;
}

export interface StoredForecast extends IssueMeta {
  readonly id: string;
  readonly gridNodeId?: string;
  readonly segments?: number;
  readonly pvW: QuantileSeries;
  readonly lightsW: QuantileSeries;
  readonly evW: QuantileSeries;
}

export interface IssueWriteMeta {
  readonly modelVersion: string;
  readonly durationMs: number;
  readonly weatherLocations: number;
}

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

export class ForecastStore {
  constructor(private readonly pool: Pool) {}

  /**
   * Writes segment forecasts of an issue (a chunk at a time). They are invisible to readers until the
   * issue row is written by `writeIssue`, which therefore comes last; a chunk written again is a no-op.
   */
  async writeSegments(issuedAt: number, segments: readonly SegmentForecastResult[]): Promise<void> {
    for (let from = 0; from < segments.length; from += SEGMENT_ROWS_PER_STATEMENT) {
      const chunk = segments.slice(from, from + SEGMENT_ROWS_PER_STATEMENT);
      await this.pool.query(
        `insert into forecast_segment (segment_id, issued_at, grid_node_id, pv_w, lights_w, ev_w)
         select segment_id, $2, grid_node_id, pv_w, lights_w, ev_w
           from unnest($1::text[], $3::text[], $4::bytea[], $5::bytea[], $6::bytea[]) as s(segment_id, grid_node_id, pv_w, lights_w, ev_w)
         on conflict (segment_id, issued_at) do nothing`,
        [
          chunk.map((segment) => segment.segmentId),
          new Date(issuedAt),
          chunk.map((segment) => segment.gridNodeId),
          chunk.map((segment) => seriesToBlob(segment.pvW)),
          chunk.map((segment) => seriesToBlob(segment.lightsW)),
          chunk.map((segment) => seriesToBlob(segment.evW)),
        ],
      );
    }
  }

  /** Writes the node forecasts and the issue row in one transaction; false when that issue time was already stored. */
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
      await client.query(
        `insert into forecast_node (node_id, issued_at, segments, pv_w, lights_w, ev_w)
         select node_id, $2, segments, pv_w, lights_w, ev_w
           from unnest($1::text[], $3::int[], $4::bytea[], $5::bytea[], $6::bytea[]) as n(node_id, segments, pv_w, lights_w, ev_w)`,
        [
          nodes.map((node) => node.nodeId),
          issuedAt,
          nodes.map((node) => node.segments),
          nodes.map((node) => seriesToBlob(node.pvW)),
          nodes.map((node) => seriesToBlob(node.lightsW)),
          nodes.map((node) => seriesToBlob(node.evW)),
        ],
      );
      await client.query('commit');
      return true;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** The latest issue time stored, if any. */
  async latestIssuedAt(): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ issued_at: Date | null }>('select max(issued_at) as issued_at from forecast_issue');
    return rows[0]?.issued_at?.getTime() ?? undefined;
  }

  /** The node's latest forecast issued at or before `asOfIssuedAt` (the latest of all without it). */
  async nodeForecast(nodeId: string, asOfIssuedAt?: number): Promise<StoredForecast | undefined> {
    const { rows } = await this.pool.query<IssueRow & { segments: number }>(
      `select i.issued_at, i.start_ts, i.interval_ms, i.steps, i.levels, i.model_version, n.segments, n.pv_w, n.lights_w, n.ev_w
         from forecast_node n join forecast_issue i on i.issued_at = n.issued_at
        where n.node_id = $1 and ($2::timestamptz is null or n.issued_at <= $2)
        order by n.issued_at desc limit 1`,
      [nodeId, asOfIssuedAt === undefined ? null : new Date(asOfIssuedAt)],
    );
    const row = rows[0];
    return row ? { ...fromRow(nodeId, row), segments: row.segments } : undefined;
  }

  /** The segment's latest forecast issued at or before `asOfIssuedAt`. */
  async segmentForecast(segmentId: string, asOfIssuedAt?: number): Promise<StoredForecast | undefined> {
    const { rows } = await this.pool.query<IssueRow & { grid_node_id: string }>(
      `select i.issued_at, i.start_ts, i.interval_ms, i.steps, i.levels, i.model_version, s.grid_node_id, s.pv_w, s.lights_w, s.ev_w
         from forecast_segment s join forecast_issue i on i.issued_at = s.issued_at
        where s.segment_id = $1 and ($2::timestamptz is null or s.issued_at <= $2)
        order by s.issued_at desc limit 1`,
      [segmentId, asOfIssuedAt === undefined ? null : new Date(asOfIssuedAt)],
    );
    const row = rows[0];
    return row ? { ...fromRow(segmentId, row), gridNodeId: row.grid_node_id } : undefined;
  }

  /** Drops per-segment forecasts issued before `beforeTs` (retention; node forecasts stay). */
  async pruneSegments(beforeTs: number): Promise<number> {
    const result = await this.pool.query('delete from forecast_segment where issued_at < $1', [new Date(beforeTs)]);
    return result.rowCount ?? 0;
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
