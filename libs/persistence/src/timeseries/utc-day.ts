// Pure time arithmetic behind daily partitions and rollup windows: UTC day starts, bucket-aligned
// windows, and which days of a batch still need a partition. Kept free of I/O so it is property-tested.
import { DAY_MS } from '@trottoir/kernel';

/** Start (epoch ms, UTC) of the day containing `ts`; floors negative epochs too. */
export function utcDayStart(ts: number): number {
  return Math.floor(ts / DAY_MS) * DAY_MS;
}

/** Distinct UTC day starts touched by `tsList`, ascending. */
export function distinctUtcDays(tsList: Iterable<number>): number[] {
  const days = new Set<number>();
  for (const ts of tsList) days.add(utcDayStart(ts));
  return [...days].sort((a, b) => a - b);
}

/**
 * Widens [fromTs, toTs) to whole buckets of `bucketMs` (UTC-aligned): the smallest aligned window
 * that contains the original. Timescale only refreshes buckets lying wholly inside the window, so a
 * late row at 10:07 must refresh 10:00–11:00, not 10:07–10:08.
 */
export function alignWindow(fromTs: number, toTs: number, bucketMs: number): { fromTs: number; toTs: number } {
  const from = Math.floor(fromTs / bucketMs) * bucketMs;
  const to = Math.ceil(toTs / bucketMs) * bucketMs;
  return { fromTs: from, toTs: Math.max(to, from + bucketMs) };
}

export interface PartitionHorizon {
  /** Days before today for which partitions are created on demand; older rows land in the default partition. */
  readonly maxPastDays: number;
  /** Days after today likewise: a device with a wrong clock must not create partitions for 2100. */
  readonly maxFutureDays: number;
}

/**
 * Day starts of `tsList` that need a partition: within the horizon around `nowTs` and not already
 * known to exist. Ascending, distinct.
 */
export function daysToEnsure(
  tsList: Iterable<number>,
  knownDays: ReadonlySet<number>,
  nowTs: number,
  horizon: PartitionHorizon,
): number[] {
  const today = utcDayStart(nowTs);
  const earliest = today - horizon.maxPastDays * DAY_MS;
  const latest = today + horizon.maxFutureDays * DAY_MS;
  return distinctUtcDays(tsList).filter((day) => day >= earliest && day <= latest && !knownDays.has(day));
}
