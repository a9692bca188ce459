/**
 * Where the cycle keeps what it issued. An issue is written once and never updated (a new issue time is
 * a new belief), and becomes visible to readers only when `writeIssue` has written it whole.
 * Adapters: PgForecastStore, InMemoryForecastStore (unit specs).
 */
import type { ForecastGrid, NodeForecastResult, SegmentForecastResult } from '@trottoir/forecasting-domain';

export const ISSUED_FORECASTS = Symbol('IssuedForecasts');

export interface IssueWriteMeta {
  readonly modelVersion: string;
  readonly durationMs: number;
  readonly weatherLocations: number;
}

export interface IssuedForecasts {
  /**
   * Writes segment forecasts of an issue (a chunk at a time; the caller may reuse the chunk's buffers
   * once this returns). Invisible until `writeIssue`, which therefore comes last; a chunk written again is a no-op.
   */
  writeSegments(issuedAt: number, segments: readonly SegmentForecastResult[]): Promise<void>;
  /** Writes the node forecasts and the issue, all or nothing; false when that issue time was already stored. */
  writeIssue(issue: { grid: ForecastGrid; nodes: readonly NodeForecastResult[]; segmentCount: number }, meta: IssueWriteMeta): Promise<boolean>;
  /** Drops per-segment forecasts issued before `beforeTs` (retention; node forecasts stay); returns how many. */
  pruneSegments(beforeTs: number): Promise<number>;
}
