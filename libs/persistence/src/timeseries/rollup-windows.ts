/**
 * Which rollup buckets a periodic refresh recomputes, given the previous refresh: every 1-minute bucket
 * that may have changed, the open minute included (node state and liveness read it), but a
 * quarter-hour or hour bucket only once it has closed. Re-aggregating the open quarter-hour and hour
 * every minute made the refresh's cost grow with the hour (at 100,000 segments it stalled ingestion
 * for seconds); nothing reads an open one (forecasting learns complete quarter-hours).
 *
 * `settledBeforeTs` is the earliest reading time that may have arrived since the previous refresh
 * without being marked late (previous refresh time − the late threshold): older readings mark their
 * interval dirty and are re-aggregated from there.
 */
export interface RollupWidth {
  readonly table: string;
  readonly widthMs: number;
  /** Also refresh the bucket still open at `nowTs` (it is refreshed again when it closes). */
  readonly includeOpen: boolean;
}

export const RECENT_ROLLUPS: readonly RollupWidth[] = [
  { table: 'telemetry_1m', widthMs: 60_000, includeOpen: true },
  { table: 'telemetry_15m', widthMs: 15 * 60_000, includeOpen: false },
  { table: 'telemetry_1h', widthMs: 3_600_000, includeOpen: false },
];

export interface RollupWindow {
  readonly table: string;
  /** Whole buckets: [fromTs, toTs), both on the table's bucket boundaries, epoch ms. */
  readonly fromTs: number;
  readonly toTs: number;
}

/** The non-empty windows to refresh: buckets that end after `settledBeforeTs` and have closed by `nowTs` (or are open, where asked). */
export function recentRollupWindows(settledBeforeTs: number, nowTs: number, rollups: readonly RollupWidth[] = RECENT_ROLLUPS): RollupWindow[] {
  const windows: RollupWindow[] = [];
  for (const { table, widthMs, includeOpen } of rollups) {
    // A bucket [b, b + w) ends after settledBeforeTs iff b ≥ floor(settledBeforeTs / w) · w.
    const fromTs = Math.floor(settledBeforeTs / widthMs) * widthMs;
    const toTs = (includeOpen ? Math.ceil(nowTs / widthMs) : Math.floor(nowTs / widthMs)) * widthMs;
    if (toTs > fromTs) windows.push({ table, fromTs, toTs });
  }
  return windows;
}

/**
 * Where the first refresh after a (re)start begins: far enough back for liveness (`offlineAfterMs`),
 * and from the latest hourly bucket already rolled up, so the quarter-hours and the hour that were
 * still open when the previous process stopped get rolled up too (the periodic refresh above only
 * refreshes a closed one once, around its closing). Without any hourly bucket (a new database, or rollups
 * emptied by hand) it rebuilds from the oldest reading still accepted (`lateWindowMs`); never further back.
 */
export function resumeRefreshFromTs(nowTs: number, latestHourBucketTs: number | undefined, offlineAfterMs: number, lateWindowMs: number): number {
  const resumeTs = latestHourBucketTs ?? nowTs - lateWindowMs;
  return Math.max(nowTs - lateWindowMs, Math.min(nowTs - offlineAfterMs, resumeTs));
}
