/**
 * Forecasts in memory, for unit specs: the same contract as PgForecastStore (forecast-store.contract.ts).
 * Series are kept as float32, as the stored blobs are, and copied: the cycle reuses its buffers.
 */
import { QUANTILE_LEVELS } from '@trottoir/forecasting-domain';
import type { FlowForecasts, ForecastGrid, NodeForecastResult, QuantileSeries, SegmentForecastResult } from '@trottoir/forecasting-domain';

import type { ForecastHistory, IssueMeta, StoredForecast } from '../api/forecast-history.port';
import type { IssuedForecasts, IssueWriteMeta } from '../cycle/issued-forecasts.port';

interface KeptFlows {
  readonly pvW: Float32Array;
  readonly lightsW: Float32Array;
  readonly evW: Float32Array;
}

/** id → issue time → what was written for it. */
type Rows<Row> = Map<string, Map<number, Row>>;

export class InMemoryForecastStore implements IssuedForecasts, ForecastHistory {
  private readonly issues = new Map<number, IssueMeta>();
  private readonly nodes: Rows<{ segments: number; flows: KeptFlows }> = new Map();
  private readonly segments: Rows<{ gridNodeId: string; flows: KeptFlows }> = new Map();

  async writeSegments(issuedAt: number, segments: readonly SegmentForecastResult[]): Promise<void> {
    for (const segment of segments) keepOnce(this.segments, segment.segmentId, issuedAt, () => ({ gridNodeId: segment.gridNodeId, flows: kept(segment) }));
  }

  async writeIssue(issue: { grid: ForecastGrid; nodes: readonly NodeForecastResult[]; segmentCount: number }, meta: IssueWriteMeta): Promise<boolean> {
    const { grid } = issue;
    if (this.issues.has(grid.issuedAt)) return false;
    const levels = [...(issue.nodes[0]?.pvW.levels ?? QUANTILE_LEVELS)];
    this.issues.set(grid.issuedAt, { issuedAt: grid.issuedAt, startTs: grid.startTs, intervalMs: grid.stepMs, steps: grid.steps, levels, modelVersion: meta.modelVersion });
    for (const node of issue.nodes) keepOnce(this.nodes, node.nodeId, grid.issuedAt, () => ({ segments: node.segments, flows: kept(node) }));
    return true;
  }

  /** The latest issue time stored, if any. */
  async latestIssuedAt(): Promise<number | undefined> {
    return this.issues.size === 0 ? undefined : Math.max(...this.issues.keys());
  }

  async nodeForecast(nodeId: string, asOfIssuedAt?: number): Promise<StoredForecast | undefined> {
    const found = this.latest(this.nodes, nodeId, asOfIssuedAt);
    return found ? { ...stored(nodeId, found.issue, found.row.flows), segments: found.row.segments } : undefined;
  }

  async segmentForecast(segmentId: string, asOfIssuedAt?: number): Promise<StoredForecast | undefined> {
    const found = this.latest(this.segments, segmentId, asOfIssuedAt);
    return found ? { ...stored(segmentId, found.issue, found.row.flows), gridNodeId: found.row.gridNodeId } : undefined;
  }

  async pruneSegments(beforeTs: number): Promise<number> {
    let pruned = 0;
    for (const byIssue of this.segments.values()) {
      for (const issuedAt of byIssue.keys()) {
        if (issuedAt >= beforeTs) continue;
        byIssue.delete(issuedAt);
        pruned++;
      }
    }
    return pruned;
  }

  /** The row of `id` of the latest issue written whole at or before `asOfIssuedAt`. */
  private latest<Row>(rows: Rows<Row>, id: string, asOfIssuedAt?: number): { issue: IssueMeta; row: Row } | undefined {
    let found: { issue: IssueMeta; row: Row } | undefined;
    for (const [issuedAt, row] of rows.get(id) ?? []) {
      const issue = this.issues.get(issuedAt);
      if (!issue || (asOfIssuedAt !== undefined && issuedAt > asOfIssuedAt) || (found && found.issue.issuedAt > issuedAt)) continue;
      found = { issue, row };
    }
    return found;
  }
}

function keepOnce<Row>(rows: Rows<Row>, id: string, issuedAt: number, row: () => Row): void {
  const byIssue = rows.get(id) ?? new Map<number, Row>();
  rows.set(id, byIssue);
  if (!byIssue.has(issuedAt)) byIssue.set(issuedAt, row());
}

function kept(forecast: FlowForecasts): KeptFlows {
  return { pvW: Float32Array.from(forecast.pvW.values), lightsW: Float32Array.from(forecast.lightsW.values), evW: Float32Array.from(forecast.evW.values) };
}

function stored(id: string, issue: IssueMeta, flows: KeptFlows): StoredForecast {
  const series = (values: Float32Array): QuantileSeries => ({ levels: issue.levels, steps: issue.steps, values: Float64Array.from(values) });
  return { id, ...issue, pvW: series(flows.pvW), lightsW: series(flows.lightsW), evW: series(flows.evW) };
}
