/**
 * What the node-state cycle needs of stored telemetry: the rollups brought up to date (at start from
 * far enough back, then each minute what may have changed, then the intervals late readings touched),
 * and the 1-minute rollup read back: the last complete minute of every segment and the latest minute
 * each one reported in. Adapters: PostgreSQL (`PgMinuteRollups`) and in memory
 * (`InMemoryMinuteRollups`, for unit specs); one contract suite, `minute-rollups.contract.ts`, runs
 * against both.
 */
import type { SegmentInterval } from '@trottoir/telemetry';

export const MINUTE_ROLLUPS = Symbol('MINUTE_ROLLUPS');

export interface MinuteRollups {
  /** Start of the latest hourly bucket rolled up (epoch ms), undefined when there is none. */
  latestHourBucketTs(): Promise<number | undefined>;
  /** Recomputes every bucket overlapping [fromTs, toTs) from the stored readings, widened to whole hours. */
  refreshRollups(fromTs: number, toTs: number): Promise<void>;
  /**
   * The periodic refresh: the 1-minute buckets that end after `settledBeforeTs`, the one still open
   * at `nowTs` included, and the quarter-hours and hours that closed since then (an open one is left
   * for when it closes).
   */
  refreshRecentRollups(settledBeforeTs: number, nowTs: number): Promise<void>;
  /** Recomputes the oldest `limit` intervals marked by late readings and unmarks them; returns how many. */
  refreshDirtyIntervals(limit: number): Promise<number>;
  /** Every segment's averages over the minute starting at `bucketTs`, as rolled up so far; in no particular order. */
  minute(bucketTs: number): Promise<SegmentInterval[]>;
  /**
   * The start of the latest minute rolled up for each segment, since `sinceTs` (older segments are
   * offline anyway, so the scan stays on recent buckets). Liveness therefore has a one-minute
   * resolution and errs on the old side: a reading counts from the start of its minute.
   */
  lastReadings(sinceTs: number): Promise<Map<string, number>>;
}
