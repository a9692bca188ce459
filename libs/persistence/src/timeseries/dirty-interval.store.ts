// Marks 15-minute intervals touched by late telemetry so rollups (and later settlement) are
// recomputed for them, and hands them back to whoever refreshes. Marking again an interval that
// is already marked just moves its marked_at, so a refresh in progress never loses a newer mark.
import { ISP_MS } from '@trottoir/kernel';
import type { Queryable, TimeSeriesSchema } from './time-series.schema';

export const DIRTY_INTERVAL_MS = ISP_MS;

export interface DirtyInterval {
  readonly bucketStartTs: number;
  /** marked_at as PostgreSQL prints it: exact to the microsecond, unlike a JS Date, so `clear` can compare it. */
  readonly markedAt: string;
}

export class DirtyIntervalStore {
  constructor(private readonly db: Queryable) {}

  /** Marks the 15-minute intervals containing each of `tsList` (epoch ms). */
  async mark(tsList: Iterable<number>): Promise<void> {
    const buckets = new Set<number>();
    for (const ts of tsList) buckets.add(Math.floor(ts / DIRTY_INTERVAL_MS) * DIRTY_INTERVAL_MS);
    if (buckets.size === 0) return;
    await this.db.query(
      `insert into telemetry_dirty_interval (bucket_start)
         select unnest($1::timestamptz[])
       on conflict (bucket_start) do update set marked_at = now()`,
      [[...buckets].sort((a, b) => a - b).map((bucket) => new Date(bucket))],
    );
  }

  /** The oldest marked intervals, at most `limit`. */
  async list(limit: number): Promise<DirtyInterval[]> {
    const { rows } = await this.db.query<{ bucket_start: Date; marked_at: string }>(
      'select bucket_start, marked_at::text as marked_at from telemetry_dirty_interval order by bucket_start limit $1',
      [limit],
    );
    return rows.map((row) => ({ bucketStartTs: row.bucket_start.getTime(), markedAt: row.marked_at }));
  }

  /** Removes intervals handled by a refresh, unless they were marked again since they were listed. */
  async clear(intervals: readonly DirtyInterval[]): Promise<number> {
    if (intervals.length === 0) return 0;
    const result = await this.db.query(
      `delete from telemetry_dirty_interval d
        using unnest($1::timestamptz[], $2::text[]) as handled(bucket_start, marked_at)
        where d.bucket_start = handled.bucket_start and d.marked_at = handled.marked_at::timestamptz`,
      [intervals.map((interval) => new Date(interval.bucketStartTs)), intervals.map((interval) => interval.markedAt)],
    );
    return result.rowCount ?? 0;
  }
}

/** Refreshes the rollups of up to `limit` dirty intervals and clears them; returns how many were handled. */
export async function refreshDirtyIntervals(
  schema: TimeSeriesSchema,
  store: DirtyIntervalStore,
  limit = 100,
): Promise<number> {
  const intervals = await store.list(limit);
  for (const interval of intervals) {
    await schema.refreshRollups(interval.bucketStartTs, interval.bucketStartTs + DIRTY_INTERVAL_MS);
  }
  await store.clear(intervals);
  return intervals.length;
}
