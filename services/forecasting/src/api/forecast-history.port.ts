/**
 * What the forecast endpoints read: the beliefs as they were stored, "the latest issue at or before t"
 * of one grid node or segment. Adapters: PgForecastStore, InMemoryForecastStore (unit specs).
 */
import type { QuantileSeries } from '@trottoir/forecasting-domain';

export const FORECAST_HISTORY = Symbol('ForecastHistory');

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

export interface ForecastHistory {
  /** The node's latest forecast issued at or before `asOfIssuedAt` (the latest of all without it), with its segment count. */
  nodeForecast(nodeId: string, asOfIssuedAt?: number): Promise<StoredForecast | undefined>;
  /** The segment's latest forecast issued at or before `asOfIssuedAt`, with its grid node. */
  segmentForecast(segmentId: string, asOfIssuedAt?: number): Promise<StoredForecast | undefined>;
}
